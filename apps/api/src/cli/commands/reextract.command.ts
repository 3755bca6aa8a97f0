import type { Command } from 'commander';
import { enqueueReextract, latestReextractJob, runReextract, type ReextractJob } from '../../modules/credential-discovery/reextract.js';
import { fail, runDatabaseCommand, type DatabaseCommand } from '../context.js';

const describe = (j: ReextractJob | null) =>
  j === null
    ? 'no re-extraction has run'
    : `job ${j.id}: ${j.status}, ${j.done.toLocaleString('en-US')} of ${j.total.toLocaleString('en-US')} postings, ${j.changed.toLocaleString('en-US')} with changed credential mentions` +
      `${j.current ? '' : ' (the catalog changed since: run again)'}${j.error ? `; error: ${j.error}` : ''}`;

export const reextract: DatabaseCommand<{ status: boolean; force: boolean; batch: number; json: boolean }> = {
  name: 'reextract',
  remote: true,
  needsTaxonomies: true,
  async run({ ds, io }, opts) {
    const progress = (m: string) => io.err(`${m}\n`);
    const job = await (async () => {
      if (opts.status) return latestReextractJob(ds);
      const { id, queued } = await enqueueReextract(ds, 'credpulse reextract', { force: opts.force });
      if (!queued) {
        progress('every posting is extracted with the current catalog; nothing to do (--force runs anyway)');
        return latestReextractJob(ds);
      }
      const t0 = Date.now();
      let last = 0;
      const r = await runReextract(ds, id, {
        batchSize: opts.batch,
        onProgress: (p) => {
          if (Date.now() - last < 1000 && p.done < p.total) return;
          last = Date.now();
          const rate = p.done / Math.max(0.001, (Date.now() - t0) / 1000);
          progress(`re-extraction: ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} postings (${rate.toFixed(0)}/s), ${p.changed.toLocaleString('en-US')} changed`);
        },
      });
      if (r === null) throw new Error('another re-extraction is running (the server or another credpulse reextract); see --status');
      progress(`re-extraction finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return r;
    })();
    io.out(opts.json ? `${JSON.stringify(job, null, 2)}\n` : `${describe(job)}\n`);
    return 0;
  },
};

export function registerReextract(program: Command): void {
  program
    .command('reextract')
    .description('extract stored postings again with the current catalog, aliases and skills (resumes an unfinished job), then refresh the rollups')
    .option('--status', 'only print the state of the latest job')
    .option('--force', 'run even when every posting was extracted with the current catalog')
    .option('--batch <n>', 'postings per batch (one transaction each)', '500')
    .option('--json', 'print the job as JSON')
    .action(async (opts: { status?: boolean; force?: boolean; batch: string; json?: boolean }) => {
      const batch = Number(opts.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) fail(new Error(`--batch must be a whole number from 1 to 100000 (got ${opts.batch})`));
      await runDatabaseCommand(reextract, { status: opts.status === true, force: opts.force === true, batch, json: opts.json === true });
    });
}
