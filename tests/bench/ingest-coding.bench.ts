import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { codingStats, resetCodingStats } from '@credpulse/ingest';
import { getGeocoder, getOccupationCoder, readGeocoderData } from '@credpulse/taxonomy';
import { loadConfig } from '../../apps/api/src/config/config.js';
import { connect, openDatabase } from '../../apps/api/src/database/database.js';
import { ensureTaxonomies } from '../../apps/api/src/modules/taxonomy/taxonomy.loader.js';
import { ingestFile, type IngestStats } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { afterLoadHook, ingestDeps } from '../../apps/api/src/modules/ingest/ingest.service.js';
import { info, peakRssMb, report, type BenchOptions } from './report.js';
import { BENCH_CREDS, BENCH_FILLER, BENCH_SKILLS } from './bench-postings.js';

// `npm run bench -- ingest --places text` (issue 12): what geocoding and title coding add to an
// ingest. Generates N postings whose places and titles are free text the way real exports write
// them, and the same N postings with the county FIPS and SOC the coders give written out as codes.
// Both files are ingested end to end (parse, validate, extract, write, dedup) in the same run,
// alternately (codes, text, text, codes) after an untimed warm-up on 1,000 of each, with the coders' caches emptied before every text run
// (the coders themselves are built once, as in the server: their build is reported apart).
// Overhead = text time / codes time - 1, on wall time and on this process's CPU time (the CPU
// figure is steadier on a shared machine; the database server's CPU is in neither).
//
// Titles: half drawn from the real distribution of the 10,000 USAJOBS announcements in
// tests/fixtures/bench (5,406 distinct titles, "Transportation Security Officer (TSO)" 248 times),
// half a real title varied the way postings vary them (seniority, level, shift, requisition
// numbers, part time), so most raw titles are new while their readings repeat.
// Places: Census places drawn by population (>= 5,000 people), written "City, ST", "City, State",
// "City, ST 12345" (a ZIP of that city), "City, State, United States" (USAJOBS), remote phrases,
// and two places joined by " | ".

const SUITE = 'ingest';
const FIXTURES = [new URL('../fixtures/', import.meta.url), new URL('../../../../tests/fixtures/', import.meta.url)].map((u) => fileURLToPath(u)).find((d) => existsSync(`${d}bench`)) ?? '';

const PRIVATE_TITLES = ['Registered Nurse', 'CNA', 'LPN', 'Truck Driver', 'CDL-A Driver', 'Software Engineer', 'Data Analyst', 'Help Desk Technician', 'Medical Assistant', 'Accountant', 'Welder', 'HVAC Technician', 'Customer Service Representative', 'Warehouse Associate', 'Forklift Operator', 'Cashier', 'Line Cook', 'Dental Assistant', 'Pharmacy Technician', 'Electrician', 'Maintenance Technician', 'Project Manager', 'Network Administrator', 'Physical Therapist', 'EMT', 'Security Officer', 'Teacher', 'Administrative Assistant', 'Sales Associate', 'Java Developer'];
const PREFIX = ['', '', 'Sr. ', 'Senior ', 'Lead ', 'Junior ', 'PRN ', 'Travel ', 'Entry Level '];
const SUFFIX = ['', '', ' II', ' III', ' - Nights', ' (Part-Time)', ' - Day Shift', ' - Full Time', ' - Remote', ' - Req #', ' (Job ID ', ' - $5,000 Sign-On Bonus'];
const REMOTE = ['Remote', 'Remote, US', 'Anywhere in the U.S. (remote job)', 'Telework eligible', 'Hybrid - Remote'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export interface Posting {
  title: string;
  location: string;
  soc: string;
  county: string;
  state: string;
}

/** Weighted draws in O(log n): cumulative weights. */
function sampler<T>(items: T[], weight: (t: T) => number, r: () => number): () => T {
  const cum = new Float64Array(items.length);
  let total = 0;
  items.forEach((it, i) => (cum[i] = total += weight(it)));
  return () => {
    const x = r() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

export function postingsText(n: number): Posting[] {
  const r = rng(7);
  const pickOf = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const titleRows = gunzipSync(readFileSync(join(FIXTURES, 'bench', 'usajobs-2019-titles.tsv.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map(([title, count]) => ({ title, count: Number(count) }));
  const realTitle = sampler(titleRows, (t) => t.count, r);
  const anyTitle = [...titleRows.map((t) => t.title), ...PRIVATE_TITLES];
  const geo = readGeocoderData();
  const stateName = new Map(geo.states.map((s) => [s.usps, s.name]));
  const zips = new Map<string, string[]>();
  for (const line of geo.zipsText.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [zip, , , city, st] = line.split('\t');
    const k = `${city}|${st}`;
    const list = zips.get(k) ?? [];
    list.push(zip);
    zips.set(k, list);
  }
  const places = geo.placesText
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map(([st, name, , , , pop]) => ({ st, name, pop: Number(pop) }))
    .filter((p) => p.pop >= 5000 && stateName.has(p.st));
  const place = sampler(places, (p) => p.pop, r);
  const onePlace = (): string => {
    const p = place();
    const x = r();
    if (x < 0.45) return `${p.name}, ${p.st}`;
    if (x < 0.65) return `${p.name}, ${stateName.get(p.st)}`;
    if (x < 0.8) {
      const z = zips.get(`${p.name.toUpperCase()}|${p.st}`);
      return z ? `${p.name}, ${p.st} ${pickOf(z)}` : `${p.name}, ${p.st}`;
    }
    return `${p.name}, ${stateName.get(p.st)}, United States`;
  };
  const out: Posting[] = [];
  for (let i = 0; i < n; i++) {
    let title: string;
    if (r() < 0.5) title = realTitle().title;
    else {
      const suffix = pickOf(SUFFIX);
      const id = suffix.endsWith('#') ? `${10000 + Math.floor(r() * 90000)}` : suffix.endsWith('ID ') ? `${Math.floor(r() * 1e6)})` : '';
      title = `${pickOf(PREFIX)}${pickOf(anyTitle)}${suffix}${id}`;
    }
    const x = r();
    const location = x < 0.05 ? pickOf(REMOTE) : x < 0.1 ? `${onePlace()} | ${onePlace()}` : onePlace();
    out.push({ title, location, soc: '', county: '', state: '' });
  }
  return out;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function writeCsv(file: string, rows: Posting[], asText: boolean): Promise<void> {
  const r = rng(42);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  out.write(asText ? 'source_key,employer,title,location,posted_date,expires_date,description\n' : 'source_key,employer,title,soc_code,county_fips,state,posted_date,expires_date,description\n');
  for (let i = 0; i < rows.length; i++) {
    const p = rows[i];
    const repost = i > 0 && r() < 0.1;
    const emp = `Employer ${repost ? Math.floor(r() * 50) : Math.floor(r() * 20000)}`;
    const day = Math.floor(r() * 700);
    const posted = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const expires = new Date(Date.UTC(2024, 0, 1) + (day + 30) * 86_400_000).toISOString().slice(0, 10);
    const desc = `${BENCH_FILLER}Requirements: ${pick(BENCH_SKILLS)} and ${pick(BENCH_SKILLS)} experience; must have ${pick(BENCH_CREDS)}. Preferred: ${pick(BENCH_SKILLS)}, ${pick(BENCH_CREDS)} a plus. ${BENCH_FILLER}`;
    const where = asText ? csvField(p.location) : `${p.soc},${p.county},${p.state}`;
    const line = `bench:${i},${emp},${csvField(p.title)},${where},${posted},${expires},"${desc}"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export async function ingestCodingBench(opts: BenchOptions): Promise<void> {
  const n = opts.rows ?? 50_000;
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('the ingest benchmark needs PostgreSQL: set DATABASE_URL');
  const handle = await openDatabase(config);
  const ds = await connect(handle);
  const textFile = join(tmpdir(), `credpulse-ingest-bench-text-${process.pid}.csv`);
  const codesFile = join(tmpdir(), `credpulse-ingest-bench-codes-${process.pid}.csv`);
  const warmText = `${textFile}.warm`;
  const warmCodes = `${codesFile}.warm`;
  const runIds: number[] = [];
  try {
    await ensureTaxonomies(ds, (m) => info(opts, m));
    const rows = postingsText(n);
    let geocoder!: ReturnType<typeof getGeocoder>;
    let coder!: ReturnType<typeof getOccupationCoder>;
    const buildG = cpuMs(() => (geocoder = getGeocoder()));
    const buildO = cpuMs(() => (coder = getOccupationCoder()));
    // The codes file carries what the coders give (first place's county; SOC unless they abstain).
    const codeAll = cpuMs(() => {
      for (const p of rows) {
        const g = geocoder.geocode(p.location);
        const first = g.places[0];
        p.county = first?.countyFips ?? '';
        p.state = first?.stateFips ?? '';
        p.soc = coder.code(p.title).soc ?? '';
      }
    });
    const distinct = (k: (p: Posting) => string) => new Set(rows.map(k)).size;
    const share = (k: (p: Posting) => string) => (100 * rows.filter((p) => k(p)).length) / n;
    info(
      opts,
      `${n.toLocaleString('en-US')} postings: ${distinct((p) => p.title).toLocaleString('en-US')} distinct titles, ${distinct((p) => p.location).toLocaleString('en-US')} distinct locations; ` +
        `coders give a county to ${share((p) => p.county).toFixed(1)}%, a SOC to ${share((p) => p.soc).toFixed(1)}% (remote-only postings have no county)`,
    );
    info(opts, `coder build (cpu, once per process): geocoder ${buildG.toFixed(0)} ms, title coder ${buildO.toFixed(0)} ms; coding all ${n.toLocaleString('en-US')} postings with cold caches: ${codeAll.toFixed(0)} ms cpu`);
    await writeCsv(textFile, rows, true);
    await writeCsv(codesFile, rows, false);
    await writeCsv(warmText, rows.slice(0, Math.min(n, 1000)), true);
    await writeCsv(warmCodes, rows.slice(0, Math.min(n, 1000)), false);
    await ds.query(`DELETE FROM job_posting WHERE source_key LIKE 'bench:%'`);

    // Both files take the same extraction path, so the two arms spend the same extraction CPU: the
    // main thread (the pool disabled) unless CREDPULSE_BENCH_THREADS > 0, then the pool from the first
    // batch. (With the pipeline's own rule a 10,000-row file started the pool at its last batch and
    // whether a batch went to it depended on timing: codes runs, parsed faster, extracted on the main
    // thread while text runs used the pool, and the workers' automaton build was charged at random.)
    const threads = Number(process.env.CREDPULSE_BENCH_THREADS ?? 0) || 0;
    let stats: IngestStats | undefined;
    const deps = { ...ingestDeps(ds, handle, config), extractionPool: threads > 0 ? { threads, after: 0 } : { disabled: true }, onStats: (x: IngestStats) => void (stats = x) };
    info(opts, threads > 0 ? `extraction on a pool of ${threads} thread(s) from the first batch, both files` : 'extraction on the main thread for both files (CREDPULSE_BENCH_THREADS=N for a pool)');
    const ms = (x: number) => `${(x / 1000).toFixed(1)} s`;
    const stages = () => (stats ? `; stages: rows ${ms(stats.buildMs)}, database ${ms(stats.databaseMs)}, main-thread extraction ${ms(stats.extractMainMs)}, pool wait ${ms(stats.extractWaitMs)}, parser held back ${ms(stats.backpressureMs)}, dedup ${ms(stats.dedupMs)}` : '');
    const times: Record<'text' | 'codes', { wall: number; cpu: number; load: number }[]> = { text: [], codes: [] };
    // Warm-up (not timed): the first ingest of a process compiles the whole path.
    for (const file of [warmCodes, warmText]) {
      const res = await ingestFile(deps, { format: 'postings-csv', file, source: createReadStream(file), sizeHint: statSync(file).size });
      if (res.runId !== null) runIds.push(res.runId);
      await ds.query(`DELETE FROM job_posting WHERE source_key LIKE 'bench:%'`);
    }
    // CREDPULSE_BENCH_ROUNDS (default 1) rounds of codes, text, text, codes: on a shared machine the
    // median of the rounds' ratios is the figure to quote.
    const rounds = Math.max(1, Number(process.env.CREDPULSE_BENCH_ROUNDS ?? 1) || 1);
    const order = Array.from({ length: rounds }, () => ['codes', 'text', 'text', 'codes'] as const).flat();
    for (const kind of order) {
      const file = kind === 'text' ? textFile : codesFile;
      if (kind === 'text') {
        geocoder.clearCache();
        coder.clearCache();
      }
      resetCodingStats();
      const load = loadavg()[0];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await ingestFile(deps, { format: 'postings-csv', file, source: createReadStream(file, { highWaterMark: 1 << 20 }), sizeHint: statSync(file).size });
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      if (res.runId !== null) runIds.push(res.runId);
      if (res.accepted !== n) throw new Error(`${kind}: expected ${n} accepted, got ${res.accepted} (rejected ${res.rejected}: ${res.errors.slice(0, 3).map((e) => e.reason).join('; ')})`);
      times[kind].push({ wall, cpu: (c.user + c.system) / 1e6, load });
      if (kind === 'text') {
        const [q] = (await ds.query(
          `SELECT count(county_fips)::int AS county, count(soc_code)::int AS soc, count(*) FILTER (WHERE soc_source = 'coded')::int AS coded,
                  (SELECT count(*) FROM posting_location l JOIN job_posting p ON p.id = l.posting_id WHERE p.ingest_run_id = $1)::int AS extra
             FROM job_posting WHERE ingest_run_id = $1`,
          [res.runId],
        )) as { county: number; soc: number; coded: number; extra: number }[];
        info(opts, `text run: ${wall.toFixed(1)} s wall, ${((c.user + c.system) / 1e6).toFixed(1)} s cpu (load ${load.toFixed(1)}); stored with a county ${q.county}, with a SOC ${q.soc} (coded ${q.coded}), extra places ${q.extra}; ${res.warnings.length}${res.truncated ? '+' : ''} warnings${stages()}; coding: titles ${codingStats.titleMs.toFixed(0)} ms (${codingStats.titleCalls} calls), places ${codingStats.placeMs.toFixed(0)} ms (${codingStats.placeCalls} calls)`);
      } else info(opts, `codes run: ${wall.toFixed(1)} s wall, ${((c.user + c.system) / 1e6).toFixed(1)} s cpu (load ${load.toFixed(1)})${stages()}`);
      await ds.query(`DELETE FROM job_posting WHERE source_key LIKE 'bench:%'`);
    }
    const median = (a: number[]) => {
      const b = [...a].sort((x, y) => x - y);
      return b.length % 2 ? b[b.length >> 1] : (b[b.length / 2 - 1] + b[b.length / 2]) / 2;
    };
    const roundRatio = (k: 'wall' | 'cpu') =>
      Array.from({ length: rounds }, (_, r) => (times.text[2 * r][k] + times.text[2 * r + 1][k]) / (times.codes[2 * r][k] + times.codes[2 * r + 1][k]));
    if (rounds > 1) {
      const w = roundRatio('wall');
      const c = roundRatio('cpu');
      info(opts, `per round overhead, wall: ${w.map((x) => `${(100 * (x - 1)).toFixed(1)}%`).join(', ')}; cpu: ${c.map((x) => `${(100 * (x - 1)).toFixed(1)}%`).join(', ')}`);
      report(opts, { suite: SUITE, metric: 'coding overhead, wall time, median of rounds', value: 100 * (median(w) - 1), unit: '%', note: `${rounds} rounds of codes/text/text/codes; goal (issue 12): at most 10%` });
      report(opts, { suite: SUITE, metric: 'coding overhead, cpu of this process, median of rounds', value: 100 * (median(c) - 1), unit: '%' });
    }
    const sum = (a: { wall: number; cpu: number }[], k: 'wall' | 'cpu') => a.reduce((s, x) => s + x[k], 0);
    const wallText = sum(times.text, 'wall');
    const wallCodes = sum(times.codes, 'wall');
    const cpuText = sum(times.text, 'cpu');
    const cpuCodes = sum(times.codes, 'cpu');
    const loads = [...times.text, ...times.codes].map((t) => t.load);
    info(opts, `load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} at the starts of the runs, ${loadavg()[0].toFixed(1)} at the end (2 cores)`);
    const note = `${2 * rounds} runs each, interleaved codes/text/text/codes; baseline: the same postings with county FIPS and SOC given; ratio = text / codes`;
    report(opts, { suite: SUITE, metric: 'postings/s, free-text places and titles', value: (2 * rounds * n) / wallText, unit: 'rows/s', baseline: (2 * rounds * n) / wallCodes, ratio: wallText / wallCodes, note });
    report(opts, { suite: SUITE, metric: 'coding overhead, wall time', value: (100 * (wallText - wallCodes)) / wallCodes, unit: '%', note: 'goal (issue 12): at most 10%' });
    report(opts, { suite: SUITE, metric: 'coding overhead, cpu of this process', value: (100 * (cpuText - cpuCodes)) / cpuCodes, unit: '%', note: `text ${(cpuText / (2 * rounds)).toFixed(1)} s vs codes ${(cpuCodes / (2 * rounds)).toFixed(1)} s per run` });
    report(opts, { suite: SUITE, metric: 'coder build (once per process)', value: buildG + buildO, unit: 'ms cpu' });
    report(opts, { suite: SUITE, metric: 'peak RSS', value: peakRssMb(), unit: 'MB' });
  } finally {
    if (runIds.length) {
      await ds.query(`DELETE FROM job_posting WHERE ingest_run_id = ANY($1)`, [runIds]);
      await ds.query(`DELETE FROM ingest_run WHERE id = ANY($1)`, [runIds]);
      await afterLoadHook(ds, () => undefined)('2024-01-01', ['postings']);
    }
    rmSync(textFile, { force: true });
    rmSync(codesFile, { force: true });
    rmSync(warmText, { force: true });
    rmSync(warmCodes, { force: true });
    await ds.destroy();
    await handle.close();
  }
}
