import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import {
  CIP_PATTERN,
  GRANULARITIES,
  KEY_PATTERN,
  MAX_LIMIT,
  DEFAULT_LIMIT,
  NAICS_PATTERN,
  REGION_PATTERN,
  SKILL_PATTERN,
  SOC_FILTER_PATTERN,
  type CommonFilterParam,
} from '@credpulse/contracts';
import type { FilterSpec } from '../modules/analytics/filters/parsed-filters.js';
import { Policy } from '../modules/auth/policy.decorator.js';

/** Years 1990-2100, months 01-12: exactly what the filter parser accepts for from/to. */
export const FILTER_MONTH_PATTERN = '^(199\\d|20\\d\\d|2100)-(0[1-9]|1[0-2])$';

type Schema = Record<string, unknown>;

// What each common filter means and accepts, for the OpenAPI document. The patterns are the ones
// the filter parser checks (parse-filters.ts); codes are then looked up in the taxonomy tables.
function common(name: CommonFilterParam, spec: FilterSpec): { description: string; schema: Schema; example?: string } {
  const months = spec.defaultMonths ?? 12;
  switch (name) {
    case 'from':
      return {
        description: `First month, YYYY-MM (inclusive), 1990-01 to 2100-12. Default: ${months - 1} months before \`to\` (${months} months in all).`,
        schema: { type: 'string', pattern: FILTER_MONTH_PATTERN },
        example: '2025-01',
      };
    case 'to':
      return {
        description: 'Last month, YYYY-MM (inclusive), 1990-01 to 2100-12. Default: the latest month with postings or awards (or `from`, when that is later).',
        schema: { type: 'string', pattern: FILTER_MONTH_PATTERN },
        example: '2025-12',
      };
    case 'region':
      return { description: 'us, state:06 (or state:CA), county:06037, cbsa:31080 or custom:<id>. Default us.', schema: { type: 'string', pattern: REGION_PATTERN.source, default: 'us' }, example: 'state:06' };
    case 'naics':
      return { description: 'NAICS 2022 code, 2 to 6 digits; sector ranges 31-33, 44-45, 48-49.', schema: { type: 'string', pattern: NAICS_PATTERN.source }, example: '62' };
    case 'soc':
      return { description: 'SOC 2018 code: major (15-0000), minor (15-1200), broad (15-1250) or detailed (15-1252); an O*NET `.00` suffix is dropped.', schema: { type: 'string', pattern: SOC_FILTER_PATTERN.source }, example: '29-1141' };
    case 'cip':
      return spec.require?.includes('cip')
        ? { description: 'The program: a CIP 2020 code, 11, 11.07 or 11.0701 (prefix match over its 6-digit programs). Required.', schema: { type: 'string', pattern: CIP_PATTERN.source }, example: '51.3801' }
        : { description: 'CIP 2020 code: 11, 11.07 or 11.0701 (prefix match).', schema: { type: 'string', pattern: CIP_PATTERN.source }, example: '51.3801' };
    case 'skill':
      return { description: 'Skill id (see /api/taxonomy/skills), or a skill name exactly.', schema: { type: 'string', pattern: SKILL_PATTERN.source }, example: 'onet:python' };
    case 'credential':
      return { description: 'Credential id or source key (see /api/taxonomy/credentials).', schema: { type: 'string', pattern: KEY_PATTERN.source } };
    case 'provider':
      return { description: 'Provider id or source key (see /api/taxonomy/providers).', schema: { type: 'string', pattern: KEY_PATTERN.source } };
    case 'granularity':
      return { description: spec.trendGranularity ? 'Length of each period of the trend rows (groupBy=month or groupBy=period).' : 'Length of each period with groupBy=period (one row per month, quarter or year: 2026-03, 2026-Q1, 2026).', schema: { type: 'string', enum: [...GRANULARITIES], default: 'month' } };
    case 'limit':
      return {
        description: `Most rows returned, 1..${MAX_LIMIT} (default ${DEFAULT_LIMIT}); truncated=true when rows were cut.`,
        schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
      };
    case 'groupBy':
      return {
        description: `Dimension of the rows${spec.defaultGroupBy ? ` (default ${spec.defaultGroupBy})` : ''}.`,
        schema: { type: 'string', enum: [...(spec.groupBy ?? [])], ...(spec.defaultGroupBy ? { default: spec.defaultGroupBy } : {}) },
      };
  }
}

/** The OpenAPI parameters of a metric endpoint: exactly what its FilterSpec accepts, with defaults. */
export function metricParameters(spec: FilterSpec): { name: string; required: boolean; description: string; schema: Schema; example?: string }[] {
  const params = spec.accept.map((name) => ({ name, required: spec.require?.includes(name) ?? false, ...common(name, spec) }));
  const extras = Object.entries(spec.extra ?? {}).map(([name, p]) => {
    // ?k= is an integer at or above the configured k; the document fills in that minimum at boot (openapi.ts).
    const schema: Schema =
      name === 'k'
        ? { type: 'integer', maximum: 9999, 'x-credpulse-k': true }
        : p.values
          ? { type: 'string', enum: [...p.values], ...(p.default ? { default: p.default } : {}) }
          : { type: 'string', ...(p.pattern ? { pattern: p.pattern.source } : {}), ...(p.default ? { default: p.default } : {}) };
    const description = name === 'k' ? `${p.describe[0].toUpperCase()}${p.describe.slice(1)}; 1 to 4 digits.` : `${p.describe[0].toUpperCase()}${p.describe.slice(1)}${p.default ? ` (default ${p.default})` : ''}.`;
    return { name, required: false, description, schema };
  });
  return [...params, ...extras];
}

/**
 * OpenAPI for a metric endpoint from its FilterSpec: every accepted query parameter with its
 * schema and default. The answer schema (GET /api/metrics/<name> -> METRIC_RESPONSES[name] of
 * @credpulse/contracts), errors and security are added to every operation by openapi.ts. Also sets
 * the route policy to viewer (read-only metrics).
 */
export function ApiMetric(spec: FilterSpec, summary: string) {
  return applyDecorators(
    Policy('viewer'),
    ApiOperation({ summary }),
    ...metricParameters(spec).map((p) => ApiQuery({ name: p.name, required: p.required, description: p.description, schema: p.schema, ...(p.example ? { example: p.example } : {}) })),
  );
}
