import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramAwardLevelRow, ProgramDemandAwardLevelResponse, ProgramDemandResponse } from '@credpulse/contracts';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { completionsCsv, type CompletionRow } from '../fixtures/ipeds-completions.fixture.js';
import { Readable } from 'node:stream';
import type { PublicDataset } from '@credpulse/contracts';
import { PUBLIC_DATA_ROLLUPS } from '../../apps/api/src/modules/analytics/catalogue/catalogue.js';
import { loadPublicDataFile } from '../../apps/api/src/modules/public-data/public-data.loader.js';
import { ProgramDemandRepository } from '../../apps/api/src/modules/program-demand/program-demand.repository.js';
import { PublicDemandRepository, publicDemandVersion } from '../../apps/api/src/modules/program-demand/public-demand.repository.js';
import { awardLevelRows, contextFromPrecomputed, publicContext, type PublicContext } from '../../apps/api/src/modules/program-demand/public-demand.js';
import { areaFilters } from '../../apps/api/src/modules/program-demand/public-demand.refresh.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from '../../apps/api/src/modules/program-demand/program-demand.service.js';
import { FilterService } from '../../apps/api/src/modules/analytics/filters/filter.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// A dean's question on public data: computer science (CIP 11.0701) in California, by award level.
// Real HD2023 and OEWS national files from the repository; C_A, a California OEWS file and a
// projections table written here in the published layouts. Every expected figure is computed in
// this file from the rows written and the real files, not read back from the database.
const DATA = join(import.meta.dirname, '..', '..', 'libs', 'taxonomy', 'data');
type Row = Record<string, string>;
const readCsvFile = (p: string): Row[] => parse(readFileSync(p), { columns: true, bom: true, skip_empty_lines: true });

const HD = readCsvFile(join(DATA, 'ipeds_2023', 'hd2023.csv'));
const CROSSWALK = readCsvFile(join(DATA, 'cip_soc_crosswalk', 'cip2020_soc2018_crosswalk.csv'));
const CA_UNITS = new Set(HD.filter((r) => r.STABBR === 'CA').map((r) => Number(r.UNITID)));
const LA_UNITS = new Set(HD.filter((r) => r.COUNTYCD === '6037').map((r) => Number(r.UNITID)));

const C2023: CompletionRow[] = [
  { unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 5, total: 600 },
  { unitid: 110635, cip: '11.0701', majornum: 2, awlevel: 5, total: 80 }, // second majors: not extra graduates
  { unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 7, total: 120 },
  { unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 17, total: 30 },
  { unitid: 110635, cip: '99', majornum: 1, awlevel: 5, total: 4000 }, // grand total: never a program
  { unitid: 110662, cip: '11.0701', majornum: 1, awlevel: 5, total: 450 },
  { unitid: 110662, cip: '11.0701', majornum: 1, awlevel: 7, total: 90 },
  { unitid: 110662, cip: '11.0101', majornum: 1, awlevel: 5, total: 200 },
  { unitid: 117645, cip: '11.0701', majornum: 1, awlevel: 3, total: 40 },
  { unitid: 117645, cip: '11.0701', majornum: 1, awlevel: 2, total: 25 },
  { unitid: 117645, cip: '11.0701', majornum: 1, awlevel: 20, total: 4 }, // fewer than k = 10: suppressed
  { unitid: 117645, cip: '11.0101', majornum: 1, awlevel: 3, total: 15 },
  { unitid: 228778, cip: '11.0701', majornum: 1, awlevel: 5, total: 700 }, // Texas: outside the region
];
const C2022: CompletionRow[] = [
  { unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 5, total: 560 },
  { unitid: 110662, cip: '11.0701', majornum: 1, awlevel: 5, total: 430 },
  { unitid: 110662, cip: '11.0701', majornum: 2, awlevel: 5, total: 50 },
  { unitid: 110635, cip: '99', majornum: 1, awlevel: 5, total: 3900 },
];

// BLS projections, occupation table layout (numbers in thousands) with the typical entry education.
const PROJECTIONS: [string, string, number, number, number, string][] = [
  ['Software developers', '15-1252', 1692.1, 1995.7, 140.1, "Bachelor's degree"],
  ['Software quality assurance analysts and testers', '15-1253', 204.5, 222.4, 16.4, "Bachelor's degree"],
  ['Web developers', '15-1254', 95.4, 102.5, 7.7, "Bachelor's degree"],
  ['Computer and information systems managers', '11-3021', 613.4, 725.4, 54.7, "Bachelor's degree"],
  ['Computer systems analysts', '15-1211', 527.2, 584.3, 37.5, "Bachelor's degree"],
  ['Computer and information research scientists', '15-1221', 36.6, 45.0, 3.4, "Master's degree"],
  ['Computer network support specialists', '15-1231', 207.8, 217.7, 14.3, "Associate's degree"],
];
const projectionsCsv = (): string =>
  [
    'Table 1.7 Occupational projections, 2023-33, and worker characteristics',
    '2023 National Employment Matrix title,2023 National Employment Matrix code,Occupation type,"Employment, 2023","Employment, 2033","Employment change, numeric, 2023-33","Occupational openings, 2023-33 annual average",Typical education needed for entry',
    'Total all occupations,00-0000,Summary,167849.8,172833.4,4983.6,18600.0,—',
    ...PROJECTIONS.map(([t, c, b, p, o, e]) => `"${t}",${c},Line item,${b},${p},${(p - b).toFixed(1)},${o},"${e}"`),
  ].join('\n');

// California OEWS (state file layout, cross-industry).
const CA_OEWS: [string, number, number][] = [
  ['15-1252', 322_000, 173_780],
  ['15-1253', 40_000, 121_000],
  ['15-1254', 15_000, 98_000],
  ['11-3021', 90_000, 205_000],
  ['15-1211', 60_000, 120_000],
  ['15-1221', 12_000, 190_000],
  ['15-1231', 25_000, 78_000],
];
const caOewsCsv = (): string =>
  [
    'AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,A_MEAN,A_MEDIAN,H_MEDIAN',
    '06,California,2,CA,000000,Cross-industry,cross-industry,1235,00-0000,All Occupations,total,"17,900,000",0.1,"75,000","52,000",25',
    ...CA_OEWS.map(([soc, emp, wage]) => `06,California,2,CA,000000,Cross-industry,cross-industry,1235,${soc},x,detailed,"${emp.toLocaleString('en-US')}",1,"${wage}","${wage.toLocaleString('en-US')}",50`),
  ].join('\n');

const TIER: Record<number, string> = { 20: 'certificate', 21: 'certificate', 2: 'certificate', 4: 'certificate', 3: 'associate', 5: 'bachelor', 6: 'bachelor', 7: 'master', 8: 'master', 17: 'doctor', 18: 'doctor', 19: 'doctor' };
const EDU_TIER: Record<string, string> = { "Bachelor's degree": 'bachelor', "Master's degree": 'master', "Associate's degree": 'associate' };

/** First-major completions of `cip` in 2023 at institutions in `units`, by award level, from the rows written. */
function fileCompletions(rows: CompletionRow[], units: Set<number>, cip: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of rows) if (r.cip === cip && Number(r.majornum) === 1 && units.has(Number(r.unitid))) out.set(Number(r.awlevel), (out.get(Number(r.awlevel)) ?? 0) + Number(r.total));
  return out;
}

/** Expected openings of `cip` in a tier: each occupation's openings (rate x CA employment) shared by the tier's completions of the programs it leads to. */
function expectedTierOpenings(cip: string, tier: string): number {
  const programsOf = (soc: string) => CROSSWALK.filter((x) => x.SOC2018Code === soc).map((x) => x.CIP2020Code);
  const tierCompletions = (program: string) => [...fileCompletions(C2023, CA_UNITS, program)].filter(([aw]) => TIER[aw] === tier).reduce((s, [, n]) => s + n, 0);
  let total = 0;
  for (const [, soc, base, , open, edu] of PROJECTIONS) {
    if (EDU_TIER[edu] !== tier || !programsOf(soc).includes(cip)) continue;
    const emp = CA_OEWS.find(([s]) => s === soc)![1];
    const openings = (open / base) * emp;
    const all = programsOf(soc).reduce((s, p) => s + tierCompletions(p), 0);
    total += openings * (all > 0 ? tierCompletions(cip) / all : 1 / programsOf(soc).length);
  }
  return total;
}

const FONTS = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
async function pdfText(buf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl: FONTS }).promise;
  const text: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return text.join(' ').replace(/\s+/g, ' ');
}

describe('program demand on public data: completions, openings and wages by award level for a CIP in a state', () => {
  let t: TestApp;
  let admin: string;
  const upload = async (dataset: string, body: string, filename: string) => {
    const res = await t.http().post(`/api/public-data/${dataset}`).query({ filename }).set('X-API-Key', admin).set('Content-Type', 'text/csv').send(body);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await truncateFacts(t.ds);
    await refreshRollups(t.ds); // no postings: the rollups must not keep another file's
    admin = await t.apiKey('admin');
    await upload('ipeds-institutions', readFileSync(join(DATA, 'ipeds_2023', 'hd2023.csv'), 'utf8'), 'hd2023.csv');
    await upload('oews', readFileSync(join(DATA, 'oews_national_2024', 'oews_national_M2024.csv'), 'utf8'), 'oews_national_M2024.csv');
    await upload('oews', caOewsCsv(), 'state_M2024_dl.csv');
    await upload('projections', projectionsCsv(), 'occupation.csv');
    await upload('ipeds-completions', completionsCsv(C2022), 'c2022_a.csv');
    await upload('ipeds-completions', completionsCsv(C2023), 'c2023_a.csv');
  });
  afterAll(() => t.close());

  it('completions by award level equal the file (grand totals and second majors excluded, Texas left out), with the earlier year as trend', async () => {
    const res = await t.http().get('/api/metrics/program-demand').query({ groupBy: 'award-level', cip: '11.0701', region: 'state:06' });
    expect(res.status).toBe(200);
    const body = res.body as ProgramDemandAwardLevelResponse;
    const expected = fileCompletions(C2023, CA_UNITS, '11.0701');
    expect(body.rows.map((r) => r.awardLevel).sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const r of body.rows) {
      if (r.completions.suppressed) expect(r.completions.value).toBeNull();
      else expect(r.completions.value, `award level ${r.awardLevel}`).toBe(expected.get(r.awardLevel));
    }
    const row = (aw: number) => body.rows.find((r) => r.awardLevel === aw)!;
    expect(row(5)).toMatchObject({ label: "Bachelor's", tier: 'bachelor', completions: { value: 1050, suppressed: false } });
    expect(row(7)).toMatchObject({ label: "Master's", completions: { value: 210, suppressed: false } });
    expect(row(2).label).toBe('Certificate, 1-2 years');
    expect(row(3).label).toBe("Associate's");
    expect(row(20).completions).toEqual({ value: null, suppressed: true });
    expect(body.rows.filter((r) => r.completions.suppressed).length).toBeGreaterThanOrEqual(2); // complementary suppression
    expect(body.totals.completions).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    expect(row(5).completionsTrend).toEqual([
      { year: 2022, value: fileCompletions(C2022, CA_UNITS, '11.0701').get(5), suppressed: false },
      { year: 2023, value: 1050, suppressed: false },
    ]);
    expect(body.basis).toMatchObject({ completionsYears: [2022, 2023], oewsVintage: '2024', oewsArea: 'state:06', scaledBy: null, projectionsVintage: '2023-2033', projectionsArea: 'US' });
  });

  it("openings are the projections' openings rate x California employment, shared with 11.0101 by completions; wages are OEWS; gap and label follow", async () => {
    const res = await t.http().get('/api/metrics/program-demand').query({ groupBy: 'award-level', cip: '11.0701', region: 'state:06' });
    const rows = (res.body as ProgramDemandAwardLevelResponse).rows;
    const row = (aw: number) => rows.find((r) => r.awardLevel === aw)!;
    const bachelor = expectedTierOpenings('11.0701', 'bachelor');
    expect(row(5).openings).toBeCloseTo(bachelor, 0);
    expect(row(7).openings).toBeCloseTo(expectedTierOpenings('11.0701', 'master'), 0);
    expect(row(3).openings).toBeCloseTo(expectedTierOpenings('11.0701', 'associate'), 0);
    expect(row(17).openings).toBe(0);
    // Full credit: every bachelor's-tier occupation of the program, unshared.
    const fullBachelor = PROJECTIONS.filter(([, soc, , , , e]) => EDU_TIER[e] === 'bachelor' && CROSSWALK.some((x) => x.CIP2020Code === '11.0701' && x.SOC2018Code === soc)).reduce(
      (s, [, soc, base, , open]) => s + (open / base) * CA_OEWS.find(([x]) => x === soc)![1],
      0,
    );
    expect(row(5).openingsFullCredit).toBeCloseTo(fullBachelor, 0);
    expect(row(5).openingsFullCredit!).toBeGreaterThan(row(5).openings!);
    // Employment-weighted mean of the bachelor's-tier occupations' California medians.
    const tierSocs = CA_OEWS.filter(([soc]) => PROJECTIONS.some(([, s, , , , e]) => s === soc && EDU_TIER[e] === 'bachelor') && CROSSWALK.some((x) => x.CIP2020Code === '11.0701' && x.SOC2018Code === soc));
    const wage = tierSocs.reduce((s, [, e, w]) => s + e * w, 0) / tierSocs.reduce((s, [, e]) => s + e, 0);
    expect(row(5).medianWage).toBe(Math.round(wage));
    expect(row(5).gap).toBeCloseTo(bachelor - 1050, 0);
    const ratio = 1050 / bachelor;
    expect(row(5).gapLabel).toBe(ratio < 0.8 ? 'gap' : ratio > 1.25 ? 'surplus' : 'balanced');
    expect(row(17).gapLabel).toBe('surplus');
    expect(row(5).postings).toBe(0);
  });

  it('the program card lists the occupations behind it, neighbouring institutions with their completions, and the basis of every figure', async () => {
    const res = await t.http().get('/api/metrics/program-demand').query({ groupBy: 'award-level', cip: '11.0701', region: 'state:06' });
    const body = res.body as ProgramDemandAwardLevelResponse;
    expect(body.program!.title).toMatch(/Computer Science/);
    const dev = body.program!.occupations.find((o) => o.soc === '15-1252')!;
    expect(dev).toMatchObject({ tier: 'bachelor', tierSource: 'projections', employment: 322000, medianWage: 173780 });
    expect(dev.openings).toBeCloseTo((140.1 / 1692.1) * 322000, 0);
    const inst = Object.fromEntries(body.program!.institutions.map((i) => [i.unitid, i]));
    expect(Object.keys(inst).map(Number).sort()).toEqual([110635, 110662, 117645]);
    expect(inst[110635].completions).toEqual({ value: 750, suppressed: false });
    expect(inst[110635].name).toBe('University of California-Berkeley');
    expect(inst[110662].byAwardLevel).toEqual([
      { awardLevel: 5, label: "Bachelor's", completions: { value: 450, suppressed: false } },
      { awardLevel: 7, label: "Master's", completions: { value: 90, suppressed: false } },
    ]);
    expect(body.basis.notes.join(' ')).toMatch(/OEWS May 2024, state:06/);
    expect(body.methods.proportional).toMatch(/^programDemandPublic@/);
  });

  it('a county counts only the institutions located in it', async () => {
    const res = await t.http().get('/api/metrics/program-demand').query({ groupBy: 'award-level', cip: '11.0701', region: 'county:06037' });
    expect(res.status).toBe(200);
    const expected = fileCompletions(C2023, LA_UNITS, '11.0701');
    const rows = (res.body as ProgramDemandAwardLevelResponse).rows;
    for (const r of rows) if (!r.completions.suppressed) expect(r.completions.value).toBe(expected.get(r.awardLevel) ?? 0);
    expect(rows.find((r) => r.awardLevel === 5)!.completions.value).toBe(450);
  });

  it('programs with the largest gaps in the region rank by openings minus completions, and a program sums its award levels', async () => {
    const res = await t.http().get('/api/metrics/program-demand').query({ region: 'state:06', rank: 'gap', cip: '11' });
    expect(res.status).toBe(200);
    const body = res.body as ProgramDemandResponse;
    const cs = body.rows.find((r) => r.cip === '11.0701')!;
    expect(cs.public!.completions).toEqual({ value: [...fileCompletions(C2023, CA_UNITS, '11.0701').values()].reduce((a, b) => a + b, 0), suppressed: false });
    const levels = (await t.http().get('/api/metrics/program-demand').query({ groupBy: 'award-level', cip: '11.0701', region: 'state:06' })).body.rows as ProgramAwardLevelRow[];
    expect(cs.public!.openings).toBeCloseTo(levels.reduce((s, r) => s + (r.openings ?? 0), 0), 0);
    const gaps = body.rows.map((r) => r.public?.gap ?? -Infinity);
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
    expect(body.basis!.completionsYears).toEqual([2022, 2023]);
  });

  it('the program report, its PDF and the metric export carry the same figures and the vintages', async () => {
    const card = (await t.http().get('/api/metrics/program-demand').query({ groupBy: 'award-level', cip: '11.0701', region: 'state:06' })).body as ProgramDemandAwardLevelResponse;
    const report = await t.http().get('/api/reports/program/11.0701').query({ region: 'state:06' });
    expect(report.status).toBe(200);
    expect(report.body.publicDemand.rows).toEqual(card.rows);
    expect(report.body.publicDemand.institutions).toEqual(card.program!.institutions);
    const pdf = await t.http().get('/api/reports/program/11.0701.pdf').query({ region: 'state:06' }).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toMatch(/Supply and demand by award level/);
    expect(text).toMatch(/Bachelor's 1,050/);
    expect(text).toMatch(/University of California-Berkeley/);
    expect(text).toMatch(/IPEDS 2023/);
    const csv = await t.http().get('/api/exports/metrics/program-demand').query({ format: 'csv', groupBy: 'award-level', cip: '11.0701', region: 'state:06' });
    expect(csv.status).toBe(200);
    const records = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(records.find((r) => r.awardLevel === '5')).toMatchObject({ label: "Bachelor's", completions: '1050' });
    const arrow = await t.http().get('/api/exports/metrics/program-demand').query({ format: 'arrow', groupBy: 'award-level', cip: '11.0701', region: 'state:06' }).buffer(true).parse(binary);
    const provenance = JSON.parse(tableFromIPC(arrow.body as Buffer).schema.metadata.get('credpulse.provenance')!);
    expect(provenance.notes.join(' ')).toMatch(/IPEDS 2023 .*OEWS May 2024, state:06/);
  });
});

describe('program demand of the nation and the states, precomputed at load time, answers as the live computation does', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await truncateFacts(t.ds);
    await refreshRollups(t.ds);
    const load = async (dataset: PublicDataset, body: string, file: string) => {
      const r = await loadPublicDataFile(t.ds, { dataset, file, source: Readable.from([body]) });
      expect(r.status, r.detail).toBe('loaded');
    };
    await load('ipeds-institutions', readFileSync(join(DATA, 'ipeds_2023', 'hd2023.csv'), 'utf8'), 'hd2023.csv');
    await load('oews', readFileSync(join(DATA, 'oews_national_2024', 'oews_national_M2024.csv'), 'utf8'), 'oews_national_M2024.csv');
    await load('oews', caOewsCsv(), 'state_M2024_dl.csv');
    await load('projections', projectionsCsv(), 'occupation.csv');
    await load('ipeds-completions', completionsCsv(C2022), 'c2022_a.csv');
    await load('ipeds-completions', completionsCsv(C2023), 'c2023_a.csv');
  });
  afterAll(() => t.close());

  it('the catalogue declares the precomputed tables as they are (keys, then measures, in column order)', async () => {
    for (const name of ['publicDemandArea', 'publicDemandSoc', 'publicDemandProgram', 'publicDemandRankArea', 'publicDemandRank'] as const) {
      const d = PUBLIC_DATA_ROLLUPS[name];
      const cols: { c: string }[] = await t.ds.query(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, [d.table]);
      expect(cols.map((c) => c.c), d.table).toEqual([...d.keys, ...d.measures]);
    }
  });

  it('each load leaves the nation and every state precomputed from the current data', async () => {
    const v = publicDemandVersion(await new ProgramDemandRepository(t.ds).versions());
    const areas: { area: string; version: string }[] = await t.ds.query(`SELECT area, version FROM ${PUBLIC_DATA_ROLLUPS.publicDemandArea.table} ORDER BY area`);
    expect(areas.length).toBeGreaterThanOrEqual(52); // the nation, 50 states and DC (and more territories when the state table has them)
    expect(areas.map((a) => a.area)).toEqual(expect.arrayContaining(['US', '06', '48', '11']));
    expect(new Set(areas.map((a) => a.version))).toEqual(new Set([v]));
  });

  it('the precomputed context of the nation, California (own OEWS file) and Texas (population share) equals the one computed live', async () => {
    const repo = new PublicDemandRepository(t.ds);
    const demand = new ProgramDemandRepository(t.ds);
    const crosswalk = await demand.crosswalk();
    const v = publicDemandVersion(await demand.versions());
    // Maps as sorted entries; OEWS and projections hold every occupation live, the precompute only
    // the crosswalk's (the only ones an answer looks up).
    const entries = <V>(m: Map<string, V> | undefined, keep?: Map<string, unknown>) => [...(m ?? new Map<string, V>())].filter(([k]) => !keep || keep.has(k)).sort(([a], [b]) => a.localeCompare(b));
    const sorted = (ctx: PublicContext) => ({
      ...ctx,
      cells: [...ctx.cells].sort((a, b) => a.year - b.year || a.cip.localeCompare(b.cip) || a.awardLevel - b.awardLevel),
      oews: ctx.oews && { ...ctx.oews, bySoc: entries(ctx.oews.bySoc, ctx.programsBySoc) },
      proj: ctx.proj && { ...ctx.proj, bySoc: entries(ctx.proj.bySoc, ctx.programsBySoc) },
      tierBySoc: entries(ctx.tierBySoc),
      openingsBySoc: entries(ctx.openingsBySoc),
      latestByCip: entries(ctx.latestByCip).map(([cip, m]) => [cip, [...m].sort(([a], [b]) => a - b)]),
      allocated: [...ctx.allocated].map(([tier, m]) => [tier, entries(m)]),
      programsBySoc: entries(ctx.programsBySoc),
    });
    for (const [kind, code, area] of [['us', 'us', 'US'], ['state', '06', '06'], ['state', '48', '48']] as const) {
      const f = areaFilters({ kind, code });
      const live = (await publicContext(repo, f, crosswalk, 10))!;
      const pre = await repo.precomputedArea(area, v);
      expect(pre, area).not.toBeNull();
      const got = contextFromPrecomputed(pre!, crosswalk, 10);
      expect(live.hasOpenings, area).toBe(true);
      expect(sorted(got), area).toEqual(sorted(live));
      // A program card reads only its programs and their occupations: the same rows by award level.
      for (const prefix of ['11.0701', '11', '51.38']) {
        const programs = new Map<string, { title: string; socs: Map<string, string> }>();
        for (const c of crosswalk.filter((x) => x.cip.startsWith(prefix))) {
          const p = programs.get(c.cip) ?? { title: c.cip_title ?? c.cip, socs: new Map<string, string>() };
          p.socs.set(c.soc, c.soc_title ?? c.soc);
          programs.set(c.cip, p);
        }
        const socs = [...new Set([...programs.values()].flatMap((p) => [...p.socs.keys()]))];
        const card = await repo.precomputedArea(area, v, { cipPrefix: prefix, cips: [...programs.keys()], socs });
        const g = { ...f, cip: { code: prefix } };
        const fromCard = await awardLevelRows(repo, g, contextFromPrecomputed(card!, crosswalk, 10), programs, new Map());
        expect(fromCard, `${area} ${prefix}`).toEqual(await awardLevelRows(repo, g, live, programs, new Map()));
      }
    }
  });

  it('"programs with the largest gaps" read from the precomputed ranking equal the live computation, and a second vintage load rebuilds it', async () => {
    const service = t.app.get(ProgramDemandService);
    const filters = t.app.get(FilterService);
    const repo = new PublicDemandRepository(t.ds);
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
    const compare = async (label: string) => {
      const v = publicDemandVersion(await new ProgramDemandRepository(t.ds).versions());
      for (const [region, area] of [['us', 'US'], ['state:06', '06'], ['state:48', '48']] as const) {
        for (const limit of ['1', '5', '25', '1000']) {
          // The ranking this answer reads is there, at this version and the server's k.
          expect(await repo.precomputedRank(area, v, t.config.k, Number(limit)), `${label} ${area}`).not.toBeNull();
          const f = await filters.parse({ region, rank: 'gap', limit }, PROGRAM_DEMAND_SPEC);
          const fast = await service.compute(f);
          const live = await service.compute(f, { precomputedRank: false });
          expect(plain(fast), `${label} ${region} limit ${limit}`).toEqual(plain(live));
          expect(fast.rows.length).toBeGreaterThan(0);
        }
      }
    };
    await compare('2022 and 2023 loaded');
    const before = (await t.http().get('/api/metrics/program-demand').query({ region: 'state:06', rank: 'gap', limit: '1000' })).body as ProgramDemandResponse;
    // A new latest year (different counts, 11.0101 gone from California, a program only in 2023 now
    // earlier-year only): the ranking is rebuilt from it, never read stale.
    const C2024: CompletionRow[] = [
      { unitid: 110635, cip: '11.0701', majornum: 1, awlevel: 5, total: 9000 },
      { unitid: 110662, cip: '11.0701', majornum: 1, awlevel: 7, total: 7 },
      { unitid: 228778, cip: '11.0101', majornum: 1, awlevel: 5, total: 300 },
    ];
    const r = await loadPublicDataFile(t.ds, { dataset: 'ipeds-completions', file: 'c2024_a.csv', source: Readable.from([completionsCsv(C2024)]) });
    expect(r.status, r.detail).toBe('loaded');
    await compare('2024 loaded');
    const after = (await t.http().get('/api/metrics/program-demand').query({ region: 'state:06', rank: 'gap', limit: '1000' })).body as ProgramDemandResponse;
    const cs = (b: ProgramDemandResponse) => b.rows.find((x) => x.cip === '11.0701')!.public!;
    expect(cs(before).completions).toEqual({ value: [...fileCompletions(C2023, CA_UNITS, '11.0701').values()].reduce((a, b) => a + b, 0), suppressed: false });
    expect(cs(after).completionsTrend.map((y) => y.year)).toEqual([2022, 2023, 2024]);
    expect(cs(after).completions).toEqual({ value: [...fileCompletions(C2024, CA_UNITS, '11.0701').values()].reduce((a, b) => a + b, 0), suppressed: false });
    expect(after.basis!.completionsYears).toEqual([2022, 2023, 2024]);
  });

  it('rows built from other data are never read: a stale area answers live, as before', async () => {
    const repo = new PublicDemandRepository(t.ds);
    expect(await repo.precomputedArea('06', 'some other version')).toBeNull();
  });
});
