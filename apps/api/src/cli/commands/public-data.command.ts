import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { PUBLIC_DATASETS, type PublicDataLoadResult, type PublicDataLoadSummary, type PublicDataset } from '@credpulse/contracts';
import { loadPublicDataFile } from '../../modules/public-data/public-data.loader.js';
import { listVintages } from '../../modules/public-data/public-data.repository.js';
import { runDatabaseCommand, type CommandIo, type DatabaseCommand } from '../context.js';
import { formatIssue } from './ingest.command.js';

interface LoadOpts {
  year?: string;
  json?: boolean;
}

export function registerPublicData(program: Command): void {
  const cmd = program.command('public-data').description('public data for program demand: IPEDS institutions and completions, OEWS, BLS projections');
  cmd
    .command('load')
    .description(`load ${PUBLIC_DATASETS.join(', ')} files (CSV or xlsx); each file is one vintage in one transaction`)
    .argument('<dataset>', `one of ${PUBLIC_DATASETS.join(', ')}`)
    .argument('<file...>', 'files to load')
    .option('--year <year>', 'vintage year when the file name does not say it (IPEDS year, OEWS May year, projections base year)')
    .option('--json', 'print {loaded, rejected, skipped, files, errors, warnings} as JSON on stdout')
    .action(async (dataset: string, files: string[], opts: LoadOpts) => {
      const args = checkLoad(dataset, files, opts);
      if (typeof args === 'string') {
        process.stderr.write(`credpulse: ${args}\n`);
        process.exitCode = 1;
        return;
      }
      await runDatabaseCommand(publicDataLoad, args);
    });
  cmd
    .command('list')
    .description('list the loaded vintages (dataset, vintage, rows, loaded at, source)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => runDatabaseCommand(publicDataList, { json: opts.json === true }));
}

export const publicDataList: DatabaseCommand<{ json: boolean }> = {
  name: 'public-data list',
  remote: true,
  async run({ ds, io }, a) {
    const rows = await listVintages(ds);
    if (a.json) io.out(JSON.stringify(rows, null, 2) + '\n');
    else for (const r of rows) io.out(`${r.dataset}\t${r.vintage}\t${r.rows}\t${r.loadedAt}\t${r.source}\n`);
    return 0;
  },
};

interface LoadArgs {
  dataset: PublicDataset;
  /** path: absolute (a server running the command has its own working directory). */
  files: { path: string; name: string }[];
  year?: number;
  json: boolean;
}

/** The command's arguments, or what is wrong with them. */
function checkLoad(dataset: string, files: string[], opts: LoadOpts): LoadArgs | string {
  if (!(PUBLIC_DATASETS as readonly string[]).includes(dataset)) return `unknown dataset "${dataset}"; datasets: ${PUBLIC_DATASETS.join(', ')}`;
  let year: number | undefined;
  if (opts.year !== undefined) {
    year = Number(opts.year);
    if (!Number.isInteger(year) || year < 1990 || year > 2100) return `--year must be a year from 1990 to 2100, got "${opts.year}"`;
    if (files.length > 1 && dataset !== 'oews' && dataset !== 'projections') return '--year applies to one file; load years one file at a time, or name the files as IPEDS does (c2023_a.csv)';
  }
  for (const f of files) if (!existsSync(f) || !statSync(f).isFile()) return `${f}: no such file`;
  return { dataset: dataset as PublicDataset, files: files.map((f) => ({ path: resolve(f), name: f })), ...(year !== undefined ? { year } : {}), json: opts.json === true };
}

export const publicDataLoad: DatabaseCommand<LoadArgs> = {
  name: 'public-data load',
  remote: true,
  // institutions are placed in counties and CBSAs, completions checked against CIP: a first load
  // into a new database needs the taxonomies (without them HD rows kept no state or county)
  needsTaxonomies: true,
  run: ({ ds, io }, a) => runLoad(ds, io, a),
};

/** Exit codes: 0 all loaded, 2 some rows rejected, 1 a file refused (nothing of it loaded) or fatal. */
async function runLoad(ds: Parameters<typeof listVintages>[0], io: CommandIo, a: LoadArgs): Promise<number> {
  const fatal = (msg: string) => {
    io.err(`credpulse: ${msg}\n`);
    return 1;
  };
  const { dataset, year } = a;
  const opts = { json: a.json };
  const progress = (m: string) => io.err(`${m}\n`);
  try {
    const results: PublicDataLoadResult[] = [];
    for (const { path, name: f } of a.files) {
      const r = await loadPublicDataFile(ds, { dataset, file: basename(f), source: createReadStream(path, { highWaterMark: 1 << 20 }), ...(year !== undefined ? { year } : {}) });
      if (!opts.json) progress(`${basename(f)}: ${r.status}${r.vintage ? ` (vintage ${r.vintage})` : ''}, ${r.loaded} rows in ${r.seconds.toFixed(1)} s${r.replaced ? `, replacing ${r.replaced}` : ''}${r.skipped ? `, ${r.skipped} total/summary rows skipped` : ''}`);
      results.push(r);
    }
    const summary: PublicDataLoadSummary = {
      loaded: results.reduce((a, r) => a + r.loaded, 0),
      rejected: results.reduce((a, r) => a + r.rejected, 0),
      skipped: results.reduce((a, r) => a + r.skipped, 0),
      files: results.map(({ errors: _e, warnings: _w, ...r }) => ({ ...r, errors: [], warnings: [] })),
      errors: results.flatMap((r) => r.errors),
      warnings: results.flatMap((r) => r.warnings),
    };
    if (opts.json) io.out(JSON.stringify(summary, null, 2) + '\n');
    else {
      for (const e of summary.errors) io.out(formatIssue(e) + '\n');
      for (const w of summary.warnings) io.err(`warning: ${formatIssue(w)}\n`);
      for (const r of results) if (r.detail) io.out(`${r.detail}\n`);
      io.out(`${summary.loaded} loaded, ${summary.rejected} rejected, ${summary.skipped} skipped${results.some((r) => r.truncated) ? ' (lists truncated)' : ''}\n`);
    }
    if (results.some((r) => r.status === 'failed')) return 1;
    return summary.rejected > 0 ? 2 : 0;
  } catch (e) {
    return fatal(e instanceof Error ? e.message + (process.env.DEBUG ? '\n' + e.stack : '') : String(e));
  }
}
