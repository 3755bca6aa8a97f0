#!/usr/bin/env node
// The title coder's and the geocoder's answers over every labelled set, the real samples and the
// ingest benchmark's generated postings, as JSON lines, with their sha256: run it before and after a
// change that must not change any answer (speed work) and compare the digests (or the files).
//
//   npx tsc -b libs/taxonomy/tsconfig.lib.json tests/bench/tsconfig.json
//   node libs/taxonomy/scripts/coder-answers.mjs [--out answers.jsonl] [--time ROUNDS]
//
// Reads the built library (libs/taxonomy/dist) and the built ingest bench (dist/bench) for its
// generator. Each set is coded with cold caches, then again warm (a cached answer must equal the
// uncached one); titles of the labelled sets also with a description. --time N codes the bench's
// 10,000 postings N times (caches cleared each round) and prints CPU per round for titles and places.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const { Geocoder, OccupationCoder, readGeocoderData, readOccupationCoderData } = await import(pathToFileURL(join(root, 'libs/taxonomy/dist/index.js')).href);
const { postingsText } = await import(pathToFileURL(join(root, 'dist/bench/tests/bench/ingest-coding.bench.js')).href);

const tsvColumn = (file, col = 0) =>
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t')[col]);

const titleSets = {};
for (const f of readdirSync(join(root, 'tests/fixtures/occupation')).filter((f) => f.endsWith('.tsv')).sort()) titleSets[f] = tsvColumn(`tests/fixtures/occupation/${f}`);
titleSets['usajobs-2019-titles'] = gunzipSync(readFileSync(join(root, 'tests/fixtures/bench/usajobs-2019-titles.tsv.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t')[0]);
titleSets['usajobs-dol-sample'] = readFileSync(join(root, 'tests/fixtures/samples/usajobs/usajobs_dol_2024_2025_every9th.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((l) => l.split(',')[3]);
const dolJson = '/work/shared/samples/usajobs/usajobs_dol_2024_2025.json';
if (existsSync(dolJson)) titleSets['usajobs-dol-2024-2025'] = JSON.parse(readFileSync(dolJson, 'utf8')).map((x) => x.position_title);
const bench = postingsText(10_000);
titleSets['bench-10000'] = bench.map((p) => p.title);
titleSets['bad-input'] = ['', '   ', '---', '\u0001bad', 'x'.repeat(400), 'Nurse (', 'RN / LPN / CNA', 'GS-0610-11 Nurse', 'Sr. Registered Nurse II - Req #4471', 'IT Specialist (SYSADMIN/NETWORK)'];

const placeSets = {};
for (const f of readdirSync(join(root, 'tests/fixtures/geocode')).filter((f) => f.endsWith('.tsv')).sort()) placeSets[f] = tsvColumn(`tests/fixtures/geocode/${f}`);
placeSets['bench-10000'] = bench.map((p) => p.location);
placeSets['bad-input'] = ['', ' ', 'Remote', 'Austin TX', 'Paris', 'x'.repeat(3000), 'Springfield', 'New York, NY | Remote', '99999', 'Toronto, ON'];

const coder = new OccupationCoder(readOccupationCoderData());
const geocoder = new Geocoder(readGeocoderData());

const timeRounds = Number(arg('--time') ?? 0);
if (timeRounds > 0) {
  const cpu = (fn) => {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  const t = [];
  const p = [];
  for (let r = 0; r < timeRounds; r++) {
    coder.clearCache();
    geocoder.clearCache();
    t.push(cpu(() => bench.forEach((x) => coder.code(x.title))));
    p.push(cpu(() => bench.forEach((x) => geocoder.geocode(x.location))));
  }
  const f = (a) => a.map((x) => x.toFixed(0)).join(' ');
  const best = (a) => Math.min(...a).toFixed(0);
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(0);
  console.log(`bench 10,000 postings, cpu ms per round: titles ${f(t)} (best ${best(t)}, median ${med(t)}); places ${f(p)} (best ${best(p)}, median ${med(p)})`);
  process.exit(0);
}

const lines = [];
const emit = (o) => lines.push(JSON.stringify(o));
for (const pass of ['cold', 'warm']) {
  for (const [set, titles] of Object.entries(titleSets)) {
    if (pass === 'cold') coder.clearCache();
    for (const t of titles) emit({ set, kind: 'title', r: coder.code(t) });
    if (!set.startsWith('bench') && !set.startsWith('usajobs-2019'))
      for (const t of titles) emit({ set, kind: 'title+description', r: coder.code(t, `${t}. Duties include patient care, software, accounting and safety inspections.`) });
  }
  for (const [set, places] of Object.entries(placeSets)) {
    if (pass === 'cold') geocoder.clearCache();
    for (const t of places) emit({ set, kind: 'place', r: geocoder.geocode(t) });
  }
}
const text = `${lines.join('\n')}\n`;
const out = arg('--out');
if (out) writeFileSync(out, text);
const counts = Object.entries(titleSets)
  .map(([k, v]) => `${k} ${v.length}`)
  .concat(Object.entries(placeSets).map(([k, v]) => `${k} ${v.length} places`));
console.log(`${lines.length} answers (${counts.join(', ')}); sha256 ${createHash('sha256').update(text).digest('hex')}`);
