import { badParameter } from '../../../common/problem.js';

// The filters exports accept: the metrics' common filters (from, to, region, naics, soc, cip, skill,
// credential, provider). Syntax is checked here; values reach SQL only as bound parameters (see
// SqlParams). Unlike the metric endpoints, a record export without from/to covers all dates.

export const EXPORT_FILTER_PARAMS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider'] as const;
export type ExportFilterParam = (typeof EXPORT_FILTER_PARAMS)[number];

export interface ExportFilters {
  /** YYYY-MM-01 of `from` (inclusive). */
  fromDate?: string;
  /** YYYY-MM-01 of the month after `to` (exclusive). */
  toEnd?: string;
  region?: { kind: 'state' | 'county' | 'cbsa' | 'custom'; code: string };
  naicsPrefixes?: string[];
  socPrefix?: string;
  cipPrefix?: string;
  skill?: string;
  credential?: number;
  provider?: number;
  /** The filters as given, normalised, for provenance and file names. */
  echo: Record<string, string>;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SECTOR_RANGES: Record<string, string[]> = { '31-33': ['31', '32', '33'], '44-45': ['44', '45'], '48-49': ['48', '49'] };

/** Parses the filter query parameters; any other parameter not in `extraAllowed` is a 400 naming it. */
export function parseExportFilters(query: Record<string, unknown>, extraAllowed: readonly string[]): ExportFilters {
  const allowed = [...EXPORT_FILTER_PARAMS, ...extraAllowed];
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key)) throw badParameter(key, `Unknown parameter "${key}".`, allowed, key);
  }
  const get = (name: ExportFilterParam): string | undefined => {
    const v = query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw badParameter(name, `Parameter "${name}" must be given once.`);
    if (v.includes('\u0000')) throw badParameter(name, `Parameter "${name}" holds a NUL character.`);
    return v.trim();
  };
  const f: ExportFilters = { echo: {} };

  const from = get('from');
  const to = get('to');
  if (from !== undefined) {
    if (!MONTH.test(from)) throw badParameter('from', `"from" must be a month YYYY-MM, got "${from}".`);
    f.fromDate = `${from}-01`;
    f.echo.from = from;
  }
  if (to !== undefined) {
    const m = MONTH.exec(to);
    if (!m) throw badParameter('to', `"to" must be a month YYYY-MM, got "${to}".`);
    const y = Number(m[1]);
    const mo = Number(m[2]);
    f.toEnd = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
    f.echo.to = to;
  }
  if (from !== undefined && to !== undefined && from > to) throw badParameter('to', `"to" (${to}) is before "from" (${from}).`);

  const region = get('region');
  if (region !== undefined && region !== 'us') {
    const m = /^(state|county|cbsa|custom):(.+)$/.exec(region);
    const shapes: Record<string, RegExp> = { state: /^\d{2}$/, county: /^\d{5}$/, cbsa: /^\d{5}$/, custom: /^\d{1,9}$/ };
    if (!m || !shapes[m[1]].test(m[2])) {
      throw badParameter('region', `"region" must be us, state:NN, county:NNNNN, cbsa:NNNNN or custom:<id>, got "${region}".`);
    }
    f.region = { kind: m[1] as 'state' | 'county' | 'cbsa' | 'custom', code: m[2] };
    f.echo.region = region;
  }

  const naics = get('naics');
  if (naics !== undefined) {
    if (SECTOR_RANGES[naics]) f.naicsPrefixes = SECTOR_RANGES[naics];
    else if (/^\d{2,6}$/.test(naics)) f.naicsPrefixes = [naics];
    else throw badParameter('naics', `"naics" must be a NAICS code of 2 to 6 digits (or 31-33, 44-45, 48-49), got "${naics}".`);
    f.echo.naics = naics;
  }

  const soc = get('soc');
  if (soc !== undefined) {
    if (!/^\d{2}-\d{4}$/.test(soc)) throw badParameter('soc', `"soc" must be a SOC 2018 code XX-XXXX, got "${soc}".`);
    // major XX-0000, minor XX-XX00, broad XX-XXX0, detailed otherwise
    f.socPrefix = soc.endsWith('0000') ? soc.slice(0, 3) : soc.endsWith('00') ? soc.slice(0, 5) : soc.endsWith('0') ? soc.slice(0, 6) : soc;
    f.echo.soc = soc;
  }

  const cip = get('cip');
  if (cip !== undefined) {
    if (!/^\d{2}(\.\d{2}(\d{2})?)?$/.test(cip)) throw badParameter('cip', `"cip" must be a CIP 2020 code XX, XX.XX or XX.XXXX, got "${cip}".`);
    f.cipPrefix = cip;
    f.echo.cip = cip;
  }

  const skill = get('skill');
  if (skill !== undefined) {
    if (skill.length > 200) throw badParameter('skill', '"skill" must be a skill id of at most 200 characters.');
    f.skill = skill;
    f.echo.skill = skill;
  }
  for (const name of ['credential', 'provider'] as const) {
    const v = get(name);
    if (v === undefined) continue;
    if (!/^\d{1,9}$/.test(v)) throw badParameter(name, `"${name}" must be a numeric id, got "${v}".`);
    f[name] = Number(v);
    f.echo[name] = v;
  }
  return f;
}

/**
 * Bound values for a statement that cannot take bind parameters (COPY): each value is set with
 * set_config($n, ...) in the export's transaction and read back in the query through
 * current_setting(), wrapped in a scalar sub-select so PostgreSQL evaluates it once (an InitPlan).
 */
export class SqlParams {
  readonly values: string[] = [];

  /** A SQL expression of type text that yields `value`. */
  text(value: string): string {
    this.values.push(value);
    return `(SELECT current_setting('credpulse.export_p${this.values.length}'))`;
  }

  int(value: number): string {
    return `${this.text(String(value))}::int`;
  }

  /** A text[] of validated codes (digits only), e.g. LIKE ANY prefixes. */
  textArray(values: string[]): string {
    for (const v of values) if (!/^[0-9.%-]+$/.test(v)) throw new Error(`not a code: ${v}`);
    return `string_to_array(${this.text(values.join(','))}, ',')`;
  }

  /** The statement that sets the values; run it inside the export's transaction. */
  setStatement(): { sql: string; params: string[] } | null {
    if (this.values.length === 0) return null;
    const sets = this.values.map((_, i) => `set_config('credpulse.export_p${i + 1}', $${i + 1}, true)`);
    return { sql: `SELECT ${sets.join(', ')}`, params: this.values };
  }
}
