import { inflateRawSync } from 'node:zlib';
import readXlsxFile from 'read-excel-file/node';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEW_SHEETS } from '@credpulse/contracts';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { loadExportFixture, type ExportFixture } from './export-records.fixture.js';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A board member downloads a whole view (or a report, or one metric) as one .xlsx: a sheet per chart
// with exactly the rows the chart's API request gives, suppressed the same way, and a Provenance
// sheet. Read back with read-excel-file, a reader independent of the writer (ExcelJS).

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

type Cell = string | number | boolean | Date | null;
async function readBook(buf: Buffer): Promise<Map<string, Cell[][]>> {
  const sheets = (await readXlsxFile(buf)) as { sheet: string; data: Cell[][] }[];
  return new Map(sheets.map((s) => [s.sheet, s.data]));
}
const provenanceOf = (rows: Cell[][]) => new Map(rows.slice(1).filter((r) => r[0] !== 'Note').map((r) => [String(r[0]), r[1]]));

/** The XML parts of an .xlsx (a zip): enough to prove no cell is a formula. */
function zipEntries(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  // central directory: walk the local headers (ExcelJS writes sizes in the central directory, so read it)
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = buf.readUInt32LE(eocd + 16);
  const n = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < n; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const lStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(lStart, lStart + size);
    out.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

describe('workbook export (xlsx)', () => {
  let t: TestApp;
  let fx: ExportFixture;
  let key: string;
  const Q = 'region=us&from=2025-01&to=2025-12';
  const PAYLOAD = '=HYPERLINK("http://x.example","click")';

  beforeAll(async () => {
    t = await startTestApp({ recordExports: true });
    await truncateFacts(t.ds);
    fx = await loadExportFixture(t.ds, 120);
    // a posting whose employer is a formula (third-party feeds carry anything)
    await t.ds.query(
      `INSERT INTO job_posting(source_key, employer, title, naics_code, soc_code, county_fips, state_fips, posted_date, salary_annual, degree_level)
       VALUES ('fx:formula', $1, '@SUM(A1) analyst', '5415', '15-1211', $2, '06', DATE '2025-05-01', -1500.5, 0)`,
      [PAYLOAD, fx.counties[0].fips],
    );
    // a third skill with fewer awards than k behind it: its supply is suppressed
    const [c3] = await t.ds.query(`INSERT INTO credential(source_key, name, type, provider_id) VALUES ('fx:c3', 'Rare Badge', 'badge', $1) RETURNING id`, [fx.providerId]);
    await t.ds.query(`INSERT INTO credential_skill VALUES ($1, $2)`, [c3.id, fx.skills[2]]);
    await t.ds.query(`INSERT INTO posting_skill(posting_id, skill_id, level) SELECT id, $1, 1 FROM job_posting WHERE id % 5 = 1 ON CONFLICT DO NOTHING`, [fx.skills[2]]);
    await t.ds.query(
      `INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips) SELECT 'fx:r' || g, 'R' || g, $1, DATE '2025-03-01' + g, $2, '06' FROM generate_series(1, 4) g`,
      [c3.id, fx.counties[0].fips],
    );
    await refreshRollups(t.ds);
    key = await t.apiKey('researcher');
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string) => t.http().get(path).set('X-API-Key', key).buffer(true).parse(binary);
  const json = async (path: string) => (await t.http().get(path).set('X-API-Key', key).expect(200)).body;

  it('the recognition view downloads as one workbook: a sheet per chart with the chart API rows, and a provenance sheet', async () => {
    const res = await get(`/api/exports/views/recognition?format=xlsx&${Q}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml\.sheet/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="credpulse_view-recognition_us_\d{4}-\d{2}-\d{2}\.xlsx"/);
    const book = await readBook(res.body as Buffer);
    expect([...book.keys()]).toEqual(['Recognition by industry', 'Credentials named', 'Provenance']);
    let total = 0;
    for (const def of VIEW_SHEETS.recognition) {
      const api = await json(`/api/metrics/recognition?${Q}&${new URLSearchParams(def.params as Record<string, string>).toString()}`);
      const sheet = book.get(def.sheet)!;
      expect(sheet.length - 1, def.sheet).toBe(api.rows.length);
      expect(sheet[0]).toContain('key');
      expect(sheet.slice(1).map((r) => r[sheet[0].indexOf('key')])).toEqual(api.rows.map((r: { key: string }) => r.key));
      total += api.rows.length;
    }
    expect(Number(res.headers['x-credpulse-row-count'])).toBe(total);
    const prov = provenanceOf(book.get('Provenance')!);
    expect(prov.get('Filter: region')).toBe('us');
    expect(prov.get('Filter: from')).toBe('2025-01');
    expect(prov.get('Filter: to')).toBe('2025-12');
    expect(prov.get('Method version: recognition')).toMatch(/^recognition@/);
    expect(prov.has('Data as of')).toBe(true);
    expect(prov.get('Disclosure threshold k')).toBe(10);
    expect(String(prov.get('Suppression'))).toMatch(/fewer than k = 10 people is hidden/);
    expect(String(prov.get('Sheet: Credentials named'))).toMatch(/rows; from GET \/api\/metrics\/recognition\?groupBy=credential&limit=25/);
  });

  it('a text cell that is a formula comes back as quoted text, never as a formula', async () => {
    const res = await get('/api/exports/postings?format=xlsx&from=2025-05&to=2025-05');
    const sheet = (await readBook(res.body as Buffer)).get('postings')!;
    const row = sheet.find((r) => r[sheet[0].indexOf('source_key')] === 'fx:formula')!;
    expect(row[sheet[0].indexOf('employer')]).toBe(`'${PAYLOAD}`);
    expect(row[sheet[0].indexOf('title')]).toBe(`'@SUM(A1) analyst`);
    // a negative number stays a number
    expect(row[sheet[0].indexOf('salary_annual')]).toBe(-1500.5);
    const xml = [...zipEntries(res.body as Buffer)].filter(([name]) => name.startsWith('xl/worksheets/'));
    expect(xml.length).toBe(2);
    for (const [, x] of xml) expect(x).not.toMatch(/<f[ >]/);
  });

  it('skill-gap as xlsx: the same rows as the API, a hidden supply an empty cell flagged suppressed, never 0', async () => {
    const api = await json(`/api/metrics/skill-gap?${Q}`);
    const res = await get(`/api/exports/metrics/skill-gap?format=xlsx&${Q}`);
    expect(res.status).toBe(200);
    const book = await readBook(res.body as Buffer);
    expect([...book.keys()]).toEqual(['skill-gap', 'Provenance']);
    const sheet = book.get('skill-gap')!;
    const col = (name: string) => sheet[0].indexOf(name);
    expect(sheet.length - 1).toBe(api.rows.length);
    const hidden = sheet.slice(1).filter((r) => r[col('supply_suppressed')] === true);
    expect(hidden.map((r) => r[col('key')])).toContain(fx.skills[2]);
    for (const r of hidden) expect(r[col('supply')]).toBeNull();
    const prov = provenanceOf(book.get('Provenance')!);
    expect(prov.get('Method version: skill-gap')).toBe(api.methodVersion);
    expect(String(prov.get('Sheet: skill-gap'))).toMatch(new RegExp(`${api.suppressedCells} cells suppressed`));
  });

  it('the regional report downloads as a workbook with a sheet per section and the report provenance', async () => {
    const report = await json(`/api/reports/region/state:06?from=2025-01&to=2025-12`);
    const res = await get(`/api/reports/region/state:06.xlsx?from=2025-01&to=2025-12`);
    expect(res.status).toBe(200);
    const book = await readBook(res.body as Buffer);
    const names = [...book.keys()];
    expect(names.slice(0, 5)).toEqual(['Key findings', 'Headline', 'Top skills', 'Largest gaps', 'No credential aligned']);
    expect(names.at(-1)).toBe('Provenance');
    expect(book.get('Top skills')!.length - 1).toBe(report.topSkills.length);
    expect(book.get('Largest gaps')!.length - 1).toBe(report.largestGaps.length);
    const prov = provenanceOf(book.get('Provenance')!);
    expect(prov.get('Workbook')).toBe(report.title);
    expect(prov.get('Filter: region')).toBe('state:06');
    expect(prov.get('Method version: skill-gap')).toBe(report.methodVersions['skill-gap']);
  });

  it('a record-level table as xlsx streams every row, with its data dictionary in the provenance', async () => {
    const res = await get('/api/exports/postings?format=xlsx&from=2025-01&to=2025-12');
    expect(res.status).toBe(200);
    const book = await readBook(res.body as Buffer);
    const rows = book.get('postings')!;
    expect(rows.length - 1).toBe(Number(res.headers['x-credpulse-row-count']));
    expect(rows.length - 1).toBeGreaterThan(50);
    const prov = provenanceOf(book.get('Provenance')!);
    expect(prov.has('Column: source_key')).toBe(true);
    expect(prov.has('Suppression')).toBe(false);
  });

  it('the peers view downloads as a workbook, and a saved view of /peers renders the same workbook and a PDF for a schedule', async () => {
    const qs = 'region=state:06&peers=state:48&from=2025-01&to=2025-12';
    const res = await get(`/api/exports/views/peers?format=xlsx&${qs}&view=equity`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename="credpulse_peers_state-06_\d{4}-\d{2}-\d{2}\.xlsx"/);
    const book = await readBook(res.body as Buffer);
    expect([...book.keys()]).toEqual(['Peers', 'Industry mix', 'Headline measure', 'Provenance']);
    const api = await json(`/api/peers?${qs}&view=equity`);
    const peersSheet = book.get('Peers')!;
    expect(peersSheet.slice(1).map((r) => r[peersSheet[0].indexOf('code')])).toEqual(api.areas.map((a: { code: string }) => a.code));
    expect(peersSheet[0]).toEqual(expect.arrayContaining(['awards', 'awards_suppressed']));
    const measure = book.get('Headline measure')!;
    expect(measure.slice(1).map((r) => r[measure[0].indexOf('value')])).toEqual(api.measure.rows.map((r: { value: number | null }) => r.value));
    expect(provenanceOf(book.get('Provenance')!).get('Filter: peers')).toBe('state:48');
    // schedules: a saved view of /peers resolves to the peers workbook (and its PDF)
    await t.ds.query(`DELETE FROM saved_view WHERE name IN ('Peers of CA', 'Peers, no region')`);
    await t.ds.query(`INSERT INTO saved_view(name, path, query, owner_kind, owner_id, owner_name) VALUES ('Peers of CA', '/peers', $1, 'apiKey', 1, 'test')`, [qs]);
    const [v]: { id: number }[] = await t.ds.query(`SELECT id FROM saved_view WHERE name = 'Peers of CA'`);
    const { resolveSavedView, render } = await import('../../apps/api/src/modules/schedules/schedule.delivery.js');
    const { ReportsService } = await import('../../apps/api/src/modules/reports/reports.service.js');
    const { ExportService } = await import('../../apps/api/src/modules/export/export.service.js');
    const { SchedulesRepository } = await import('../../apps/api/src/modules/schedules/schedules.repository.js');
    const repo = t.app.get(SchedulesRepository, { strict: false });
    const r = resolveSavedView(v.id, await repo.savedView(v.id));
    expect(r.target).toEqual({ kind: 'peers', filters: { region: 'state:06', peers: 'state:48', from: '2025-01', to: '2025-12' } });
    const out = await render(r.target!, t.app.get(ReportsService, { strict: false }), t.app.get(ExportService, { strict: false }));
    expect(out.what).toBe('peers_state:06');
    expect(out.workbook.sheets.map((x) => x.name)).toEqual(['Peers', 'Industry mix']);
    expect(out.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await t.ds.query(`INSERT INTO saved_view(name, path, query, owner_kind, owner_id, owner_name) VALUES ('Peers, no region', '/peers', '', 'apiKey', 1, 'test')`);
    const [bare]: { id: number }[] = await t.ds.query(`SELECT id FROM saved_view WHERE name = 'Peers, no region'`);
    expect(resolveSavedView(bare.id, await repo.savedView(bare.id)).target).toBeNull();
    await t.ds.query('DELETE FROM saved_view WHERE id = ANY($1)', [[v.id, bare.id]]);
  });

  it('bad input: unknown view, a format other than xlsx, an unknown filter: 400 problem+json naming the parameter', async () => {
    for (const [path, param] of [
      ['/api/exports/views/nope?format=xlsx', 'view'],
      ['/api/exports/views/recognition?format=csv', 'format'],
      ['/api/exports/views/recognition', 'format'],
      ['/api/exports/views/recognition?format=xlsx&cip=51', 'cip'],
      ['/api/exports/views/recognition?format=xlsx&from=2025-13', 'from'],
      ['/api/exports/views/peers?format=xlsx', 'region'],
      ['/api/exports/views/peers?format=xlsx&region=state:06&peers=nowhere', 'peers'],
    ] as const) {
      const res = await t.http().get(path).set('X-API-Key', key);
      expect(res.status, path).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body), path).toContain(param);
    }
  });
});
