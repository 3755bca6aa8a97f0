import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { createApp } from '../../apps/api/src/app.factory.js';
import { loadConfig } from '../../apps/api/src/config/config.js';
import { connect, openDatabase } from '../../apps/api/src/database/database.js';
import { ensureQueriesData } from './queries.bench.js';
import { info, report, type BenchOptions } from './report.js';

// `npm run bench -- http-load [--rows N]`: issue 7's load benchmark (the suite named `load` is the
// demo-data one). The server (built app, in this process, rate limit raised) serves the data the
// `queries` suite generates (N postings, default 10,000,000, in credpulse_bench_queries on
// DATABASE_URL's server; generated first when that database does not hold exactly N). 50 concurrent clients on
// loopback (fetch loops in 2 worker threads, so the clients do not share the server's thread) hit
// the dashboard endpoints for 30 s, bounded in count too, first with the response cache off, then
// on; then the same load against GET /api/health, the cheapest route, in the same run. Reports requests/s, p50, p99, errors and the
// p99 ratio to the health baseline. Aim: p99 <= 250 ms, no errors.
// HTTP_LOAD_SECONDS, HTTP_LOAD_CLIENTS and HTTP_LOAD_MAX_REQUESTS change the shape while tuning.
// HTTP_LOAD_GENERATOR=process (issue 15): the clients in a child process on node:http keep-alive
// sockets instead of fetch in this process's worker threads; a cheaper generator (fetch cost about
// as much CPU per request as the server's whole Nest pipeline), so less of the 2 cores goes to it.
// HTTP_LOAD_GENERATOR=both runs both and reports each. Every run also reports the CPU it cost per
// request: the server's thread, PostgreSQL's backends and the generator (from /proc; Linux only).
// HTTP_LOAD_POOL sets the server's pg pool size (default 10, as `serve`).
const GENERATORS = (process.env.HTTP_LOAD_GENERATOR ?? 'threads') === 'both' ? ['threads', 'process'] : [process.env.HTTP_LOAD_GENERATOR ?? 'threads'];
const POOL = Number(process.env.HTTP_LOAD_POOL ?? 10);
const SECONDS = Number(process.env.HTTP_LOAD_SECONDS ?? 30);
const CLIENTS = Number(process.env.HTTP_LOAD_CLIENTS ?? 50);
const MAX_REQUESTS = Number(process.env.HTTP_LOAD_MAX_REQUESTS ?? 1_000_000);
const THREADS = 2;

// Each client loops: take the next URL, request it, record status and time. Plain JS, shared by both
// generators; each defines request(url) (resolving to the status) and what it does with the result.
const CLIENT_LOOP = `
const times = []; let errors = 0; let firstError = ''; let sent = 0;
const end = Date.now() + seconds * 1000;
async function client() {
  while (Date.now() < end && sent < maxRequests) {
    sent++;
    const url = urls[next++ % urls.length];
    const t0 = performance.now();
    try {
      const status = await request(url);
      if (status !== 200) { errors++; firstError ||= status + ' ' + url; }
    } catch (e) { errors++; firstError ||= String(e) + ' ' + url; }
    times.push(performance.now() - t0);
  }
}
const finished = Promise.all(Array.from({ length: clients }, client)).then(() => ({ times, errors, firstError }));
`;

// fetch in worker threads of this process (eval'd worker).
const CLIENT_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { urls, clients, seconds, maxRequests } = workerData;
let next = workerData.offset;
const request = async (url) => { const res = await fetch(url); await res.arrayBuffer(); return res.status; };
${CLIENT_LOOP}
finished.then((r) => parentPort.postMessage(r));
`;

// The same loop on node:http with a keep-alive agent, in a child process (HTTP_LOAD_GENERATOR=process).
const PROCESS_CODE = `
const http = require('node:http');
const { urls, clients, seconds, maxRequests } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
let next = 0;
const request = (url) => new Promise((resolve, reject) => {
  http.get(url, { agent }, (res) => { res.on('data', () => {}); res.on('end', () => resolve(res.statusCode)); res.on('error', reject); }).on('error', reject);
});
${CLIENT_LOOP}
finished.then((r) => { process.stdout.write(JSON.stringify(r)); agent.destroy(); });
`;

/** CPU time (ms) of a thread or process from /proc: user + system clock ticks (100 per second). */
function procCpuMs(path: string): number {
  try {
    const f = readFileSync(path, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** What a run cost in CPU, in ms per request: the server's thread, PostgreSQL's backends, the load generator. */
interface CpuCost {
  server: number;
  db: number;
  generator: number;
}

interface RunResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  firstError: string;
  cpu: CpuCost;
}

type ClientResult = { times: number[]; errors: number; firstError: string };

async function run(urls: string[], seconds: number, generator: string, backendPids: () => Promise<number[]>): Promise<RunResult> {
  const pids = await backendPids();
  const db0 = pids.map((p) => procCpuMs(`/proc/${p}/stat`));
  const main0 = procCpuMs(`/proc/self/task/${process.pid}/stat`);
  const proc0 = procCpuMs('/proc/self/stat');
  let childCpu = 0;
  const t0 = performance.now();
  const results = generator === 'process' ? [await runProcess(urls, seconds, (ms) => (childCpu = ms))] : await runThreads(urls, seconds);
  const elapsed = (performance.now() - t0) / 1000;
  const main = procCpuMs(`/proc/self/task/${process.pid}/stat`) - main0;
  const proc = procCpuMs('/proc/self/stat') - proc0;
  const db = pids.reduce((a, p, i) => a + procCpuMs(`/proc/${p}/stat`) - db0[i], 0);
  const times = results.flatMap((r) => r.times).sort((a, b) => a - b);
  const n = Math.max(1, times.length);
  // threads: the generator is this process's other threads (the workers; GC helpers count too)
  const cpu = { server: main / n, db: db / n, generator: (generator === 'process' ? childCpu : proc - main) / n };
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return { requests: times.length, rps: times.length / elapsed, p50: pct(0.5), p99: pct(0.99), errors: results.reduce((a, r) => a + r.errors, 0), firstError: results.map((r) => r.firstError).find(Boolean) ?? '', cpu };
}

/** The clients in a child process; `cpu` gets the child's CPU time (ms) just before it exits. */
async function runProcess(urls: string[], seconds: number, cpu: (ms: number) => void): Promise<ClientResult> {
  const child = spawn(process.execPath, ['-e', `${PROCESS_CODE}`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.stdin.end(JSON.stringify({ urls, clients: CLIENTS, seconds, maxRequests: MAX_REQUESTS }));
  let last = 0;
  const poll = setInterval(() => (last = procCpuMs(`/proc/${child.pid}/stat`) || last), 200);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.stdout.once('end', () => (last = procCpuMs(`/proc/${child.pid}/stat`) || last));
    child.once('exit', resolve);
    child.once('error', reject);
  }).finally(() => clearInterval(poll));
  cpu(last);
  if (code !== 0) throw new Error(`http-load: the generator process exited with ${code}`);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ClientResult;
}

async function runThreads(urls: string[], seconds: number): Promise<ClientResult[]> {
  const perThread = Math.ceil(CLIENTS / THREADS);
  return Promise.all(
    Array.from({ length: THREADS }, (_, i) => {
      const w = new Worker(CLIENT_CODE, { eval: true, workerData: { urls, clients: Math.min(perThread, CLIENTS - i * perThread), seconds, maxRequests: Math.ceil(MAX_REQUESTS / THREADS), offset: i * 7919 } });
      return new Promise<{ times: number[]; errors: number; firstError: string }>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      }).finally(() => w.terminate());
    }),
  );
}

/**
 * The questions the dashboard asks on its overview and metric pages, over a spread of filters:
 * every metric endpoint, for the nation and each state, over the last 3, 6 and 12 months (and
 * postings by sector and by quarter). About 1,600 distinct URLs, so a response cache cannot hold
 * the run in a few dozen answers.
 */
async function dashboardUrls(base: string, c: pg.Client): Promise<string[]> {
  const months = (await c.query<{ m: string }>(`SELECT DISTINCT to_char(month, 'YYYY-MM') AS m FROM rollup_posting WHERE state_fips = 'US' ORDER BY 1`)).rows.map((r) => r.m);
  const states = (await c.query<{ s: string }>(`SELECT DISTINCT state_fips AS s FROM rollup_posting WHERE state_fips NOT IN ('US', '--') ORDER BY 1`)).rows.map((r) => r.s);
  if (months.length < 2) throw new Error('http-load: the benchmark database has no rollups; run `npm run bench -- queries --rows N` first');
  const last = months[months.length - 1];
  const regions = ['us', ...states.map((s) => `state:${s}`)];
  const urls: string[] = [];
  for (const back of [3, 6, 12]) {
    const from = months[Math.max(0, months.length - back)];
    for (const region of regions) {
      const f = `from=${from}&to=${last}&region=${region}`;
      urls.push(
        `${base}/api/metrics/postings?${f}&granularity=month`,
        `${base}/api/metrics/postings?${f}&groupBy=naics2`,
        `${base}/api/metrics/recognition?${f}`,
        `${base}/api/metrics/skill-gap?${f}`,
        `${base}/api/metrics/program-demand?${f}`,
        `${base}/api/metrics/concentration?${f}`,
        `${base}/api/metrics/outcomes?${f}`,
        `${base}/api/metrics/equity?${f}`,
        `${base}/api/metrics/pathways?${f}`,
        `${base}/api/metrics/saturation?${f}`,
      );
    }
  }
  // interleave endpoints and regions so concurrent clients ask different questions
  let seed = 7;
  for (let i = urls.length - 1; i > 0; i--) {
    seed = (seed * 16807) % 2147483647;
    const j = seed % (i + 1);
    [urls[i], urls[j]] = [urls[j], urls[i]];
  }
  return urls;
}

export async function httpLoadBench(opts: BenchOptions): Promise<void> {
  const rows = opts.rows ?? 10_000_000;
  // the queries suite's database: generated here when it does not hold exactly `rows` postings
  const benchUrl = await ensureQueriesData(opts, rows, { reuse: true, refresh: 'when-missing', suite: 'http-load' });
  const url = new URL(benchUrl);
  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  try {
    info(opts, `${rows.toLocaleString('en-US')} postings in ${url.host}${url.pathname}; ${CLIENTS} clients, ${SECONDS} s per run, at most ${MAX_REQUESTS.toLocaleString('en-US')} requests`);

    const handle = await openDatabase({ databaseUrl: benchUrl, dataDir: '', pgliteDir: '' }, { poolSize: POOL });
    const ds = await connect(handle);
    const base = { ...loadConfig({ ...process.env, DATABASE_URL: benchUrl }), anonymousViewer: true, rateLimit: 1_000_000_000, logLevel: 'error' as const };
    const note = (r: RunResult) => `${r.requests.toLocaleString('en-US')} requests, ${r.errors} errors${r.firstError ? `, e.g. ${r.firstError}` : ''}`;
    const cpuNote = (r: RunResult) => `CPU per request: server thread ${r.cpu.server.toFixed(2)} ms, PostgreSQL ${r.cpu.db.toFixed(2)} ms, load generator ${r.cpu.generator.toFixed(2)} ms`;
    // the server's pool connections (this bench's own client excluded), for PostgreSQL's CPU per request
    const backendPids = async () =>
      (await c.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`)).rows.map((r) => r.pid);
    info(opts, `pg pool ${POOL}; generator ${GENERATORS.join(' then ')}`);
    // HTTP_LOAD_CACHE=off: the response-cache-off run only (the figure issue 15 asks for).
    const caches = process.env.HTTP_LOAD_CACHE === 'off' ? [false] : [false, true];
    try {
      for (const generator of GENERATORS) {
        const tag = GENERATORS.length > 1 || generator !== 'threads' ? ` [${generator}]` : '';
        let health: RunResult | undefined;
        // First with the response cache off (every request computed: the worst case), then as shipped.
        for (const cache of caches) {
          const config = cache ? base : { ...base, responseCacheEntries: 0 };
          const app = await createApp(config, handle, ds, { quiet: true });
          await app.listen(0, '127.0.0.1');
          const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
          try {
            const urls = await dashboardUrls(origin, c);
            if (!cache) info(opts, `${urls.length.toLocaleString('en-US')} distinct dashboard URLs`);
            await run(urls, Math.min(3, SECONDS), generator, backendPids); // warm-up: JIT, pool connections, PostgreSQL buffers
            const dash = await run(urls, SECONDS, generator, backendPids);
            health ??= await run([`${origin}/api/health`], SECONDS, generator, backendPids);
            const label = (cache ? 'dashboard (response cache on)' : 'dashboard (no response cache)') + tag;
            report(opts, { suite: 'http-load', metric: `${label} requests/s`, value: dash.rps, unit: 'req/s', baseline: health.rps, ratio: health.rps / dash.rps, note: note(dash) });
            report(opts, { suite: 'http-load', metric: `${label} p50`, value: dash.p50, unit: 'ms', baseline: health.p50, ratio: dash.p50 / health.p50 });
            report(opts, { suite: 'http-load', metric: `${label} p99`, value: dash.p99, unit: 'ms', baseline: health.p99, ratio: dash.p99 / health.p99, note: dash.p99 <= 250 ? 'within the 250 ms aim' : 'ABOVE the 250 ms aim' });
            report(opts, { suite: 'http-load', metric: `${label} errors`, value: dash.errors, unit: 'count' });
            report(opts, { suite: 'http-load', metric: `${label} CPU/request`, value: dash.cpu.server + dash.cpu.db + dash.cpu.generator, unit: 'ms', note: cpuNote(dash) });
          } finally {
            await app.close();
          }
        }
        report(opts, { suite: 'http-load', metric: `health requests/s${tag}`, value: health!.rps, unit: 'req/s', note: note(health!) });
        report(opts, { suite: 'http-load', metric: `health p99${tag}`, value: health!.p99, unit: 'ms' });
        report(opts, { suite: 'http-load', metric: `health CPU/request${tag}`, value: health!.cpu.server + health!.cpu.db + health!.cpu.generator, unit: 'ms', note: cpuNote(health!) });
      }
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await handle.close();
    }
  } finally {
    await c.end();
  }
}
