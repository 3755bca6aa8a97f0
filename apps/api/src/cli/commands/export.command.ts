import { createWriteStream, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { finished } from 'node:stream/promises';
import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import { AppModule } from '../../app.module.js';
import { Problem } from '../../common/problem.js';
import { ExportService } from '../../modules/export/export.service.js';
import { fail, progress, withDatabase } from '../context.js';

const FILTER_OPTIONS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider', 'groupBy', 'granularity', 'limit'] as const;

export function registerExport(program: Command): void {
  const cmd = program
    .command('export')
    .description('export a metric view (metrics/<name>) or a record-level table (postings, posting-skills, posting-credentials, awards, outcomes; needs CREDPULSE_RECORD_EXPORTS=true) as Arrow, Parquet or CSV with its provenance')
    .argument('<dataset>', 'e.g. metrics/skill-gap or postings')
    .requiredOption('--format <format>', 'arrow | parquet | csv')
    .requiredOption('--out <file>', 'output file (CSV also writes <file>.meta.json)');
  for (const f of FILTER_OPTIONS) cmd.option(`--${f} <value>`, `filter: ${f} (as in the API query string)`);
  cmd.action(async (dataset: string, opts: Record<string, string>) => {
    try {
      await withDatabase(async ({ ds, config, handle }) => {
        const query: Record<string, unknown> = { format: opts.format };
        for (const f of FILTER_OPTIONS) if (opts[f] !== undefined) query[f] = opts[f];
        // the same services as the API (metric views need the metric modules)
        const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, handle, ds), { logger: ['error'] });
        try {
          // the operator of the CLI holds the database itself; the server setting still applies
          const prepared = await app.get(ExportService).prepare(dataset, query, 'admin', { name: `cli:${userInfo().username}`, role: 'cli' });
          const p = prepared.provenance;
          progress(`Exporting ${p.rowCount.toLocaleString('en-US')} rows of ${dataset} to ${opts.out}`);
          const out = createWriteStream(opts.out);
          const rows = await prepared.writeTo(out);
          out.end();
          await finished(out);
          if (p.format === 'csv') writeFileSync(`${opts.out}.meta.json`, JSON.stringify(p, null, 2) + '\n');
          progress(`Wrote ${rows.toLocaleString('en-US')} rows${p.format === 'csv' ? ` and ${opts.out}.meta.json` : ''}.`);
        } finally {
          await app.close();
        }
      });
    } catch (e) {
      if (e instanceof Problem) fail(new Error(`${e.detail}${e.extra.allowed ? ` Allowed: ${e.extra.allowed.join(', ')}.` : ''}`));
      fail(e);
    }
  });
}
