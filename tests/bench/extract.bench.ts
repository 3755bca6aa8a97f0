import { createExtractionPool, createExtractor, syntheticPostingTexts, tokenize, type ExtractionDictionary } from '@credpulse/ingest';
import { buildFullCatalog, readCredentialCatalog, readEscoSkills, readOnet, skillDictionary } from '@credpulse/taxonomy';
import { info, peakRssMb, report, type BenchOptions } from './report.js';

// Skill/credential extraction over generated ~1 KB posting texts, with the full dictionary built
// from the shipped taxonomy files (O*NET technology skills + ESCO labels + the credential catalog,
// ~107k phrases; no database needed).
//   ours:     createExtractor(...).extract(text) on this thread, and createExtractionPool on worker
//             threads (extractBatch over the same texts);
//   baseline: plain tokenisation of the same texts (tokenize(): token strings, no dictionary), in
//             the same run.
// The machine is shared, so each single-thread figure is the median of several passes; the
// CPU-time figure (process.cpuUsage) is steadier than wall time when other work competes.

const SUITE = 'extract';
const PASSES = 5;

/**
 * The product's dictionary: every O*NET and ESCO skill and the whole credential catalog (2,000+
 * credentials: editorial catalog, NJ ETPL lists, credentials-csv lists). CREDPULSE_BENCH_CATALOG=editorial
 * builds it with the 95-credential editorial catalog only (the dictionary before issue 13), for a
 * before/after comparison on the same texts.
 */
function fullDictionary(): ExtractionDictionary {
  const skills = skillDictionary([...readOnet().skills, ...readEscoSkills()]);
  const catalog = process.env.CREDPULSE_BENCH_CATALOG === 'editorial' ? readCredentialCatalog() : buildFullCatalog();
  const credentials = catalog.credentials.map((c, i) => ({ id: i + 1, name: c.name, shortNames: c.shortNames ?? [] }));
  return { skills, credentials };
}

/** Median over passes of [wall ms, cpu ms] for fn over every text. */
function timePasses(texts: readonly string[], fn: (t: string) => number): { wall: number; cpu: number; wallAll: number[]; sink: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  let sink = 0;
  for (let p = 0; p < PASSES; p++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const t of texts) sink += fn(t);
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return { wall: med(walls), cpu: med(cpus), wallAll: walls, sink };
}

export async function extractBench(opts: BenchOptions): Promise<void> {
  const n = opts.rows ?? 20_000;
  const d0 = performance.now();
  const dictionary = fullDictionary();
  info(opts, `dictionary read (taxonomy files and credential lists): ${(performance.now() - d0).toFixed(0)} ms wall`);

  global.gc?.();
  // the automaton lives in typed arrays, which V8 counts outside heapUsed
  const held = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const heap0 = held();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const extractor = createExtractor(dictionary);
  const buildMs = performance.now() - t0;
  info(opts, `dictionary build: ${buildMs.toFixed(0)} ms wall (catalog ${process.env.CREDPULSE_BENCH_CATALOG === 'editorial' ? 'editorial, 95 credentials' : 'full'})`);
  const buildCpu = (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000;
  global.gc?.();
  const heapMb = (held() - heap0) / 1e6;
  info(opts, `dictionary: ${dictionary.skills.length.toLocaleString('en-US')} skills, ${dictionary.credentials.length} credentials -> ${extractor.stats.phrases.toLocaleString('en-US')} phrases, ${extractor.stats.states.toLocaleString('en-US')} states`);

  // terms the texts mention: every 37th skill name (O*NET products and ESCO skills alike) and every
  // credential name and short form, under requirement / preference / in-lieu cues
  const terms: string[] = [];
  dictionary.skills.forEach((s, i) => {
    if (i % 37 === 0) terms.push(s.name);
  });
  // the same texts whatever the dictionary: credential names and short forms of the editorial catalog
  for (const c of readCredentialCatalog().credentials) terms.push(c.name, ...(c.shortNames ?? []));
  const texts = syntheticPostingTexts(n, terms, 20261126);
  const bytes = texts.reduce((a, t) => a + t.length, 0);
  const mb = bytes / 1e6;
  info(opts, `${n.toLocaleString('en-US')} posting texts, ${mb.toFixed(1)} MB (${Math.round(bytes / n)} chars each on average); ${PASSES} passes each, medians`);

  const base = timePasses(texts, (t) => tokenize(t).norms.length);
  const ours = timePasses(texts, (t) => {
    const r = extractor.extract(t);
    return r.skills.length + r.credentials.length;
  });
  info(opts, `mentions per posting: ${(ours.sink / PASSES / n).toFixed(1)}; extraction wall ms per pass: ${ours.wallAll.map((x) => x.toFixed(0)).join(', ')}`);

  const threads = 2;
  const pool = createExtractionPool({ dictionary, threads });
  let poolS = 0;
  let poolBuildS = 0;
  try {
    const tp = performance.now();
    await pool.ready();
    poolBuildS = (performance.now() - tp) / 1000;
    // one warm-up pass (the workers' code is not optimised yet), then the median of timed passes
    const passes: number[] = [];
    for (let p = 0; p <= 3; p++) {
      const tq = performance.now();
      const results = await pool.extractBatch(texts);
      if (p > 0) passes.push((performance.now() - tq) / 1000);
      if (results.length !== n) throw new Error(`extract bench: the pool returned ${results.length} results for ${n} texts`);
    }
    poolS = passes.sort((a, b) => a - b)[1];
    info(opts, `pool wall s per pass: ${passes.map((x) => x.toFixed(2)).join(', ')}`);
  } finally {
    await pool.close();
  }

  const note = 'baseline: tokenize() alone on the same texts; ratio = our time / baseline time';
  report(opts, { suite: SUITE, metric: 'extraction MB/s (1 thread, wall)', value: mb / (ours.wall / 1000), unit: 'MB/s', baseline: mb / (base.wall / 1000), ratio: ours.wall / base.wall, note });
  report(opts, { suite: SUITE, metric: 'extraction MB/s (1 thread, cpu)', value: mb / (ours.cpu / 1000), unit: 'MB/s', baseline: mb / (base.cpu / 1000), ratio: ours.cpu / base.cpu });
  report(opts, { suite: SUITE, metric: 'postings/s (1 thread, wall)', value: n / (ours.wall / 1000), unit: 'postings/s', baseline: n / (base.wall / 1000), ratio: ours.wall / base.wall });
  report(opts, { suite: SUITE, metric: `postings/s (pool, ${threads} threads)`, value: n / poolS, unit: 'postings/s', baseline: n / (ours.wall / 1000), ratio: poolS / (ours.wall / 1000), note: 'baseline: one thread; ratio = pool time / one-thread time' });
  report(opts, { suite: SUITE, metric: `extraction MB/s (pool, ${threads} threads)`, value: mb / poolS, unit: 'MB/s' });
  report(opts, { suite: SUITE, metric: 'dictionary build (wall)', value: buildMs, unit: 'ms' });
  report(opts, { suite: SUITE, metric: 'dictionary build (cpu)', value: buildCpu, unit: 'ms' });
  report(opts, { suite: SUITE, metric: 'pool start (workers build in parallel)', value: poolBuildS * 1000, unit: 'ms' });
  report(opts, { suite: SUITE, metric: 'memory held by the extractor', value: heapMb, unit: 'MB', note: `JS heap + array buffers${global.gc ? ', after GC' : ', without --expose-gc: includes garbage'}` });
  report(opts, { suite: SUITE, metric: 'peak RSS', value: peakRssMb(), unit: 'MB' });
}
