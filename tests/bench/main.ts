import 'reflect-metadata';
import { BENCH_SUITES } from './index.js';

// The dev-only entry of the benchmark suites (`npm run bench -- <suite> [--rows N] [--json]`):
// they are not part of the shipped CLI. scripts/bench.mjs compiles them (dist/bench) and runs this.
const USAGE = `usage: npm run bench -- <suite> [--rows N] [--places fips|text] [--json]\n--places (ingest): fips (generated postings carry county FIPS and SOC codes; the default) or text (free-text places and titles)\nsuites: ${Object.keys(BENCH_SUITES).join(', ')}`;

async function main(argv: string[]): Promise<number> {
  let suite: string | undefined;
  let rows: number | undefined;
  let json = false;
  let places: 'fips' | 'text' | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--rows' || a.startsWith('--rows=')) {
      const v = a === '--rows' ? argv[++i] : a.slice('--rows='.length);
      if (!/^\d+$/.test(v ?? '') || Number(v) < 1) return usage(`--rows takes a positive whole number (got ${v ?? 'nothing'})`);
      rows = Number(v);
    } else if (a === '--places' || a.startsWith('--places=')) {
      const v = a === '--places' ? argv[++i] : a.slice('--places='.length);
      if (v !== 'fips' && v !== 'text') return usage(`--places must be fips or text (got ${v ?? 'nothing'})`);
      places = v;
    } else if (a === '--help' || a === '-h') return usage();
    else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else if (suite === undefined) suite = a;
    else return usage(`one suite at a time (got ${suite} and ${a})`);
  }
  if (suite === undefined) return usage('name a suite');
  const run = BENCH_SUITES[suite];
  if (!run) return usage(`unknown bench suite "${suite}"`);
  await run({ rows, json, places });
  return 0;
}

function usage(error?: string): number {
  process.stderr.write(`${error ? `bench: ${error}\n` : ''}${USAGE}\n`);
  return error ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
