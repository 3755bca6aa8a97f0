import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExtractor, decodeSnapshot, encodeSnapshot, syntheticPostingTexts, type ExtractionDictionary, type ExtractionHints } from '@credpulse/ingest';
import { buildFullCatalog, readEscoSkills, readOnet, skillDictionary } from '@credpulse/taxonomy';
import { info, type BenchOptions } from './report.js';
import { benchDescription } from './bench-postings.js';

// `npm run bench -- extract-check [--rows N]`: the extractor's output over a large, varied corpus,
// recorded once and compared byte for byte afterwards, so a change meant to make extraction cheaper
// (issue 16) is shown to change nothing it returns. The corpus: the extract bench's synthetic texts
// (N), the demo generator's descriptions (N, when DATABASE_URL names a database with the taxonomies;
// extracted with the product's pipeline dictionary as well), the real samples (USAJOBS summaries
// and announcements, JSON-LD postings, credential documents: every string of 40+ characters), the
// labelled extraction sets, variants of every 10th text (upper case, lower case, sentences as lines,
// lines as sentences) and texts with section hints. Every result is one JSON line (every field the
// extractor returns: ids, names, levels, spans, matched text, occurrences, candidates, degree).
//   CREDPULSE_EXTRACT_GOLDEN=<file>: compare with the file; write it when it does not exist.

const SUITE = 'extract-check';
/** the repository (this file runs from dist/bench/tests/bench) */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

// the ingest bench's postings (tests/bench/ingest.bench.ts): one line of filler around the mentions

function ingestBenchTexts(n: number): string[] {
  let s = 42;
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(benchDescription(pick));
  }
  return out;
}

interface Item {
  text: string;
  hints?: ExtractionHints;
}

function stringsOf(v: unknown, out: string[]): void {
  if (typeof v === 'string') {
    if (v.length >= 40) out.push(v);
  } else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringsOf(x, out);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Strings of the sample files: JSON values, CSV rows, text in 4 KB windows (multi-line structure kept). */
function sampleTexts(): string[] {
  const out: string[] = [];
  const roots = ['/work/shared/samples', join(ROOT, 'tests/fixtures/samples'), join(ROOT, 'tests/fixtures/extraction')];
  for (const root of roots) {
    for (const f of filesUnder(root)) {
      if (/LICENSE|\.py$|dictionary\.json$/.test(f)) continue;
      const raw = readFileSync(f, 'utf8');
      if (/\.jsonl$/.test(f)) {
        for (const line of raw.split('\n')) if (line.trim()) stringsOf(JSON.parse(line), out);
      } else if (/\.(json|jsonld)$/.test(f)) {
        try {
          stringsOf(JSON.parse(raw), out);
        } catch {
          /* not JSON after all */
        }
      } else if (/\.csv$/.test(f)) {
        for (const line of raw.split('\n')) if (line.length >= 40) out.push(line);
      }
      // every file also as raw text windows (headings, bullets, JSON punctuation)
      for (let i = 0; i < raw.length; i += 4096) out.push(raw.slice(i, i + 4096));
    }
  }
  return out;
}

/** Upper-cased, lower-cased, sentences as lines, lines as sentences, two texts run together. */
function variants(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i += 10) {
    const t = texts[i];
    out.push(t.toUpperCase(), t.toLowerCase(), t.replace(/\. /g, '.\n'), t.replace(/\n/g, ' '), `${t}\n${texts[(i + 7) % texts.length]}`);
  }
  return out;
}

function fileDictionary(): ExtractionDictionary {
  const skills = skillDictionary([...readOnet().skills, ...readEscoSkills()]);
  const catalog = buildFullCatalog();
  return { skills, credentials: catalog.credentials.map((c, i) => ({ id: i + 1, name: c.name, shortNames: c.shortNames ?? [] })) };
}

async function demoCorpus(opts: BenchOptions, n: number): Promise<{ texts: string[]; dictionary: ExtractionDictionary } | null> {
  if (!process.env.DATABASE_URL) return null;
  const { loadConfig } = await import('../../apps/api/src/config/config.js');
  const { connect, openDatabase } = await import('../../apps/api/src/database/database.js');
  const { ensureTaxonomies } = await import('../../apps/api/src/modules/taxonomy/taxonomy.loader.js');
  const { loadDemoReference } = await import('../../apps/api/src/modules/demo/demo-reference.js');
  const { planPostings, renderDescription } = await import('../../apps/api/src/modules/demo/demo-postings.js');
  const { loadPipelineDictionary } = await import('../../apps/api/src/modules/ingest/ingest.pipeline.js');
  const handle = await openDatabase(loadConfig(), {});
  const ds = await connect(handle);
  try {
    await ensureTaxonomies(ds, (m) => info(opts, m));
    const ref = await loadDemoReference(ds);
    const texts = planPostings(ref, n, 42).map((p) => renderDescription(p));
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      const pg = { query: async (sql: string, params?: unknown[]) => ({ rows: await runner.query(sql, params) }) };
      const dictionary = await loadPipelineDictionary(pg as never);
      return { texts, dictionary };
    } finally {
      await runner.release();
    }
  } finally {
    await ds.destroy();
    await handle.close();
  }
}

export async function extractCheckBench(opts: BenchOptions): Promise<void> {
  const n = opts.rows ?? 20_000;
  const dictionary = fileDictionary();
  const terms: string[] = [];
  dictionary.skills.forEach((s, i) => {
    if (i % 37 === 0) terms.push(s.name);
  });
  dictionary.credentials.forEach((c, i) => {
    if (i < 95) terms.push(c.name, ...(c.shortNames ?? []));
    else if (i % 10 === 0) terms.push(c.name);
  });
  const synthetic = syntheticPostingTexts(n, terms, 20261126);
  const demo = await demoCorpus(opts, n);
  const samples = sampleTexts();
  const bench = ingestBenchTexts(Math.ceil(n / 4));
  const base = [...synthetic, ...bench, ...(demo?.texts ?? []), ...samples];
  const plain: Item[] = [...base, ...variants(base)].map((text) => ({ text }));
  // section hints: the next texts as qualifications / skills / education
  const hinted: Item[] = [];
  for (let i = 0; i + 3 < base.length; i += 50) {
    hinted.push({ text: base[i], hints: { sections: { qualifications: base[i + 1].slice(0, 600), skills: base[i + 2].slice(0, 300), education: base[i + 3].slice(0, 200) } } });
  }
  const runs: { name: string; dictionary: ExtractionDictionary; items: Item[] }[] = [{ name: 'files', dictionary, items: [...plain, ...hinted] }];
  if (demo) runs.push({ name: 'pipeline', dictionary: demo.dictionary, items: [...demo.texts.map((text) => ({ text })), ...bench.map((text) => ({ text })), ...hinted] });
  const lines: string[] = [];
  const hash = createHash('sha256');
  let chars = 0;
  let cpuExtract = 0;
  for (const run of runs) {
    let c0 = process.cpuUsage();
    const x = createExtractor(run.dictionary);
    let c = process.cpuUsage(c0);
    info(opts, `${run.name} dictionary: ${x.stats.phrases} phrases, ${x.stats.states} states, ${x.stats.dropped} dropped; built in ${((c.user + c.system) / 1e6).toFixed(2)} s CPU`);
    lines.push(`#${run.name} ${JSON.stringify(x.stats)}`);
    // every other text through an extractor made from the built one's snapshot, written and read
    // back as the file cache does: the snapshot path must give the same results
    const bytes = encodeSnapshot(x.snapshot());
    const y = createExtractor(run.dictionary, { snapshot: decodeSnapshot(bytes) });
    info(opts, `${run.name} snapshot: ${(bytes.length / 1e6).toFixed(1)} MB`);
    c0 = process.cpuUsage();
    let k = 0;
    for (const it of run.items) {
      const z = k++ % 2 === 0 ? x : y;
      const r = it.hints ? z.extract(it.text, it.hints) : z.extract(it.text);
      lines.push(JSON.stringify(r));
      chars += it.text.length;
    }
    c = process.cpuUsage(c0);
    cpuExtract += (c.user + c.system) / 1e6;
    info(opts, `${run.name}: ${run.items.length.toLocaleString('en-US')} texts extracted in ${((c.user + c.system) / 1e6).toFixed(2)} s CPU`);
  }
  // the ingest bench's postings alone, 3 passes after the one above, median CPU time
  {
    const x = createExtractor(demo?.dictionary ?? dictionary);
    const mb = bench.reduce((a, t) => a + t.length, 0) / 1e6;
    const cpus: number[] = [];
    for (let p = 0; p < 4; p++) {
      const c0 = process.cpuUsage();
      for (const t of bench) x.extract(t);
      const c = process.cpuUsage(c0);
      if (p > 0) cpus.push((c.user + c.system) / 1e6);
    }
    const s = cpus.sort((a, b) => a - b)[1];
    info(opts, `ingest bench postings: ${bench.length.toLocaleString('en-US')} (${mb.toFixed(1)} MB) in ${s.toFixed(2)} s CPU (median of 3): ${(mb / s).toFixed(1)} MB/s, ${Math.round(bench.length / s).toLocaleString('en-US')} postings/s one thread; ${((s * 100_000) / bench.length).toFixed(2)} s CPU per 100k`);
  }
  for (const l of lines) hash.update(l).update('\n');
  const digest = hash.digest('hex');
  const [l1, l5, l15] = loadavg();
  info(opts, `${lines.length.toLocaleString('en-US')} results over ${(chars / 1e6).toFixed(1)} MB (${synthetic.length} synthetic, ${demo?.texts.length ?? 0} demo, ${samples.length} sample strings); extraction ${cpuExtract.toFixed(2)} s CPU; sha256 ${digest}; load ${l1.toFixed(1)} ${l5.toFixed(1)} ${l15.toFixed(1)}`);
  const golden = process.env.CREDPULSE_EXTRACT_GOLDEN;
  if (!golden) return;
  if (!existsSync(golden)) {
    writeFileSync(golden, `${lines.join('\n')}\n`);
    info(opts, `${SUITE}: wrote ${golden}`);
    return;
  }
  const want = readFileSync(golden, 'utf8').split('\n');
  want.pop();
  let diffs = 0;
  for (let i = 0; i < Math.max(want.length, lines.length); i++) {
    if (want[i] === lines[i]) continue;
    if (diffs++ < 5) process.stderr.write(`line ${i + 1} differs:\n  want ${want[i]?.slice(0, 600)}\n  got  ${lines[i]?.slice(0, 600)}\n`);
  }
  if (diffs > 0) throw new Error(`${SUITE}: ${diffs} of ${want.length} results differ from ${golden}`);
  info(opts, `${SUITE}: identical to ${golden} (${want.length.toLocaleString('en-US')} results)`);
}
