import type { Writable } from 'node:stream';
import { EXPORT_MEDIA_TYPES, XLSX_FORMULA_NOTE, type MetricResponse, type PeersResponse, type ProgramReport, type RegionReport } from '@credpulse/contracts';
import { metricTable } from './datasets/metric.datasets.js';
import { PROVENANCE_SHEET, sheetName, writeWorkbook, type ProvenanceLine, type XlsxSheet } from './writers/xlsx.writer.js';

// Workbooks: a dashboard view, a metric or a report as one .xlsx, a sheet per chart (its table, the
// same flattened rows as the CSV export: a hidden cell is empty with <column>_suppressed = TRUE) and
// a Provenance sheet. Every figure comes from the metric services, so disclosure control is the
// API's own.

export const XLSX_MEDIA_TYPE = EXPORT_MEDIA_TYPES.xlsx;

/** What the provenance sheet says about one data sheet. */
export interface SheetProvenance {
  sheet: string;
  title: string;
  /** Where the figures come from, e.g. "GET /api/metrics/recognition?groupBy=credential&...". */
  source: string;
  rows: number;
  methodVersion?: string;
  suppressedCells?: number;
  truncated?: boolean;
}

export interface WorkbookProvenance {
  title: string;
  generatedAt: string;
  dataAsOf: string | null;
  demo: boolean;
  k: number;
  filters: Record<string, string>;
  methodVersions: Record<string, string>;
  taxonomyVersions: Record<string, string>;
  notes: string[];
  sheets: SheetProvenance[];
}

export const SUPPRESSION_NOTE = (k: number) =>
  `Disclosure control: a figure counting fewer than k = ${k} people is hidden: its cell is empty and the column <name>_suppressed next to it is TRUE (never 0). ` +
  'Where a total and all but one of its parts are shown, one more part is hidden (complementary suppression), so a hidden cell cannot be recovered by subtraction; totals never include a hidden value. ' +
  'Counts of postings describe advertisements, not people, and are not suppressed.';

/** The Provenance sheet's lines. */
export function provenanceLines(p: WorkbookProvenance): ProvenanceLine[] {
  const lines: ProvenanceLine[] = [
    ['Workbook', p.title],
    ['Generated at', p.generatedAt],
    ['Data as of', p.dataAsOf],
    ['Demo data', p.demo],
    ['Disclosure threshold k', p.k],
  ];
  for (const [k, v] of Object.entries(p.filters)) lines.push([`Filter: ${k}`, v]);
  for (const [k, v] of Object.entries(p.methodVersions)) lines.push([`Method version: ${k}`, v]);
  for (const [k, v] of Object.entries(p.taxonomyVersions)) lines.push([`Taxonomy version: ${k}`, v]);
  for (const s of p.sheets) {
    const parts = [`${s.title}`, `${s.rows} rows`, `from ${s.source}`];
    if (s.methodVersion) parts.push(`method ${s.methodVersion}`);
    if (s.suppressedCells !== undefined) parts.push(`${s.suppressedCells} cells suppressed`);
    if (s.truncated) parts.push('truncated by the chart limit');
    lines.push([`Sheet: ${s.sheet}`, parts.join('; ')]);
  }
  lines.push(['Suppression', SUPPRESSION_NOTE(p.k)]);
  for (const n of [...new Set([...p.notes, XLSX_FORMULA_NOTE])]) lines.push(['Note', n]);
  lines.push(['Definitions', 'docs/methodology.md (each method version above names the definition used)']);
  return lines;
}

/** A bounded list of objects (metric rows, report sections) as a sheet: the CSV export's flattening. */
export function objectSheet(name: string, rows: readonly object[], metric = name): XlsxSheet {
  const { columns, records } = metricTable(metric, rows as object[]);
  const names = columns.map((c) => c.name);
  return { name, columns: names.length ? names : ['(no rows)'], rows: records.map((r) => names.map((c) => (r.get(c) ?? null) as string | number | boolean | null)) };
}

export interface BuiltWorkbook {
  sheets: XlsxSheet[];
  provenance: WorkbookProvenance;
  fileName: string;
}

/** A workbook of metric responses, one sheet each (a dashboard view, or one metric). */
export function metricWorkbook(
  title: string,
  fileStem: string,
  filters: Record<string, string>,
  parts: { sheet: string; title: string; metric: string; query: Record<string, string>; response: MetricResponse<object, object> }[],
): BuiltWorkbook {
  const taken = new Set([PROVENANCE_SHEET.toLowerCase()]);
  const sheets = parts.map((p) => objectSheet(sheetName(p.sheet, taken), p.response.rows, p.metric));
  const first = parts[0]?.response;
  const methodVersions: Record<string, string> = {};
  for (const p of parts) methodVersions[p.metric] = p.response.methodVersion;
  const notes = [...new Set(parts.flatMap((p) => p.response.notes ?? []))];
  return {
    sheets,
    fileName: fileName(fileStem),
    provenance: {
      title,
      generatedAt: new Date().toISOString(),
      dataAsOf: first?.dataAsOf ?? null,
      demo: first?.demo ?? false,
      k: first?.k ?? 10,
      filters,
      methodVersions,
      taxonomyVersions: first?.taxonomyVersions ?? {},
      notes,
      sheets: parts.map((p, i) => ({
        sheet: sheets[i].name,
        title: p.title,
        source: `GET /api/metrics/${p.metric}?${new URLSearchParams(p.query).toString()}`,
        rows: (sheets[i].rows as unknown[]).length,
        methodVersion: p.response.methodVersion,
        suppressedCells: p.response.suppressedCells,
        truncated: p.response.truncated,
      })),
    },
  };
}

/** A report (region or program) as a workbook: a sheet per section of the PDF, the same object. */
export function reportWorkbook(r: RegionReport | ProgramReport): BuiltWorkbook {
  const parts: { sheet: string; title: string; rows: object[] }[] = [];
  const add = (sheet: string, title: string, rows: object[]) => parts.push({ sheet, title, rows });
  add('Key findings', 'Key findings (fixed rules over the figures of this report)', r.findings);
  add('Headline', 'Headline figures', [r.headline]);
  if (r.kind === 'region') {
    add('Top skills', 'Most demanded skills', r.topSkills);
    add('Largest gaps', 'Skills with the largest gaps (supply / demand)', r.largestGaps);
    add('No credential aligned', 'Demanded skills no catalogued credential teaches', r.notAligned);
    add('Recognition change', 'Credentials by recognition change', r.recognitionChange);
    add('Industries naming', 'Industries by share of postings naming a micro-credential', r.industryNaming);
    add(
      'Credentials by industry',
      'Credentials the largest industries name most',
      r.credentialsByIndustry.flatMap((i) => i.credentials.map((c) => ({ naics: i.naics, industry: i.label, industryPostings: i.postings, credential: c.key, label: c.label, naming: c.naming, rate: c.rate }))),
    );
    add('Outcomes', 'Outcomes of earners 2 quarters after the award', r.outcomes);
    add('Program demand', 'Program demand', r.programDemand);
  } else {
    add('Occupations', 'Occupations the program leads to', r.occupations);
    add('Outcomes', 'Outcomes of earners 2 quarters after the award', r.outcomes);
    if (r.publicDemand) add('Public data by award level', 'Supply and demand from public data, by award level', r.publicDemand.rows);
  }
  for (const t of r.trends) add(`Trend ${t.title}`, `${t.title} (${t.kind}): ${t.note}`, t.points);
  add('Map', `Map: ${r.map.measure}`, r.map.areas);
  const taken = new Set([PROVENANCE_SHEET.toLowerCase()]);
  const sheets = parts.map((p) => objectSheet(sheetName(p.sheet, taken), p.rows, 'report'));
  const names = sheets.map((s) => s.name);
  const stem = r.kind === 'region' ? `region-report_${r.region}` : `program-report_${r.cip}_${r.region}`;
  return {
    sheets,
    fileName: fileName(stem),
    provenance: {
      title: r.title,
      generatedAt: r.generatedAt,
      dataAsOf: r.dataAsOf,
      demo: r.demo,
      k: r.k,
      filters: { region: r.region, regionName: r.regionName, from: r.from, to: r.to, ...(r.kind === 'program' ? { cip: r.cip } : {}) },
      methodVersions: r.methodVersions,
      taxonomyVersions: r.taxonomyVersions,
      notes: [...r.notices, ...r.methodology],
      sheets: parts.map((p, i) => ({ sheet: names[i], title: p.title, source: `GET /api/reports/${r.kind === 'region' ? `region/${r.region}` : `program/${r.cip}?region=${r.region}`}`, rows: p.rows.length })),
    },
  };
}

/**
 * The peers view as a workbook: the areas (the region, its peers, the nation scaled), the industry
 * mix with location quotients (one row per area and sector) and, when asked with a view, that view's
 * headline measure. Awards are people: a hidden count is empty with awards_suppressed TRUE.
 */
export function peersWorkbook(r: PeersResponse, meta: { dataAsOf: string | null; demo: boolean; taxonomyVersions: Record<string, string> }): BuiltWorkbook {
  const parts: { sheet: string; title: string; rows: object[] }[] = [];
  parts.push({
    sheet: 'Peers',
    title: r.suggested ? 'The region beside its suggested peers (industry mix and size) and the nation scaled' : 'The region beside the peers picked and the nation scaled',
    rows: r.areas.map((a) => ({
      code: a.code,
      name: a.name,
      role: a.role,
      postings: a.postings,
      awards: { value: a.awards, suppressed: a.awardsSuppressed },
      awardsPerThousandPostings: a.awardsPerThousandPostings,
      similarity: a.similarity,
      mixDistance: a.mixDistance,
      sizeDistance: a.sizeDistance,
    })),
  });
  const titles = new Map(r.sectors.map((s) => [s.naics2, s.title]));
  parts.push({
    sheet: 'Industry mix',
    title: 'Unique postings by sector: share and location quotient (nation scaled: expected postings at the national mix)',
    rows: r.areas.flatMap((a) => a.sectors.map((c) => ({ area: a.code, name: a.name, role: a.role, naics2: c.naics2, sector: titles.get(c.naics2) ?? c.naics2, postings: c.count, share: c.share, lq: c.lq }))),
  });
  if (r.measure) {
    const m = r.measure;
    parts.push({
      sheet: 'Headline measure',
      title: `${m.label} (${m.view} view, ${m.from} to ${m.to}): the region, its peers and the nation scaled`,
      rows: m.rows.map((x) => ({ code: x.code, name: x.name, role: x.role, value: x.suppressed ? { value: null, suppressed: true } : x.value, postings: x.postings, index: x.index })),
    });
  }
  const taken = new Set([PROVENANCE_SHEET.toLowerCase()]);
  const sheets = parts.map((p) => objectSheet(sheetName(p.sheet, taken), p.rows, 'peers'));
  const q = new URLSearchParams({ region: r.query.region, from: r.query.from, to: r.query.to, ...(r.suggested ? {} : { peers: r.query.peers.join(',') }), ...(r.measure ? { view: r.measure.view } : {}) });
  return {
    sheets,
    fileName: fileName(`peers_${r.query.region}`),
    provenance: {
      title: `Credential Pulse: peers of ${r.areas[0]?.name ?? r.query.region}`,
      generatedAt: new Date().toISOString(),
      dataAsOf: meta.dataAsOf,
      demo: meta.demo,
      k: r.k,
      filters: { region: r.query.region, from: r.query.from, to: r.query.to, peers: r.query.peers.join(','), peersSuggested: String(r.suggested) },
      methodVersions: { peers: r.methodVersion },
      taxonomyVersions: meta.taxonomyVersions,
      notes: [...r.notes, ...(r.measure ? [`Headline measure from ${r.measure.source}, one request per area.`] : [])],
      sheets: parts.map((p, i) => ({ sheet: sheets[i].name, title: p.title, source: `GET /api/peers?${q.toString()}`, rows: p.rows.length, methodVersion: r.methodVersion, ...(i === 0 ? { suppressedCells: r.suppressedCells } : {}) })),
    },
  };
}

export async function writeBuiltWorkbook(out: Writable, wb: BuiltWorkbook): Promise<number> {
  const counts = await writeWorkbook(out, wb.sheets, () => provenanceLines(wb.provenance));
  return counts.reduce((a, b) => a + b, 0);
}

function fileName(stem: string): string {
  return `credpulse_${stem}_${new Date().toISOString().slice(0, 10)}`.replace(/[^A-Za-z0-9._-]+/g, '-') + '.xlsx';
}
