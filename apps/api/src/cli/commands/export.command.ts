import { createWriteStream, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { Problem } from '../../common/problem.js';
import { readMeta } from '../../core/meta.service.js';
import { prepareExport } from '../../modules/export/export.service.js';
import { fail, progress, withDatabase } from '../context.js';

const FILTER_OPTIONS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider'] as const;

export function registerExport(program: Command): void {
  const cmd = program
    .command('export')
    .description('export a dataset (a metric view, or a record-level table when CREDPULSE_RECORD_EXPORTS=true) as Arrow, Parquet or CSV with its provenance')
    .argument('<dataset>', 'dataset name (see GET /api/exports or the error message for the list)')
    .requiredOption('--format <format>', 'arrow | parquet | csv')
    .requiredOption('--out <file>', 'output file (CSV also writes <file>.meta.json)');
  for (const f of FILTER_OPTIONS) cmd.option(`--${f} <value>`, `filter: ${f} (as in the API query string)`);
  cmd.action(async (dataset: string, opts: Record<string, string>) => {
    try {
      await withDatabase(async ({ ds, config }) => {
        const query: Record<string, unknown> = { format: opts.format };
        for (const f of FILTER_OPTIONS) if (opts[f] !== undefined) query[f] = opts[f];
        const meta = await readMeta(ds);
        // the operator of the CLI has the database itself; the server setting still applies
        const prepared = await prepareExport(ds, config, meta, dataset, query, 'admin', { name: `cli:${userInfo().username}`, role: 'cli' });
        const p = prepared.provenance;
        progress(`Exporting ${p.rowCount.toLocaleString('en-US')} rows of ${dataset} to ${opts.out}`);
        const out = createWriteStream(opts.out);
        const rows = await prepared.writeTo(out);
        out.end();
        await finished(out);
        if (p.format === 'csv') writeFileSync(`${opts.out}.meta.json`, JSON.stringify(p, null, 2) + '\n');
        progress(`Wrote ${rows.toLocaleString('en-US')} rows${p.format === 'csv' ? ` and ${opts.out}.meta.json` : ''}.`);
      });
    } catch (e) {
      if (e instanceof Problem) fail(new Error(`${e.detail}${e.extra.allowed ? ` Allowed: ${e.extra.allowed.join(', ')}.` : ''}`));
      fail(e);
    }
  });
}
