import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { IngestFileSummary, IngestIssue } from '@credpulse/contracts';
import { INGEST_FORMATS, isIngestFormat, parseMapping, IngestFatalError, type ColumnMapping } from '@credpulse/ingest';
import { afterLoadHook, ingestDeps, summarize } from '../../modules/ingest/ingest.service.js';
import { ingestFile } from '../../modules/ingest/ingest.pipeline.js';
import { progress, withDatabase } from '../context.js';

interface IngestOpts {
  mapping?: string;
  allOrNothing?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** `file:line: field: reason` (JSON documents add the pointer: `file:line:/a/b: field: reason`). */
export function formatIssue(i: IngestIssue): string {
  const where = [i.line, i.pointer].filter((x) => x !== undefined && x !== '').join(':');
  return `${i.file}${where ? ':' + where : ''}: ${i.field}: ${i.reason}`;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(`load credential and job-posting files (${INGEST_FORMATS.join(', ')}); each file in one transaction`)
    .argument('<format>', `one of ${INGEST_FORMATS.join(', ')}`)
    .argument('<file...>', 'files to load (each is all-or-its-valid-records, atomically)')
    .option('--mapping <file>', 'JSON column mapping for the CSV formats (docs/ingest-mapping.md)')
    .option('--all-or-nothing', 'load nothing from a file with any rejected record')
    .option('--dry-run', 'validate and report without writing (with --json, prints the normalized records)')
    .option('--json', 'print {accepted, rejected, duplicates, warnings, errors} as JSON on stdout')
    .action(async (format: string, files: string[], opts: IngestOpts) => {
      const code = await runIngestCommand(format, files, opts);
      process.exitCode = code;
    });
}

/** Exit codes: 0 all accepted, 2 some rejected (or a file refused), 1 fatal. */
async function runIngestCommand(format: string, files: string[], opts: IngestOpts): Promise<number> {
  const fatal = (msg: string) => {
    process.stderr.write(`credpulse: ${msg}\n`);
    return 1;
  };
  if (!isIngestFormat(format)) return fatal(`unknown format "${format}"; formats: ${INGEST_FORMATS.join(', ')}`);
  for (const f of files) if (!existsSync(f) || !statSync(f).isFile()) return fatal(`${f}: no such file`);
  let mapping: ColumnMapping | undefined;
  if (opts.mapping) {
    if (!existsSync(opts.mapping)) return fatal(`${opts.mapping}: no such mapping file`);
    try {
      mapping = parseMapping(readFileSync(opts.mapping, 'utf8'), opts.mapping);
    } catch (e) {
      return fatal((e as Error).message);
    }
  }
  try {
    const results: IngestFileSummary[] = await withDatabase(async ({ ds, handle, config }) => {
      const deps = ingestDeps(ds, handle, config, afterLoadHook(ds, (m) => progress(`warning: ${m}`)));
      const out: IngestFileSummary[] = [];
      for (const f of files) {
        const t0 = Date.now();
        const r = await ingestFile(deps, { format, file: f, source: createReadStream(f, { highWaterMark: 1 << 20 }), sizeHint: statSync(f).size, mapping, allOrNothing: opts.allOrNothing, dryRun: opts.dryRun, includeRecords: opts.dryRun && opts.json });
        if (!opts.json) progress(`${basename(f)}: ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        out.push(r);
      }
      return out;
    });
    const s = summarize(results);
    if (opts.json) {
      const { files: perFile, ...rest } = s;
      process.stdout.write(JSON.stringify({ ...rest, files: perFile }, null, 2) + '\n');
    } else {
      for (const e of s.errors) process.stdout.write(formatIssue(e) + '\n');
      for (const w of s.warnings) process.stderr.write(`warning: ${formatIssue(w)}\n`);
      for (const r of results) if (r.detail) process.stdout.write(`${r.file}: ${r.detail}\n`);
      const verb = opts.dryRun ? 'would load' : 'loaded';
      process.stdout.write(`${s.accepted} ${verb}, ${s.rejected} rejected, ${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'}, ${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}${results.some((r) => r.truncated) ? ' (lists truncated; all rejects are in ingest_reject)' : ''}\n`);
    }
    const fatalFile = results.some((r) => r.status === 'failed' && r.rejected === 0);
    if (fatalFile) return 1;
    return s.rejected > 0 ? 2 : 0;
  } catch (e) {
    if (e instanceof IngestFatalError) return fatal(e.message);
    return fatal(e instanceof Error ? e.message + (process.env.DEBUG ? '\n' + e.stack : '') : String(e));
  }
}
