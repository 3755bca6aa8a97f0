import type { Type } from '@nestjs/common';
import { Bool, Float64, Int64, Table, Utf8, vectorFromArray, type RecordBatch, type Vector } from 'apache-arrow';
import type { ExportColumn, ExportColumnType, MetricResponse } from '@credpulse/contracts';
import type { FilterSpec } from '../../analytics/filters/parsed-filters.js';
import type { ParsedFilters } from '../../analytics/filters/parsed-filters.js';
import { CONCENTRATION_SPEC, ConcentrationService } from '../../concentration/concentration.service.js';
import { EQUITY_SPEC, EquityService } from '../../equity/equity.service.js';
import { OUTCOMES_SPEC, OutcomesService } from '../../outcomes/outcomes.service.js';
import { PATHWAYS_SPEC, PathwaysService } from '../../pathways/pathways.service.js';
import { POSTINGS_SPEC, PostingsService } from '../../postings/postings.service.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from '../../program-demand/program-demand.service.js';
import { RECOGNITION_SPEC, RecognitionService } from '../../recognition/recognition.service.js';
import { SATURATION_SPEC, SaturationService } from '../../saturation/saturation.service.js';
import { SKILL_GAP_SPEC, SkillGapService } from '../../skill-gap/skill-gap.service.js';

/** A service of a metric endpoint: compute(filters) gives exactly what GET /api/metrics/<name> returns. */
export interface MetricComputer {
  compute(f: ParsedFilters): Promise<MetricResponse<object, object>>;
}

export interface MetricDatasetDef {
  /** The endpoint name: GET /api/metrics/<name>, exported as dataset metrics/<name>. */
  name: string;
  service: Type<MetricComputer>;
  spec: FilterSpec;
}

export const METRIC_DATASET_DEFS: Record<string, MetricDatasetDef> = Object.fromEntries(
  (
    [
      ['postings', PostingsService, POSTINGS_SPEC],
      ['recognition', RecognitionService, RECOGNITION_SPEC],
      ['skill-gap', SkillGapService, SKILL_GAP_SPEC],
      ['program-demand', ProgramDemandService, PROGRAM_DEMAND_SPEC],
      ['concentration', ConcentrationService, CONCENTRATION_SPEC],
      ['outcomes', OutcomesService, OUTCOMES_SPEC],
      ['equity', EquityService, EQUITY_SPEC],
      ['pathways', PathwaysService, PATHWAYS_SPEC],
      ['saturation', SaturationService, SATURATION_SPEC],
    ] as [string, Type<MetricComputer>, FilterSpec][]
  ).map(([name, service, spec]) => [`metrics/${name}`, { name, service, spec }]),
);

type Scalar = string | number | boolean | null;
const isProtected = (v: unknown): v is { value: number | null; suppressed: boolean; reason?: string } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'suppressed' in v && 'value' in v;
// the field that names an element of an array of objects (quarters: [{quarter: 1, ...}])
const ELEMENT_KEYS = ['quarter', 'key', 'level', 'group', 'month', 'period'];

/**
 * Flattens one metric row into columns: nested objects become a_b, arrays of objects a_<id>_b,
 * and every suppressed cell ({value, suppressed}) a value column plus a_suppressed, so a hidden
 * cell is null with a flag, never 0, exactly as in the API.
 */
export function flattenRow(row: object, prefix = '', out: Map<string, Scalar> = new Map()): Map<string, Scalar> {
  for (const [k, v] of Object.entries(row)) {
    const name = prefix ? `${prefix}_${k}` : k;
    if (isProtected(v)) {
      out.set(name, v.value);
      out.set(`${name}_suppressed`, v.suppressed);
      if ('reason' in v) out.set(`${name}_suppression_reason`, v.reason ?? null);
    } else if (Array.isArray(v)) {
      v.forEach((el, i) => {
        if (typeof el === 'object' && el !== null) {
          const idKey = ELEMENT_KEYS.find((key) => key in el && (typeof (el as Record<string, unknown>)[key] === 'string' || typeof (el as Record<string, unknown>)[key] === 'number'));
          flattenRow(el, `${name}_${idKey ? String((el as Record<string, unknown>)[idKey]) : i}`, out);
        } else out.set(`${name}_${i}`, el as Scalar);
      });
    } else if (typeof v === 'object' && v !== null) flattenRow(v, name, out);
    else if (v !== undefined) out.set(name, v as Scalar);
  }
  return out;
}

function describe(metric: string, column: string): string {
  if (column.endsWith('_suppression_reason')) return `Why ${column.slice(0, -'_suppression_reason'.length)} is hidden: primary (fewer than k people) or complementary.`;
  if (column.endsWith('_suppressed')) return `True when disclosure control hid ${column.slice(0, -'_suppressed'.length)}; the value is then null, never 0.`;
  if (column === 'aligned') return 'False when no catalogued credential teaches the skill: no supply side, no ratio (bucket no_credential_aligned); not a gap.';
  if (column === 'partial') return 'True when the data covers the period only in part (months outside the range or the data, or the month in progress): not a drop.';
  if (column === 'months') return 'Complete months of data in the period.';
  return `Field ${column} of a /api/metrics/${metric} row (definition: docs/methodology.md).`;
}

/** The rows of a metric response as Arrow batches plus their data dictionary. */
export function metricTable(metric: string, rows: object[]): { columns: ExportColumn[]; batches: RecordBatch[]; records: Map<string, Scalar>[] } {
  const records = rows.map((r) => flattenRow(r));
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of r.keys()) {
      if (seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  const columns: ExportColumn[] = [];
  const vectors: Record<string, Vector> = {};
  for (const name of names) {
    const values = records.map((r) => r.get(name) ?? null);
    const present = values.filter((v) => v !== null);
    let type: ExportColumnType = 'utf8';
    if (present.length > 0 && present.every((v) => typeof v === 'boolean')) type = 'bool';
    else if (present.length > 0 && present.every((v) => typeof v === 'number')) type = present.every((v) => Number.isSafeInteger(v)) ? 'int64' : 'float64';
    columns.push({ name, type, unit: null, description: describe(metric, name) });
    vectors[name] =
      type === 'bool'
        ? vectorFromArray(values as (boolean | null)[], new Bool())
        : type === 'int64'
          ? vectorFromArray(values.map((v) => (v === null ? null : BigInt(v as number))), new Int64())
          : type === 'float64'
            ? vectorFromArray(values as (number | null)[], new Float64())
            : vectorFromArray(values.map((v) => (v === null ? null : String(v))), new Utf8());
  }
  const table = names.length > 0 ? new Table(vectors) : new Table();
  return { columns, batches: table.batches, records };
}
