#!/usr/bin/env node
// Builds libs/taxonomy/data/onet_29_3/onet_titles.tsv.gz (the title coder's vocabulary) from the
// O*NET 29.3 Alternate Titles file: one line per SOC 2018 code x title (O*NET-SOC codes collapsed
// onto SOC, the number of O*NET title sources kept as a weight). Run by hand:
//   node libs/taxonomy/scripts/build-onet-titles.mjs [/path/to/onet_alternate_titles.csv]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));
const src = process.argv[2] ?? '/work/shared/data/onet_29_3/onet_alternate_titles.csv';
const out = join(here, '..', 'data', 'onet_29_3', 'onet_titles.tsv.gz');
const rows = parse(readFileSync(src), { columns: true, bom: true, trim: true });
const byKey = new Map();
for (const r of rows) {
  const soc = r.onet_soc_code.slice(0, 7);
  for (const title of [r.alternate_title, r.short_title].filter(Boolean)) {
    const t = title.replace(/\s+/g, ' ').trim();
    const key = `${soc}\t${t}`;
    const set = byKey.get(key) ?? new Set();
    for (const s of r.sources.split(',')) if (s) set.add(s);
    byKey.set(key, set);
  }
}
const lines = [...byKey].map(([k, s]) => `${k}\t${s.size}`).sort();
writeFileSync(out, gzipSync(`# soc\ttitle\tsources\n${lines.join('\n')}\n`, { level: 9 }));
console.log(`${rows.length} O*NET rows -> ${lines.length} SOC x title lines -> ${out}`);
