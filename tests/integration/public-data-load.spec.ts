import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionsCsv, type CompletionRow } from '../fixtures/ipeds-completions.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The real published files shipped in the repository (see their SOURCE.md).
const DATA = join(import.meta.dirname, '..', '..', 'libs', 'taxonomy', 'data');
const HD = join(DATA, 'ipeds_2023', 'hd2023.csv');
const OEWS = join(DATA, 'oews_national_2024', 'oews_national_M2024.csv');

type Row = Record<string, string>;
const readCsvFile = (p: string): Row[] => parse(readFileSync(p), { columns: true, bom: true, skip_empty_lines: true });

export async function clearPublicData(t: TestApp): Promise<void> {
  await t.ds.query('TRUNCATE public_data_load, ipeds_institution, ipeds_completion, oews_estimate, ep_projection, rollup_ipeds_completion');
}

describe('loading public data (IPEDS, OEWS) with credpulse public-data load and POST /api/public-data/:dataset', () => {
  let t: TestApp;
  let admin: string;
  const upload = (dataset: string, body: string | Buffer, q: Record<string, string>) =>
    t.http().post(`/api/public-data/${dataset}`).query(q).set('X-API-Key', admin).set('Content-Type', typeof body === 'string' ? 'text/csv' : 'application/octet-stream').send(body);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.apiKey('admin');
    await clearPublicData(t);
  });
  afterAll(() => t.close());

  it('the real HD2023 loads every institution with COUNTYCD zero-padded to a county FIPS and the CBSA', async () => {
    const res = await upload('ipeds-institutions', readFileSync(HD, 'utf8'), { filename: 'hd2023.csv' });
    expect(res.status).toBe(200);
    const file = readCsvFile(HD);
    expect(res.body).toMatchObject({ status: 'loaded', vintage: '2023', loaded: file.length, rejected: 0 });
    const [alabama] = file.filter((r) => r.UNITID === '100654');
    expect(alabama.COUNTYCD).toBe('1089'); // as published: an integer
    const [row] = await t.ds.query(`SELECT county_fips, cbsa_code, state_fips, name FROM ipeds_institution WHERE unitid = 100654 AND vintage = 2023`);
    expect(row).toEqual({ county_fips: '01089', cbsa_code: alabama.CBSA.padStart(5, '0'), state_fips: '01', name: alabama.INSTNM });
    const [{ ca }] = await t.ds.query(`SELECT count(*)::int AS ca FROM ipeds_institution WHERE state_fips = '06'`);
    expect(ca).toBe(file.filter((r) => r.STABBR === 'CA').length);
  });

  it('the real OEWS national May 2024 file loads its detailed occupations with the markers read as published', async () => {
    const res = await upload('oews', readFileSync(OEWS, 'utf8'), { filename: 'oews_national_M2024.csv' });
    expect(res.status).toBe(200);
    const detailed = readCsvFile(OEWS).filter((r) => r.O_GROUP === 'detailed');
    expect(res.body).toMatchObject({ status: 'loaded', vintage: '2024', loaded: detailed.length, rejected: 0 });
    const nurses = detailed.find((r) => r.OCC_CODE === '29-1141')!;
    const [db] = await t.ds.query(`SELECT employment, annual_median::float8 AS median FROM oews_estimate WHERE vintage = 2024 AND area = 'US' AND soc_code = '29-1141'`);
    expect(db).toEqual({ employment: Number(nurses.TOT_EMP.replace(/,/g, '')), median: Number(nurses.A_MEDIAN.replace(/,/g, '')) });
    // '#' (top-coded) loads as the top-code and is flagged; '*' loads as null.
    const topCoded = detailed.find((r) => r.A_MEDIAN === '#')!;
    const [tc] = await t.ds.query(`SELECT annual_median::float8 AS m, top_coded FROM oews_estimate WHERE vintage = 2024 AND soc_code = $1`, [topCoded.OCC_CODE]);
    expect(tc.m).toBe(239200);
    expect(tc.top_coded).toContain('A_MEDIAN');
    const hourlyOnly = detailed.find((r) => r.A_MEDIAN === '*');
    if (hourlyOnly) {
      const [h] = await t.ds.query(`SELECT annual_median FROM oews_estimate WHERE vintage = 2024 AND soc_code = $1`, [hourlyOnly.OCC_CODE]);
      expect(h.annual_median).toBeNull();
    }
  });

  it('a C_A file loads its rows, skips the grand total, keeps second majors apart, and restores CIP leading zeros', async () => {
    const rows: CompletionRow[] = [
      { unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 5, total: 120 },
      { unitid: 110635, cip: '11.0701', majornum: 2, awlevel: 5, total: 14 },
      { unitid: 110635, cip: '1.0000', majornum: 1, awlevel: 5, total: 11 },
      { unitid: 110635, cip: '11.07', majornum: 1, awlevel: 3, total: 12 }, // 11.0700 after a spreadsheet: does not exist
      { unitid: 110635, cip: '99', majornum: 1, awlevel: 5, total: 145 },
    ];
    const res = await upload('ipeds-completions', completionsCsv(rows), { filename: 'c2022_a.csv' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ vintage: '2022', loaded: 3, skipped: 1, rejected: 1, status: 'partial' });
    expect(res.body.errors).toEqual([{ file: 'c2022_a.csv', line: 5, field: 'CIPCODE', reason: 'CIP 11.0700 is not a CIP 2020 program code' }]);
    const stored = await t.ds.query(`SELECT cip_code, majornum, total FROM ipeds_completion WHERE year = 2022 ORDER BY cip_code, majornum`);
    expect(stored).toEqual([
      { cip_code: '01.0000', majornum: 1, total: 11 },
      { cip_code: '11.0701', majornum: 1, total: 120 },
      { cip_code: '11.0701', majornum: 2, total: 14 },
    ]);
  });

  it('bad rows (unknown UNITID, nonexistent CIP, "PrivacySuppressed" or "." in a count) are listed with line and field; the good rows load', async () => {
    const rows: CompletionRow[] = [
      { unitid: 110635, cip: '51.3801', majornum: 1, awlevel: 5, total: 40 },
      { unitid: 999999, cip: '51.3801', majornum: 1, awlevel: 5, total: 40 },
      { unitid: 110662, cip: '51.3897', majornum: 1, awlevel: 5, total: 40 },
      { unitid: 110662, cip: '51.3801', majornum: 1, awlevel: 5, total: 'PrivacySuppressed' },
      { unitid: 123961, cip: '51.3801', majornum: 1, awlevel: 5, total: '.' },
      { unitid: 123961, cip: '51.3801', majornum: 1, awlevel: 99, total: 3 },
      { unitid: 123961, cip: '51.3801', majornum: 3, awlevel: 5, total: 3 },
    ];
    const res = await upload('ipeds-completions', completionsCsv(rows), { filename: 'c2021_a.csv' });
    expect(res.status).toBe(200);
    expect(res.body.loaded).toBe(1);
    const byLine = Object.fromEntries((res.body.errors as { line: number; field: string; reason: string }[]).map((e) => [e.line, e]));
    expect(byLine[3]).toMatchObject({ field: 'UNITID', reason: expect.stringMatching(/999999 is not in the loaded IPEDS institutions/) });
    expect(byLine[4]).toMatchObject({ field: 'CIPCODE', reason: expect.stringMatching(/51\.3897 is not a CIP 2020/) });
    expect(byLine[5]).toMatchObject({ field: 'CTOTALT', reason: expect.stringMatching(/PrivacySuppressed/) });
    expect(byLine[6]).toMatchObject({ field: 'CTOTALT', reason: expect.stringMatching(/"\."/) });
    expect(byLine[7]).toMatchObject({ field: 'AWLEVEL' });
    expect(byLine[8]).toMatchObject({ field: 'MAJORNUM' });
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM ipeds_completion WHERE year = 2021`);
    expect(n).toBe(1);
  });

  it('loading the same vintage again replaces it (no double counting) and leaves other years as they were', async () => {
    const before = await t.ds.query(`SELECT year, sum(total)::int AS s FROM ipeds_completion GROUP BY 1 ORDER BY 1`);
    const rows: CompletionRow[] = [{ unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 5, total: 130 }];
    const again = await upload('ipeds-completions', completionsCsv(rows), { filename: 'c2022_a.csv' });
    expect(again.body).toMatchObject({ loaded: 1, replaced: 3 });
    const twice = await upload('ipeds-completions', completionsCsv(rows), { filename: 'c2022_a.csv' });
    expect(twice.body).toMatchObject({ loaded: 1, replaced: 1 });
    const after = await t.ds.query(`SELECT year, sum(total)::int AS s FROM ipeds_completion GROUP BY 1 ORDER BY 1`);
    expect(after).toEqual([before[0], { year: 2022, s: 130 }]);
  });

  it('a file with no loadable row is refused whole (422) and the vintage already loaded is untouched', async () => {
    const before = await t.ds.query(`SELECT sum(total)::int AS s FROM ipeds_completion WHERE year = 2022`);
    const bad = completionsCsv([{ unitid: 999998, cip: '11.0701', majornum: 1, awlevel: 5, total: 5 }]);
    const res = await upload('ipeds-completions', bad, { filename: 'c2022_a.csv' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors[0]).toMatchObject({ line: 2, field: 'UNITID' });
    expect(await t.ds.query(`SELECT sum(total)::int AS s FROM ipeds_completion WHERE year = 2022`)).toEqual(before);
    // Not a C_A file at all: a file-level error that names the columns it needs.
    const wrong = await upload('ipeds-completions', 'a,b\n1,2\n', { filename: 'c2022_a.csv' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toMatch(/UNITID, CIPCODE, MAJORNUM, AWLEVEL and CTOTALT/);
    // No year in the name and none given.
    const noYear = await upload('ipeds-completions', completionsCsv([{ unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 5, total: 5 }]), { filename: 'completions.csv' });
    expect(noYear.status).toBe(422);
    expect(noYear.body.detail).toMatch(/year/);
  });

  it('an OEWS workbook whose data sheet is not the first loads from the sheet that has the OEWS columns', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('Field Descriptions');
    notes.addRow(['Field', 'Field Description']);
    notes.addRow(['AREA', 'U.S. (99), state FIPS code, MSA code']);
    const data = wb.addWorksheet('state_M2024_dl');
    data.addRow(['AREA', 'AREA_TITLE', 'AREA_TYPE', 'PRIM_STATE', 'NAICS', 'NAICS_TITLE', 'I_GROUP', 'OWN_CODE', 'OCC_CODE', 'OCC_TITLE', 'O_GROUP', 'TOT_EMP', 'EMP_PRSE', 'JOBS_1000', 'LOC_QUOTIENT', 'PCT_TOTAL', 'PCT_RPT', 'H_MEAN', 'A_MEAN', 'MEAN_PRSE', 'H_PCT10', 'H_PCT25', 'H_MEDIAN', 'H_PCT75', 'H_PCT90', 'A_PCT10', 'A_PCT25', 'A_MEDIAN', 'A_PCT75', 'A_PCT90', 'ANNUAL', 'HOURLY']);
    data.addRow([6, 'California', 2, 'CA', '000000', 'Cross-industry', 'cross-industry', 1235, '00-0000', 'All Occupations', 'total', 18000000, 0.1, 1000, 1, '', '', 35, 75000, 0.3, 17, 19, 25, 40, 60, 35000, 40000, 52000, 83000, 125000, '', '']);
    data.addRow([6, 'California', 2, 'CA', '000000', 'Cross-industry', 'cross-industry', 1235, '29-1141', 'Registered Nurses', 'detailed', 331000, 1.1, 18.4, 1.2, '', '', 68, 148000, 0.5, 45, 55, 66, 80, 95, 93000, 114000, 137000, 166000, 196000, '', '']);
    data.addRow([6, 'California', 2, 'CA', '000000', 'Cross-industry', 'cross-industry', 1235, '29-1228', 'Physicians, All Other', 'detailed', 20000, 3, 1.1, 0.8, '', '', '#', '#', 2, 60, 90, '#', '#', '#', 125000, 187000, '#', '#', '#', '', '']);
    data.addRow([6, 'California', 2, 'CA', '000000', 'Cross-industry', 'cross-industry', 1235, '15-1252', 'Software Developers', 'detailed', '**', '', '', '', '', '', 80, 170000, 1, 40, 55, 78, 98, 115, 85000, 115000, 162000, 205000, 239000, '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload('oews', buf, { filename: 'state_M2024_dl.xlsx' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ vintage: '2024', loaded: 3, skipped: 1, rejected: 0 });
    const ca = await t.ds.query(`SELECT soc_code, employment, annual_median::float8 AS m FROM oews_estimate WHERE area_type = 2 AND area = '06' ORDER BY soc_code`);
    expect(ca).toEqual([
      { soc_code: '15-1252', employment: null, m: 162000 },
      { soc_code: '29-1141', employment: 331000, m: 137000 },
      { soc_code: '29-1228', employment: 20000, m: 239200 },
    ]);
    // The national rows of the same May 2024 vintage are still there.
    const [{ us }] = await t.ds.query(`SELECT count(*)::int AS us FROM oews_estimate WHERE vintage = 2024 AND area = 'US'`);
    expect(us).toBeGreaterThan(800);

    // A workbook with no OEWS sheet: a file-level error naming the sheets, nothing loaded.
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Notes').addRow(['nothing here']);
    other.addWorksheet('Data').addRow(['OCC', 'EMP']);
    const none = await upload('oews', Buffer.from(await other.xlsx.writeBuffer()), { filename: 'state_M2024_dl.xlsx' });
    expect(none.status).toBe(422);
    expect(none.body.detail).toMatch(/no worksheet has a header row with OCC_CODE, TOT_EMP and A_MEDIAN \(sheets: "Notes", "Data"\)/);
  });

  it('GET /api/public-data lists each loaded dataset with vintage, rows, loaded at and source', async () => {
    const res = await t.http().get('/api/public-data');
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries((res.body as { dataset: string; vintage: string }[]).map((r) => [`${r.dataset}:${r.vintage}`, r]));
    expect(byKey['ipeds-institutions:2023']).toMatchObject({ rows: 6163, source: 'hd2023.csv' });
    expect(byKey['ipeds-completions:2022']).toMatchObject({ rows: 1, source: 'c2022_a.csv' });
    expect(byKey['oews:2024'].source).toMatch(/oews_national_M2024\.csv; state_M2024_dl\.xlsx \(sheet state_M2024_dl\)/);
    expect(byKey['oews:2024'].areas).toEqual(['06', 'US']);
    expect(Date.parse(byKey['oews:2024'].loadedAt)).toBeGreaterThan(0);
  });

  it('uploads are for admins; an unknown dataset is a 400 with a close match', async () => {
    expect((await t.http().post('/api/public-data/oews').send('x')).status).toBe(401);
    const typo = await t.http().post('/api/public-data/oew').set('X-API-Key', admin).send('x');
    expect(typo.status).toBe(400);
    expect(typo.body.suggestion).toBe('oews');
  });
});
