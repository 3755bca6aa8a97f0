import { AWARD_LEVELS, type IngestIssue } from '@credpulse/contracts';
import { readOewsFigures, type OewsRecord } from '@credpulse/taxonomy';
import { stateFips } from '../formats/util.js';
import { brokenReason, PublicDataFileError, readTable, type TableRow } from './table.js';

/** A parsed row, a refused row (file, line, field, reason) or a row that is not data by design. */
export type PublicEvent<R> = { kind: 'record'; line: number; record: R } | { kind: 'reject'; issue: IngestIssue } | { kind: 'skip'; line: number; why: string };

export interface ParsedTable<R> {
  /** The vintage the file declares (its name or a column), when it does. */
  vintage: string | null;
  sheet?: string;
  events: AsyncIterable<PublicEvent<R>>;
}

type Source = AsyncIterable<Buffer | string>;

const reject = (file: string, line: number, field: string, reason: string): { kind: 'reject'; issue: IngestIssue } => ({ kind: 'reject', issue: { file, line, field, reason } });

/** The checks every IPEDS row starts with: a well-formed row and a UNITID. */
function ipedsUnitid(row: TableRow, file: string): number | { kind: 'reject'; issue: IngestIssue } {
  const broken = brokenReason(row);
  if (broken) return reject(file, row.line, 'row', broken);
  const unitid = unitidOf(row.get('UNITID'));
  if (unitid === null) return reject(file, row.line, 'UNITID', `"${row.get('UNITID')}" is not an IPEDS UNITID (a positive integer of up to 6 digits)`);
  return unitid;
}

// ---------------------------------------------------------------------------------------------
// IPEDS HD (institutional characteristics directory)

export interface IpedsInstitutionRecord {
  unitid: number;
  name: string;
  stabbr: string;
  /** State FIPS from the FIPS column, else from STABBR; null for places outside the state list. */
  stateFips: string | null;
  /** COUNTYCD zero-padded to 5 digits; null when blank or negative (not applicable / not reported). */
  countyFips: string | null;
  cbsaCode: string | null;
  sector: number | null;
  latitude: number | null;
  longitude: number | null;
}

export async function parseIpedsInstitutions(source: Source, file: string): Promise<ParsedTable<IpedsInstitutionRecord>> {
  const table = await readTable(source, { file, expected: 'UNITID, INSTNM, STABBR and COUNTYCD', isHeader: (c) => ['UNITID', 'INSTNM', 'STABBR', 'COUNTYCD'].every((h) => c.includes(h)) });
  const vintage = /hd(\d{4})/i.exec(file)?.[1] ?? null;
  async function* events(): AsyncGenerator<PublicEvent<IpedsInstitutionRecord>> {
    const seen = new Set<number>();
    for await (const row of table.rows) {
      const unitid = ipedsUnitid(row, file);
      if (typeof unitid !== 'number') {
        yield unitid;
        continue;
      }
      if (seen.has(unitid)) {
        yield reject(file, row.line, 'UNITID', `UNITID ${unitid} appears twice in the file`);
        continue;
      }
      seen.add(unitid);
      const name = row.get('INSTNM');
      if (name === '') {
        yield reject(file, row.line, 'INSTNM', 'institution name is empty');
        continue;
      }
      const stabbr = row.get('STABBR').toUpperCase();
      const fipsCol = row.get('FIPS');
      const st = /^\d{1,2}$/.test(fipsCol) ? stateFips(fipsCol.padStart(2, '0')) : undefined;
      const county = intOrNull(row.get('COUNTYCD'));
      const cbsa = intOrNull(row.get('CBSA'));
      yield {
        kind: 'record',
        line: row.line,
        record: {
          unitid,
          name,
          stabbr,
          stateFips: st ?? stateFips(stabbr) ?? null,
          countyFips: county !== null && county > 0 && county < 100000 ? String(county).padStart(5, '0') : null,
          cbsaCode: cbsa !== null && cbsa > 0 && cbsa < 100000 ? String(cbsa).padStart(5, '0') : null,
          sector: intOrNull(row.get('SECTOR')),
          latitude: coord(row.get('LATITUDE'), 90),
          longitude: coord(row.get('LONGITUD'), 180),
        },
      };
    }
  }
  return { vintage, sheet: table.header.sheet, events: events() };
}

// ---------------------------------------------------------------------------------------------
// IPEDS C_A (awards by CIP code, award level, first or second major)

export interface IpedsCompletionRecord {
  unitid: number;
  /** CIP 2020 code XX.XXXX (leading zeros restored). */
  cip: string;
  majornum: 1 | 2;
  awardLevel: number;
  total: number;
  men: number | null;
  women: number | null;
}

/** Award-level codes that are totals over other levels (12 degrees, 13/14 certificates, 15 all): never data rows. */
const AWLEVEL_TOTALS = new Set([12, 13, 14, 15]);

/**
 * CIPCODE as IPEDS writes it ("11.0701"), or after a spreadsheet made a number of it ("1.0000" or
 * 1 for 01.0000, 11.07 for 11.0700). Returns the 6-digit code, 'total' for the grand total (99) and
 * 2-digit series totals, or null when it is no CIP code at all.
 */
export function normalizeCipCode(v: string): string | 'total' | null {
  const s = v.trim().replace(/^"|"$/g, '');
  // "99" is the grand total; a bare 2-digit code is a CIP series total (both sum other rows).
  if (/^\d{1,2}$/.test(s)) return 'total';
  const m = /^(\d{1,2})\.(\d{1,4})$/.exec(s);
  if (!m) return null;
  if (m[1] === '99') return 'total';
  return `${m[1].padStart(2, '0')}.${m[2].padEnd(4, '0')}`;
}

export async function parseIpedsCompletions(source: Source, file: string): Promise<ParsedTable<IpedsCompletionRecord>> {
  const table = await readTable(source, { file, expected: 'UNITID, CIPCODE, MAJORNUM, AWLEVEL and CTOTALT', isHeader: (c) => ['UNITID', 'CIPCODE', 'MAJORNUM', 'AWLEVEL', 'CTOTALT'].every((h) => c.includes(h)) });
  const vintage = /c(\d{4})_a/i.exec(file)?.[1] ?? null;
  // Every count column of the layout (CTOTALT, CTOTALM, CAIANT, ..., CNRALW); the X-prefixed
  // imputation flags beside them are not counts.
  const countColumns = table.header.columns.map((c) => c.trim().toUpperCase()).filter((c) => /^C[A-Z0-9]+[TMWU]$/.test(c) && c !== 'CIPCODE');
  async function* events(): AsyncGenerator<PublicEvent<IpedsCompletionRecord>> {
    const seen = new Set<string>();
    rows: for await (const row of table.rows) {
      const unitid = ipedsUnitid(row, file);
      if (typeof unitid !== 'number') {
        yield unitid;
        continue;
      }
      const cip = normalizeCipCode(row.get('CIPCODE'));
      if (cip === null) {
        yield reject(file, row.line, 'CIPCODE', `"${row.get('CIPCODE')}" is not a CIP code (XX.XXXX, or 99 for the grand total)`);
        continue;
      }
      const awRaw = row.get('AWLEVEL');
      const aw = /^\d{1,2}$/.test(awRaw) ? Number(awRaw) : NaN;
      if (cip === 'total' || AWLEVEL_TOTALS.has(aw)) {
        yield { kind: 'skip', line: row.line, why: 'total' };
        continue;
      }
      if (!AWARD_LEVELS[aw]) {
        yield reject(file, row.line, 'AWLEVEL', `"${awRaw}" is not an IPEDS award level (${Object.keys(AWARD_LEVELS).join(', ')})`);
        continue;
      }
      const mj = row.get('MAJORNUM');
      if (mj !== '1' && mj !== '2') {
        yield reject(file, row.line, 'MAJORNUM', `"${mj}" is not 1 (first major) or 2 (second major)`);
        continue;
      }
      for (const c of countColumns) {
        const v = row.get(c);
        if (!/^\d+$/.test(v)) {
          const why = v === '' ? 'is empty' : v === '.' ? 'is "." (missing), not a count' : /privacy/i.test(v) ? `is "${v}" (suppressed), not a count` : `"${v}" is not a count (a whole number of awards)`;
          yield reject(file, row.line, c, why);
          continue rows;
        }
      }
      const key = `${unitid}|${cip}|${mj}|${aw}`;
      if (seen.has(key)) {
        yield reject(file, row.line, 'UNITID', `UNITID ${unitid}, CIP ${cip}, MAJORNUM ${mj}, AWLEVEL ${aw} appears twice in the file`);
        continue;
      }
      seen.add(key);
      yield {
        kind: 'record',
        line: row.line,
        record: {
          unitid,
          cip,
          majornum: mj === '1' ? 1 : 2,
          awardLevel: aw,
          total: Number(row.get('CTOTALT')),
          men: row.has('CTOTALM') ? Number(row.get('CTOTALM')) : null,
          women: row.has('CTOTALW') ? Number(row.get('CTOTALW')) : null,
        },
      };
    }
  }
  return { vintage, sheet: table.header.sheet, events: events() };
}

// ---------------------------------------------------------------------------------------------
// OEWS (national, state, MSA; cross-industry)

/** An OEWS estimate of one area: the national record of the taxonomy package with its area (no year: the vintage is the load's). */
export interface OewsEstimateRecord extends Omit<OewsRecord, 'year'> {
  /** OEWS AREA_TYPE: 1 U.S., 2 state, 3 territory, 4 metropolitan area, 6 nonmetropolitan area. */
  areaType: number;
  /** 'US', a state FIPS (2 digits) or a CBSA / area code (5 digits or more). */
  area: string;
}

export async function parseOews(source: Source, file: string): Promise<ParsedTable<OewsEstimateRecord>> {
  const table = await readTable(source, { file, headerWithin: 10, expected: 'OCC_CODE, TOT_EMP and A_MEDIAN', isHeader: (c) => ['OCC_CODE', 'TOT_EMP', 'A_MEDIAN'].every((h) => c.includes(h)) });
  const vintage = /_M(\d{4})/i.exec(file)?.[1] ?? /M(\d{4})/.exec(table.header.sheet ?? '')?.[1] ?? null;
  const groupCol = ['O_GROUP', 'OCC_GROUP'].find((c) => table.header.columns.map((x) => x.toUpperCase()).includes(c));
  async function* events(): AsyncGenerator<PublicEvent<OewsEstimateRecord>> {
    const seen = new Set<string>();
    for await (const row of table.rows) {
      const broken = brokenReason(row);
      if (broken) {
        yield reject(file, row.line, 'row', broken);
        continue;
      }
      // Industry-specific rows (national files by NAICS) are not cross-industry estimates.
      const ig = row.get('I_GROUP');
      if (ig !== '' && ig.toLowerCase() !== 'cross-industry') {
        yield { kind: 'skip', line: row.line, why: 'industry' };
        continue;
      }
      if (groupCol && row.get(groupCol).toLowerCase() !== 'detailed') {
        yield { kind: 'skip', line: row.line, why: 'group' };
        continue;
      }
      const socRaw = row.get('OCC_CODE');
      if (!/^\d{2}-\d{4}$/.test(socRaw)) {
        yield reject(file, row.line, 'OCC_CODE', `"${socRaw}" is not a SOC code XX-XXXX`);
        continue;
      }
      if (socRaw.endsWith('0000')) {
        yield { kind: 'skip', line: row.line, why: 'group' };
        continue;
      }
      const areaTypeRaw = row.get('AREA_TYPE');
      const areaType = areaTypeRaw === '' ? 1 : Number(areaTypeRaw);
      if (![1, 2, 3, 4, 6].includes(areaType)) {
        yield reject(file, row.line, 'AREA_TYPE', `"${areaTypeRaw}" is not an OEWS area type (1 U.S., 2 state, 3 territory, 4 MSA, 6 nonmetropolitan area)`);
        continue;
      }
      const areaRaw = row.get('AREA');
      let area: string;
      if (areaType === 1) area = 'US';
      else if (!/^\d{1,7}$/.test(areaRaw)) {
        yield reject(file, row.line, 'AREA', `"${areaRaw}" is not an OEWS area code`);
        continue;
      } else area = areaType === 2 || areaType === 3 ? areaRaw.padStart(2, '0') : areaRaw.padStart(5, '0');
      const figures = readOewsFigures((col) => row.get(col));
      if ('reason' in figures) {
        yield reject(file, row.line, figures.column, figures.reason);
        continue;
      }
      const key = `${areaType}|${area}|${socRaw}`;
      if (seen.has(key)) {
        yield reject(file, row.line, 'OCC_CODE', `occupation ${socRaw} appears twice for area ${area}`);
        continue;
      }
      seen.add(key);
      yield {
        kind: 'record',
        line: row.line,
        record: { areaType, area, socCode: socRaw, title: row.get('OCC_TITLE'), ...figures },
      };
    }
  }
  return { vintage, sheet: table.header.sheet, events: events() };
}

// ---------------------------------------------------------------------------------------------
// Employment Projections: the BLS national occupation table (Table 1.10 or 1.2 layout) and state
// long-term projections in the Projections Central layout.

export interface ProjectionRecord {
  /** 'US' or a state FIPS. */
  area: string;
  soc: string;
  title: string;
  baseYear: number;
  projYear: number;
  /** Employment as published (thousands in the BLS national tables; the openings rate does not depend on it). */
  employmentBase: number;
  employmentProjected: number | null;
  change: number | null;
  /** Annual average occupational openings (growth + separations). */
  openings: number;
  exits: number | null;
  transfers: number | null;
  /** Typical education needed for entry, where the table has it. */
  education: string | null;
}

interface ProjectionColumns {
  code: string;
  title?: string;
  type?: string;
  base: string;
  proj?: string;
  change?: string;
  openings: string;
  exits?: string;
  transfers?: string;
  education?: string;
  area?: string;
  baseYear?: number;
  projYear?: number;
}

/** Finds the columns of a projections table by their published names (BLS and Projections Central spell them differently). */
export function projectionColumns(header: string[]): ProjectionColumns | null {
  const cols = header.map((h) => h.trim().toUpperCase().replace(/\s+/g, ' '));
  const find = (test: (c: string) => boolean) => cols.find(test);
  const code = find((c) => /(MATRIX CODE|OCCUPATION CODE|SOC CODE|OCC_?CODE|^CODE$|^SOC$)/.test(c));
  const empCols = cols.filter((c) => /^EMPLOYMENT,? \d{4}$/.test(c));
  const base = empCols[0] ?? find((c) => /^(BASE|BASE YEAR EMPLOYMENT|ESTIMATED EMPLOYMENT|BASE EMPLOYMENT)$/.test(c) || /^BASE\b/.test(c) && !/YEAR$/.test(c));
  const proj = empCols[1] ?? find((c) => /^(PROJECTED|PROJECTION|PROJECTED EMPLOYMENT|PROJ)$/.test(c) || (/^PROJECTED\b/.test(c) && !/YEAR$/.test(c)));
  const openings = find((c) => /OPENINGS/.test(c) && !/RATE/.test(c) && !/GROWTH|REPLACEMENT|EXITS|TRANSFERS/.test(c)) ?? find((c) => /OPENINGS/.test(c) && !/RATE/.test(c));
  if (!code || !base || !openings) return null;
  const years = empCols.map((c) => Number(/(\d{4})$/.exec(c)![1]));
  return {
    code,
    base,
    openings,
    proj,
    title: find((c) => /(MATRIX TITLE|OCCUPATION TITLE|OCCUPATION NAME|^TITLE$|^OCCUPATION$)/.test(c)),
    type: find((c) => /OCCUPATION TYPE/.test(c)),
    change: find((c) => /(CHANGE, NUMERIC|^CHANGE$|NUMERIC CHANGE|^NET CHANGE)/.test(c)),
    exits: find((c) => /LABOR FORCE EXITS|^EXITS$/.test(c) && !/RATE/.test(c)),
    transfers: find((c) => /OCCUPATIONAL TRANSFERS|^TRANSFERS$/.test(c) && !/RATE/.test(c)),
    education: find((c) => /TYPICAL EDUCATION|EDUCATION NEEDED/.test(c)),
    area: find((c) => /^(AREA NAME|AREANAME|STATE|STATE NAME|ST ?FIPS|STFIPS|AREA)$/.test(c)),
    baseYear: years[0],
    projYear: years[1],
  };
}

export async function parseProjections(source: Source, file: string, opts: { baseYear?: number } = {}): Promise<ParsedTable<ProjectionRecord>> {
  let cols: ProjectionColumns | null = null;
  const table = await readTable(source, {
    file,
    headerWithin: 15,
    expected: 'an occupation code, base-year employment and annual openings (BLS Table 1.10 or the Projections Central layout)',
    isHeader: (c) => (cols = projectionColumns(c)) !== null,
  });
  const c = cols as ProjectionColumns | null;
  if (!c) throw new PublicDataFileError(file, 'no projections header');
  const text = `${table.header.preamble}\n${table.header.columns.join(' ')}`;
  const period = /(\d{4})\s*[-–]\s*(\d{2,4})/.exec(text) ?? /(\d{4})\s*[-–_]\s*(\d{2,4})/.exec(file);
  let baseYear = c.baseYear ?? (period ? Number(period[1]) : opts.baseYear);
  let projYear = c.projYear ?? (period ? Number(period[2].length === 2 ? period[1].slice(0, 2) + period[2] : period[2]) : undefined);
  if (opts.baseYear !== undefined) {
    baseYear = opts.baseYear;
    projYear = projYear !== undefined && projYear > baseYear ? projYear : baseYear + 10;
  }
  const vintage = baseYear !== undefined && projYear !== undefined ? `${baseYear}-${projYear}` : null;
  async function* events(): AsyncGenerator<PublicEvent<ProjectionRecord>> {
    const seen = new Set<string>();
    for await (const row of table.rows) {
      const broken = brokenReason(row);
      if (broken) {
        yield reject(file, row.line, 'row', broken);
        continue;
      }
      const code = row.get(c!.code);
      const socM = /^(\d{2}-\d{4})(?:\.\d{2})?$/.exec(code) ?? /^(\d{2})(\d{4})$/.exec(code);
      const soc = socM ? (socM[0].includes('-') ? socM[1] : `${socM[1]}-${socM[2]}`) : null;
      if (soc === null) {
        // Notes and footnotes under published tables have no code.
        if (code === '' || !/\d/.test(code)) {
          yield { kind: 'skip', line: row.line, why: 'note' };
          continue;
        }
        yield reject(file, row.line, c!.code, `"${code}" is not a SOC code XX-XXXX`);
        continue;
      }
      if ((c!.type && /summary/i.test(row.get(c!.type))) || soc.endsWith('0000') || soc === '00-0000') {
        yield { kind: 'skip', line: row.line, why: 'summary' };
        continue;
      }
      let area = 'US';
      if (c!.area) {
        const a = row.get(c!.area);
        const st = /^\d{1,2}$/.test(a) ? stateFips(a.padStart(2, '0')) : stateFips(a.replace(/\s*\(?statewide\)?$/i, ''));
        if (/^(united states|national|u\.s\.|us)$/i.test(a)) area = 'US';
        else if (!st) {
          yield reject(file, row.line, c!.area, `"${a}" is not a state (only statewide projections are loaded)`);
          continue;
        } else area = st;
      }
      const num = (col: string | undefined): number | null | 'bad' => {
        if (!col) return null;
        const v = row.get(col).replace(/[,$%]/g, '');
        if (v === '' || v === '—' || v === '-' || v === '*' || v === '**') return null;
        const n = Number(v);
        return Number.isFinite(n) ? n : 'bad';
      };
      const fields: [keyof ProjectionColumns, number | null | 'bad'][] = [
        ['base', num(c!.base)], ['proj', num(c!.proj)], ['change', num(c!.change)], ['openings', num(c!.openings)], ['exits', num(c!.exits)], ['transfers', num(c!.transfers)],
      ];
      const bad = fields.find(([, v]) => v === 'bad');
      if (bad) {
        yield reject(file, row.line, String(c![bad[0]]), `"${row.get(String(c![bad[0]]))}" is not a number`);
        continue;
      }
      const v = Object.fromEntries(fields) as Record<string, number | null>;
      if (v.base === null || v.openings === null) {
        yield reject(file, row.line, v.base === null ? c!.base : c!.openings, 'is empty: base-year employment and annual openings are needed for the openings rate');
        continue;
      }
      const key = `${area}|${soc}`;
      if (seen.has(key)) {
        yield reject(file, row.line, c!.code, `occupation ${soc} appears twice${area === 'US' ? '' : ` for state ${area}`}`);
        continue;
      }
      seen.add(key);
      yield {
        kind: 'record',
        line: row.line,
        record: {
          area, soc, title: c!.title ? row.get(c!.title) : '', baseYear: baseYear ?? 0, projYear: projYear ?? 0,
          employmentBase: v.base, employmentProjected: v.proj, change: v.change, openings: v.openings, exits: v.exits, transfers: v.transfers,
          education: c!.education ? row.get(c!.education) || null : null,
        },
      };
    }
  }
  return { vintage, sheet: table.header.sheet, events: events() };
}

// ---------------------------------------------------------------------------------------------

function unitidOf(v: string): number | null {
  return /^\d{1,6}$/.test(v) && Number(v) > 0 ? Number(v) : null;
}

function intOrNull(v: string): number | null {
  return /^-?\d+$/.test(v) ? Number(v) : null;
}

function coord(v: string, max: number): number | null {
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && Math.abs(n) <= max ? n : null;
}

export type { TableRow };
