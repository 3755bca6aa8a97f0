import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicDataLoadSummary } from '@credpulse/contracts';
import { completionsCsv, type CompletionRow } from '../fixtures/ipeds-completions.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// `credpulse public-data load <dataset> <file...> [--year Y] [--json]` run as a user runs it: the
// real CLI (bin/credpulse.mjs) in its own process against the suite's PostgreSQL, on extracts of
// the real HD2023 and OEWS national files (tests/fixtures/public-data, see SOURCE.md) and C_A files
// written here in the official layout. Expected figures are computed here from the files.

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'public-data');
const postgres = inject('databaseMode') === 'postgres';
type Row = Record<string, string>;
const readCsv = (p: string): Row[] => parse(readFileSync(p), { columns: true, bom: true, skip_empty_lines: true });

const C2023: CompletionRow[] = [
  { unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 5, total: 600 },
  { unitid: 110635, cip: '11.0701', majornum: 2, awlevel: 5, total: 80 },
  { unitid: 110635, cip: '99', majornum: 1, awlevel: 5, total: 4000 },
  { unitid: 110662, cip: '11.0701', majornum: 1, awlevel: 7, total: 90 },
  { unitid: 117645, cip: '1.0000', majornum: 1, awlevel: 3, total: 25 },
  { unitid: 228778, cip: '11.0701', majornum: 1, awlevel: 5, total: 700 },
];

describe.skipIf(!postgres)('credpulse public-data load through the CLI (PostgreSQL)', () => {
  let t: TestApp;
  let dir: string;
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/credpulse.mjs'), 'public-data', ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), CREDPULSE_DATA_DIR: join(dir, 'data'), CREDPULSE_SECRET: 'public-data-cli-test-secret' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const json = (r: { stdout: string; stderr: string }): PublicDataLoadSummary => {
    try {
      return JSON.parse(r.stdout) as PublicDataLoadSummary;
    } catch {
      throw new Error(`not JSON on stdout: ${r.stdout}\n${r.stderr}`);
    }
  };
  const firstMajors = async (year: number) =>
    (await t.ds.query(`SELECT unitid, cip_code AS cip, award_level AS aw, total FROM ipeds_completion WHERE year = $1 AND majornum = 1 ORDER BY 1, 2, 3`, [year])) as { unitid: number; cip: string; aw: number; total: number }[];

  beforeAll(async () => {
    t = await startTestApp();
    await truncateFacts(t.ds);
    dir = mkdtempSync(join(tmpdir(), 'credpulse-public-data-cli-'));
    // The user's own copies, named as published.
    copyFileSync(join(FIXTURES, 'hd2023.csv'), join(dir, 'hd2023.csv'));
    copyFileSync(join(FIXTURES, 'oews_national_M2024.csv'), join(dir, 'oews_national_M2024.csv'));
    writeFileSync(join(dir, 'c2023_a.csv'), completionsCsv(C2023));
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 300_000);

  it('loads the real HD2023 and OEWS extracts and a C_A file, with the counts of the files (grand total skipped, second majors kept apart)', async () => {
    const hd = cli('load', 'ipeds-institutions', 'hd2023.csv', '--json');
    expect(hd.status, hd.stderr).toBe(0);
    const hdRows = readCsv(join(dir, 'hd2023.csv'));
    expect(json(hd)).toMatchObject({ loaded: hdRows.length, rejected: 0, files: [{ file: 'hd2023.csv', vintage: '2023', status: 'loaded' }] });
    // COUNTYCD read as an integer and zero-padded; -2 (College of Micronesia, outside the state list): no state, no county.
    const places = await t.ds.query(`SELECT unitid, state_fips AS state, county_fips AS county FROM ipeds_institution WHERE vintage = 2023 ORDER BY unitid`);
    expect(places).toEqual(
      hdRows
        .map((r) => ({ unitid: Number(r.UNITID), state: r.UNITID === '243638' ? null : r.FIPS.padStart(2, '0'), county: Number(r.COUNTYCD) > 0 ? r.COUNTYCD.padStart(5, '0') : null }))
        .sort((a, b) => a.unitid - b.unitid),
    );

    const oews = cli('load', 'oews', 'oews_national_M2024.csv', '--json');
    expect(oews.status, oews.stderr).toBe(0);
    const occ = readCsv(join(dir, 'oews_national_M2024.csv'));
    const detailed = occ.filter((r) => r.O_GROUP === 'detailed');
    expect(json(oews)).toMatchObject({ loaded: detailed.length, skipped: occ.length - detailed.length, rejected: 0 });
    const nurses = detailed.find((r) => r.OCC_CODE === '29-1141')!;
    const [rn] = await t.ds.query(`SELECT employment, annual_median::float8 AS wage FROM oews_estimate WHERE vintage = 2024 AND area = 'US' AND soc_code = '29-1141'`);
    expect(rn).toEqual({ employment: Number(nurses.TOT_EMP), wage: Number(nurses.A_MEDIAN) });

    const ca = cli('load', 'ipeds-completions', 'c2023_a.csv', '--json');
    expect(ca.status, ca.stderr).toBe(0);
    expect(json(ca)).toMatchObject({ loaded: C2023.length - 1, skipped: 1, rejected: 0 });
    const expected = C2023.filter((r) => r.cip !== '99' && r.majornum === 1)
      .map((r) => ({ unitid: Number(r.unitid), cip: `${r.cip.split('.')[0].padStart(2, '0')}.${r.cip.split('.')[1]}`, aw: Number(r.awlevel), total: Number(r.total) }))
      .sort((a, b) => a.unitid - b.unitid || a.cip.localeCompare(b.cip) || a.aw - b.aw);
    expect(await firstMajors(2023)).toEqual(expected);
  }, 300_000);

  it('running the same loads again replaces each vintage: same rows, nothing counted twice', async () => {
    const before = await t.ds.query(`SELECT (SELECT count(*)::int FROM ipeds_institution) AS i, (SELECT count(*)::int FROM oews_estimate) AS o, (SELECT sum(total)::int FROM ipeds_completion) AS c`);
    for (const [dataset, file] of [['ipeds-institutions', 'hd2023.csv'], ['oews', 'oews_national_M2024.csv'], ['ipeds-completions', 'c2023_a.csv']]) {
      const r = cli('load', dataset, file, '--json');
      expect(r.status, r.stderr).toBe(0);
      const s = json(r);
      expect(s.files[0].replaced).toBe(s.loaded);
    }
    expect(await t.ds.query(`SELECT (SELECT count(*)::int FROM ipeds_institution) AS i, (SELECT count(*)::int FROM oews_estimate) AS o, (SELECT sum(total)::int FROM ipeds_completion) AS c`)).toEqual(before);
  }, 300_000);

  it('a bad C_A file is reported by file, line, field and reason, exits 1 and leaves the loaded year exactly as it was', async () => {
    const before = await firstMajors(2023);
    const bad: CompletionRow[] = [
      { unitid: 999999, cip: '11.0701', majornum: 1, awlevel: 5, total: 40 }, // line 2: unknown UNITID
      { unitid: 110635, cip: '51.3897', majornum: 1, awlevel: 5, total: 40 }, // line 3: no such CIP
      { unitid: 110662, cip: '11.0701', majornum: 1, awlevel: 5, total: 'PrivacySuppressed' }, // line 4
      { unitid: 117645, cip: '11.0701', majornum: 1, awlevel: 3, total: '.' }, // line 5
    ];
    const badDir = join(dir, 'bad');
    rmSync(badDir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', badDir]);
    writeFileSync(join(badDir, 'c2023_a.csv'), completionsCsv(bad));
    const text = cli('load', 'ipeds-completions', join('bad', 'c2023_a.csv'));
    expect(text.status).toBe(1);
    const lines = text.stdout.split('\n');
    expect(lines).toContain('c2023_a.csv:2: UNITID: UNITID 999999 is not in the loaded IPEDS institutions (HD files); load its HD file first');
    expect(lines).toContain('c2023_a.csv:3: CIPCODE: CIP 51.3897 is not a CIP 2020 program code');
    expect(lines.find((l) => l.startsWith('c2023_a.csv:4: CTOTALT: '))).toMatch(/PrivacySuppressed/);
    expect(lines.find((l) => l.startsWith('c2023_a.csv:5: CTOTALT: '))).toMatch(/"\."/);
    expect(text.stdout).toMatch(/no row could be loaded \(4 rejected\); nothing changed/);
    expect(await firstMajors(2023)).toEqual(before);

    // A download cut off inside a quoted CIPCODE: the rows above the cut are not the file, so the
    // file is refused whole and the year keeps its rows.
    writeFileSync(join(badDir, 'c2023_a.csv'), completionsCsv(C2023.slice(0, 2)) + '110662,"11.07');
    const cut = cli('load', 'ipeds-completions', join('bad', 'c2023_a.csv'), '--json');
    expect(cut.status).toBe(1);
    expect(json(cut).files[0]).toMatchObject({ status: 'failed', loaded: 0 });
    expect(json(cut).files[0].detail).toMatch(/^c2023_a\.csv: line 4: unclosed quote: .*nothing of the file is loaded/);
    expect(await firstMajors(2023)).toEqual(before);
  }, 300_000);

  it('several files in one command: each is its own transaction, a refused one loads nothing and the exit code says so', async () => {
    writeFileSync(join(dir, 'completions_2022.csv'), completionsCsv([{ unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 5, total: 560 }]));
    writeFileSync(join(dir, 'c2021_a.csv'), 'UNITID,CIPCODE\n110635,11.0701\n');
    // --year gives the vintage a file name does not say.
    const one = cli('load', 'ipeds-completions', 'completions_2022.csv', '--year', '2022', '--json');
    expect(one.status, one.stderr).toBe(0);
    expect(json(one).files[0]).toMatchObject({ vintage: '2022', loaded: 1 });
    const both = cli('load', 'ipeds-completions', 'c2023_a.csv', 'c2021_a.csv', '--json');
    expect(both.status).toBe(1);
    const s = json(both);
    expect(s.files.map((f) => [f.file, f.status])).toEqual([['c2023_a.csv', 'loaded'], ['c2021_a.csv', 'failed']]);
    expect(s.files[1].detail).toMatch(/UNITID, CIPCODE, MAJORNUM, AWLEVEL and CTOTALT/);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM ipeds_completion WHERE year = 2021`);
    expect(n).toBe(0);
  }, 300_000);

  it('GET /api/public-data and credpulse public-data list name each loaded vintage with its rows and source', async () => {
    const res = await t.http().get('/api/public-data');
    expect(res.status).toBe(200);
    const got = (res.body as { dataset: string; vintage: string; rows: number; source: string }[]).map((r) => [r.dataset, r.vintage, r.rows, r.source]).sort();
    const occ = readCsv(join(dir, 'oews_national_M2024.csv')).filter((r) => r.O_GROUP === 'detailed');
    expect(got).toEqual(
      [
        ['ipeds-completions', '2022', 1, 'completions_2022.csv'],
        ['ipeds-completions', '2023', C2023.length - 1, 'c2023_a.csv'],
        ['ipeds-institutions', '2023', readCsv(join(dir, 'hd2023.csv')).length, 'hd2023.csv'],
        ['oews', '2024', occ.length, 'oews_national_M2024.csv'],
      ].sort(),
    );
    const list = cli('list', '--json');
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { dataset: string; vintage: string }[]).map((r) => `${r.dataset}:${r.vintage}`).sort()).toEqual(['ipeds-completions:2022', 'ipeds-completions:2023', 'ipeds-institutions:2023', 'oews:2024']);
  }, 300_000);
});
