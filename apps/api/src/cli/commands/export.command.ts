import { createWriteStream, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { finished } from 'node:stream/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Problem } from '../../common/problem.js';
import { ExportService } from '../../modules/export/export.service.js';
import { runDatabaseCommand, type DatabaseCommand } from '../context.js';

const FILTER_OPTIONS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider', 'groupBy', 'granularity', 'limit'] as const;

export const exportData: DatabaseCommand<{ dataset: string; query: Record<string, unknown>; out: string; user: string }> = {
  name: 'export',
  remote: true,
  needsTaxonomies: true,
  async run({ service, io }, a) {
    try {
      // the operator of the CLI holds the database itself; the server setting still applies
      const prepared = await (await service(ExportService)).prepare(a.dataset, a.query, 'admin', { name: `cli:${a.user}`, role: 'cli' });
      const p = prepared.provenance;
      io.err(`Exporting ${p.rowCount.toLocaleString('en-US')} rows of ${a.dataset} to ${a.out}\n`);
      const out = createWriteStream(a.out);
      const rows = await prepared.writeTo(out);
      out.end();
      await finished(out);
      if (p.format === 'csv') writeFileSync(`${a.out}.meta.json`, JSON.stringify(p, null, 2) + '\n');
      io.err(`Wrote ${rows.toLocaleString('en-US')} rows${p.format === 'csv' ? ` and ${a.out}.meta.json` : ''}.\n`);
      return 0;
    } catch (e) {
      if (e instanceof Problem) throw new Error(`${e.detail}${e.extra.allowed ? ` Allowed: ${e.extra.allowed.join(', ')}.` : ''}`);
      throw e;
    }
  },
};

export function registerExport(program: Command): void {
  const cmd = program
    .command('export')
    .description('export a metric view (metrics/<name>) or a record-level table (postings, posting-skills, posting-credentials, awards, outcomes; needs CREDPULSE_RECORD_EXPORTS=true) as Arrow, Parquet or CSV with its provenance')
    .argument('<dataset>', 'e.g. metrics/skill-gap or postings')
    .requiredOption('--format <format>', 'arrow | parquet | csv')
    .requiredOption('--out <file>', 'output file (CSV also writes <file>.meta.json)');
  for (const f of FILTER_OPTIONS) cmd.option(`--${f} <value>`, `filter: ${f} (as in the API query string)`);
  cmd.action((dataset: string, opts: Record<string, string>) => {
    const query: Record<string, unknown> = { format: opts.format };
    for (const f of FILTER_OPTIONS) if (opts[f] !== undefined) query[f] = opts[f];
    // absolute: a server running the command has its own working directory
    return runDatabaseCommand(exportData, { dataset, query, out: resolve(opts.out), user: userInfo().username });
  });
}
