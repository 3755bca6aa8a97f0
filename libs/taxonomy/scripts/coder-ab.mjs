#!/usr/bin/env node
// CPU of title coding and geocoding, two or more builds of libs/taxonomy A/B in one process (rounds
// alternated, so a shared machine's load falls on every build alike): the ingest bench's 10,000
// generated postings, caches cleared before each round, one untimed warm-up round.
//
//   git stash && npx tsc -b libs/taxonomy/tsconfig.lib.json && cp -r libs/taxonomy/dist libs/taxonomy/dist-base && git stash pop
//   npx tsc -b libs/taxonomy/tsconfig.lib.json tests/bench/tsconfig.json
//   node libs/taxonomy/scripts/coder-ab.mjs 16 $PWD/libs/taxonomy/dist-base $PWD/libs/taxonomy/dist
//
// (a copy of dist must sit beside it, under libs/taxonomy, for its data paths and packages.)
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const rounds = Number(process.argv[2]);
const dists = process.argv.slice(3);
const { postingsText } = await import(pathToFileURL(join(root, 'dist/bench/tests/bench/ingest-coding.bench.js')).href);
const bench = postingsText(10000);
const cpu = (fn) => { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
const arms = [];
for (const d of dists) {
  const m = await import(pathToFileURL(join(d, 'index.js')).href);
  const a = { name: d.split('/').pop(), t: [], p: [] };
  a.bo = cpu(() => (a.coder = new m.OccupationCoder(m.readOccupationCoderData())));
  a.bg = cpu(() => (a.geo = new m.Geocoder(m.readGeocoderData())));
  arms.push(a);
}
for (let r = 0; r < rounds; r++) for (const a of (r % 2 ? [...arms].reverse() : arms)) {
  if (r === 0) { a.coder.clearCache(); for (const x of bench) { a.coder.code(x.title); a.geo.geocode(x.location); } }
  a.coder.clearCache(); a.geo.clearCache();
  a.t.push(cpu(() => { for (const x of bench) a.coder.code(x.title); }));
  a.p.push(cpu(() => { for (const x of bench) a.geo.geocode(x.location); }));
}
const s = (a) => [...a].sort((x, y) => x - y);
const m = (a) => s(a)[a.length >> 1];
for (const a of arms) console.log(`${a.name}: build ${a.bo.toFixed(0)}/${a.bg.toFixed(0)}; titles best ${s(a.t)[0].toFixed(0)} med ${m(a.t).toFixed(0)} [${a.t.map((x) => x.toFixed(0)).join(' ')}]; places best ${s(a.p)[0].toFixed(0)} med ${m(a.p).toFixed(0)}`);
