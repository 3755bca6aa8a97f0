#!/usr/bin/env node
// Builds libs/taxonomy/data/onet_29_3/onet_titles_tokens.txt.gz: the title coder's normalised words
// of each line of onet_titles.tsv.gz (same order), so a process builds the coder without
// normalising 56,000 titles. Derived data only (no new source): rerun after onet_titles.tsv.gz is
// rebuilt or whenever titleTokens changes (bump NORMALISER_VERSION in occupation-coder.ts first;
// libs/taxonomy/src/occupation-coder-build.spec.ts fails while the file is stale):
//   npx tsc -p libs/taxonomy/tsconfig.lib.json && node libs/taxonomy/scripts/build-onet-title-tokens.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { NORMALISER_VERSION, titleTokens } from '../dist/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'onet_29_3');
const lines = gunzipSync(readFileSync(join(dir, 'onet_titles.tsv.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'));
const out = lines.map((l) => titleTokens(l.split('\t')[1]).join(' '));
writeFileSync(
  join(dir, 'onet_titles_tokens.txt.gz'),
  gzipSync(`# normaliser ${NORMALISER_VERSION}: titleTokens of each onet_titles.tsv.gz line, in order (libs/taxonomy/scripts/build-onet-title-tokens.mjs)\n${out.join('\n')}\n`, { level: 9 }),
);
console.log(`${lines.length} titles -> onet_titles_tokens.txt.gz (normaliser ${NORMALISER_VERSION})`);
