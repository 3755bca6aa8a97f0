import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { IngestFileSummary, IngestIssue } from '@credpulse/contracts';
import { INGEST_FORMATS, isIngestFormat, parseMapping, IngestFatalError, getPreset, listPresets, type ColumnMapping } from '@credpulse/ingest';
import { afterLoadHook, ingestDeps, summarize } from '../../modules/ingest/ingest.service.js';
import { ingestFile } from '../../modules/ingest/ingest.pipeline.js';
import { runDatabaseCommand, type CommandIo, type DatabaseCommand } from '../context.js';

interface IngestOpts {
  mapping?: string;
  preset?: string;
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
    .option('--preset <name>', `a shipped column mapping for a real export: ${listPresets()
      .map((p) => `${p.name} (${p.format}: ${p.label})`)
      .join('; ')}`)
    .option('--all-or-nothing', 'load nothing from a file with any rejected record')
    .option('--dry-run', 'validate and report without writing (with --json, prints the normalized records)')
    .option('--json', 'print {accepted, rejected, duplicates, warnings, errors} as JSON on stdout')
    .action(async (format: string, files: string[], opts: IngestOpts) => {
      const fatal = (msg: string) => {
        process.stderr.write(`credpulse: ${msg}\n`);
        process.exitCode = 1;
      };
      if (!isIngestFormat(format)) return fatal(`unknown format "${format}"; formats: ${INGEST_FORMATS.join(', ')}`);
      for (const f of files) if (!existsSync(f) || !statSync(f).isFile()) return fatal(`${f}: no such file`);
      let mapping: ColumnMapping | undefined;
      if (opts.preset) {
        if (opts.mapping) return fatal('give --preset or --mapping, not both');
        try {
          const p = getPreset(opts.preset);
          if (p.format !== format) return fatal(`preset ${p.name} is for ${p.format} files, not ${format}`);
          mapping = p.mapping;
        } catch (e) {
          return fatal((e as Error).message);
        }
      }
      if (opts.mapping) {
        if (!existsSync(opts.mapping)) return fatal(`${opts.mapping}: no such mapping file`);
        try {
          mapping = parseMapping(readFileSync(opts.mapping, 'utf8'), opts.mapping);
        } catch (e) {
          return fatal((e as Error).message);
        }
      }
      // absolute paths: a server running the command has its own working directory
      const args: IngestArgs = { format, files: files.map((f) => ({ path: resolve(f), name: f })), mapping, allOrNothing: opts.allOrNothing === true, dryRun: opts.dryRun === true, json: opts.json === true };
      await runDatabaseCommand(ingest, args);
    });
}

interface IngestArgs {
  format: string;
  /** path: absolute; name: as given (reports name files the way the user typed them). */
  files: { path: string; name: string }[];
  mapping?: ColumnMapping;
  allOrNothing: boolean;
  dryRun: boolean;
  json: boolean;
}

export const ingest: DatabaseCommand<IngestArgs> = {
  name: 'ingest',
  remote: true,
  needsTaxonomies: true,
  run: ({ ds, handle, config, io }, a) => runIngest(ds, handle, config, io, a),
};

/** Exit codes: 0 all accepted, 2 some rejected (or a file refused), 1 fatal. */
async function runIngest(ds: Parameters<typeof ingestDeps>[0], handle: Parameters<typeof ingestDeps>[1], config: Parameters<typeof ingestDeps>[2], io: CommandIo, a: IngestArgs): Promise<number> {
  const fatal = (msg: string) => {
    io.err(`credpulse: ${msg}\n`);
    return 1;
  };
  const { format, mapping, json, dryRun, allOrNothing } = a;
  if (!isIngestFormat(format)) return fatal(`unknown format "${format}"; formats: ${INGEST_FORMATS.join(', ')}`);
  const progress = (m: string) => io.err(`${m}\n`);
  try {
    const deps = ingestDeps(ds, handle, config, afterLoadHook(ds, (m) => progress(`warning: ${m}`)));
    const results: IngestFileSummary[] = [];
    for (const { path, name: f } of a.files) {
      if (!existsSync(path) || !statSync(path).isFile()) return fatal(`${f}: no such file`);
      const t0 = Date.now();
      const r = await ingestFile(deps, { format, file: f, source: createReadStream(path, { highWaterMark: 1 << 20 }), sizeHint: statSync(path).size, mapping, allOrNothing, dryRun, includeRecords: dryRun && json });
      if (!json) progress(`${basename(f)}: ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      results.push(r);
    }
    const s = summarize(results);
    if (json) {
      const { files: perFile, ...rest } = s;
      io.out(JSON.stringify({ ...rest, files: perFile }, null, 2) + '\n');
    } else {
      for (const e of s.errors) io.out(formatIssue(e) + '\n');
      for (const w of s.warnings) io.err(`warning: ${formatIssue(w)}\n`);
      for (const r of results) if (r.detail) io.out(`${r.file}: ${r.detail}\n`);
      const verb = dryRun ? 'would load' : 'loaded';
      io.out(`${s.accepted} ${verb}, ${s.rejected} rejected, ${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'}, ${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}${results.some((r) => r.truncated) ? ' (lists truncated; all rejects are in ingest_reject)' : ''}\n`);
    }
    const fatalFile = results.some((r) => r.status === 'failed' && r.rejected === 0);
    if (fatalFile) return 1;
    return s.rejected > 0 ? 2 : 0;
  } catch (e) {
    if (e instanceof IngestFatalError) return fatal(e.message);
    return fatal(e instanceof Error ? e.message + (process.env.DEBUG ? '\n' + e.stack : '') : String(e));
  }
}
