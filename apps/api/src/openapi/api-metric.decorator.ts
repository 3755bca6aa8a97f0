import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { GRANULARITIES, MAX_LIMIT } from '@credpulse/contracts';
import type { FilterSpec } from '../modules/analytics/filters/parsed-filters.js';
import { Policy } from '../modules/auth/policy.decorator.js';

// What each common filter means, for the OpenAPI document.
const DESCRIPTIONS: Record<string, { description: string; example?: string; enum?: readonly string[] }> = {
  from: { description: 'First month, YYYY-MM (inclusive). Default: 11 months before `to`.', example: '2025-01' },
  to: { description: 'Last month, YYYY-MM (inclusive). Default: the latest month with data.', example: '2025-12' },
  region: { description: 'us, state:06 (or state:CA), county:06037, cbsa:31080 or custom:<id>. Default us.', example: 'state:06' },
  naics: { description: 'NAICS 2022 code, 2 to 6 digits; sector ranges 31-33, 44-45, 48-49.', example: '62' },
  soc: { description: 'SOC 2018 code (major 15-0000, minor, broad or detailed 15-1252).', example: '29-1141' },
  cip: { description: 'CIP 2020 code: 11, 11.07 or 11.0701 (prefix match).', example: '51.3801' },
  skill: { description: 'Skill id (see /api/taxonomy/skills).' },
  credential: { description: 'Credential id or source key (see /api/taxonomy/credentials).' },
  provider: { description: 'Provider id or source key (see /api/taxonomy/providers).' },
  granularity: { description: 'Trend period.', enum: GRANULARITIES },
  limit: { description: `Most rows returned, 1..${MAX_LIMIT} (default 100); truncated=true when rows were cut.` },
};

/**
 * OpenAPI for a metric endpoint from its FilterSpec: every accepted query parameter, the envelope
 * response and the 400 problem. Also sets the route policy to viewer (read-only metrics).
 */
export function ApiMetric(spec: FilterSpec, summary: string, responseDescription = 'MetricResponse envelope: query, rows, totals, truncated, suppressedCells, k, methodVersion, taxonomyVersions, dataAsOf, demo') {
  const params = spec.accept.map((name) => {
    if (name === 'groupBy') {
      return ApiQuery({ name, required: false, enum: [...(spec.groupBy ?? [])], description: `Dimension of the rows${spec.defaultGroupBy ? ` (default ${spec.defaultGroupBy})` : ''}.` });
    }
    const d = DESCRIPTIONS[name];
    if (name === 'limit') return ApiQuery({ name, required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 100 }, description: d.description });
    return ApiQuery({ name, required: false, description: d.description, ...(d.enum ? { enum: [...d.enum] } : { schema: { type: 'string', ...(d.example ? { example: d.example } : {}) } }) });
  });
  const extras = Object.entries(spec.extra ?? {}).map(([name, p]) =>
    ApiQuery({ name, required: false, description: p.describe + (p.default ? ` (default ${p.default})` : ''), ...(p.values ? { enum: [...p.values] } : { schema: { type: 'string' } }) }),
  );
  return applyDecorators(
    Policy('viewer'),
    ApiOperation({ summary }),
    ...params,
    ...extras,
    ApiOkResponse({ description: responseDescription, schema: METRIC_RESPONSE_SCHEMA }),
    ApiBadRequestResponse({ description: 'application/problem+json naming the parameter, what is allowed and a close match', schema: PROBLEM_SCHEMA }),
  );
}

export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    parameter: { type: 'string' },
    allowed: { type: 'array', items: { type: 'string' } },
    suggestion: { type: 'string' },
  },
};

export const METRIC_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['query', 'rows', 'totals', 'truncated', 'suppressedCells', 'k', 'methodVersion', 'taxonomyVersions', 'dataAsOf', 'demo'],
  properties: {
    query: { type: 'object', additionalProperties: true, description: 'The filters as the server understood them (normalised, defaults filled).' },
    rows: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Chart-ready rows, grouped and sorted.' },
    totals: { type: 'object', additionalProperties: true },
    truncated: { type: 'boolean', description: 'True when `limit` cut rows.' },
    suppressedCells: { type: 'integer', description: 'Cells hidden by disclosure control (primary + complementary).' },
    k: { type: 'integer', description: 'Disclosure threshold in force.' },
    methodVersion: { type: 'string' },
    taxonomyVersions: { type: 'object', additionalProperties: { type: 'string' } },
    dataAsOf: { type: 'string', nullable: true, format: 'date-time' },
    demo: { type: 'boolean', description: 'True when the data is synthetic demo data.' },
    notes: { type: 'array', items: { type: 'string' } },
  },
};
