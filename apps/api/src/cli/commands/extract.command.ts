import { readFile } from 'node:fs/promises';
import { CREDENTIAL_DICTIONARY_SQL } from '../../modules/taxonomy/credential-dictionary.js';
import type { Command } from 'commander';
import type { DataSource, EntityManager } from 'typeorm';
import { createCachedExtractor, type ExtractionDictionary, type ExtractionResult, type Extractor, type Mention } from '@credpulse/ingest';
import { loadCanonicalSkillDictionary } from '../../modules/taxonomy/skill-concepts.js';
import { fail, runDatabaseCommand, type DatabaseCommand } from '../context.js';

const DEGREE_NAMES = ['none', 'high school', 'associate', 'bachelor', 'master or higher'] as const;

/** Skills (one entry per concept of the skill table) and credentials (credential table: name, short_names) as one dictionary. */
export async function loadExtractionDictionary(ds: DataSource | EntityManager): Promise<ExtractionDictionary> {
  const skills = await loadCanonicalSkillDictionary(ds);
  const rows: { id: number; name: string; short: string[] | null }[] = await ds.query(CREDENTIAL_DICTIONARY_SQL);
  return { ...skills, credentials: rows.map((r) => ({ id: r.id, name: r.name, shortNames: r.short ?? [] })) };
}

/** Builds the extractor over everything the database knows (one automaton, reused for every text; through the file cache). */
export async function loadExtractor(ds: DataSource | EntityManager): Promise<Extractor> {
  return createCachedExtractor(await loadExtractionDictionary(ds));
}

/** Reads the text to analyse from a file, or from stdin when no file is given. */
export async function readExtractInput(file: string | undefined, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if (file !== undefined) {
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message})`);
    }
  }
  if ((stdin as NodeJS.ReadStream).isTTY) throw new Error('no input: pass --file <path> or pipe the posting text on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Human-readable report of one extraction. */
export function formatExtraction(result: ExtractionResult): string {
  const row = (m: Mention): string => `  ${m.level.padEnd(9)} ${String(m.id).padEnd(14)} ${m.name}  [${m.start}, ${m.end}) "${m.matched}"${m.section ? ` (${m.section})` : ''}`;
  return [
    `skills (${result.skills.length})`,
    ...result.skills.map(row),
    `credentials (${result.credentials.length})`,
    ...result.credentials.map(row),
    `degree level: ${result.degreeLevel} (${DEGREE_NAMES[result.degreeLevel]})`,
    `in lieu: ${result.inLieu ? 'yes' : 'no'}`,
  ].join('\n');
}

export const extract: DatabaseCommand<{ text: string; json: boolean }> = {
  name: 'extract',
  remote: true,
  needsTaxonomies: true,
  async run({ ds, io }, a) {
    const started = Date.now();
    const extractor = await loadExtractor(ds);
    if (extractor.stats.phrases === 0) throw new Error('the skill and credential dictionary is empty: load the taxonomies with `credpulse taxonomy load` (libs/taxonomy/data must be present)');
    io.err(`dictionary: ${extractor.stats.phrases.toLocaleString('en-US')} phrases (${extractor.stats.dropped.toLocaleString('en-US')} dropped by the stoplist) in ${Date.now() - started} ms\n`);
    const result = extractor.extract(a.text);
    io.out(a.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatExtraction(result)}\n`);
    return 0;
  },
};

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('find skills and credentials (with required / preferred / in-lieu level), degree level and in-lieu flag in a posting text')
    .option('--file <path>', 'read the text from this file (default: stdin)')
    .option('--json', 'print JSON: {skills, credentials, degreeLevel, inLieu}')
    .action(async (opts: { file?: string; json?: boolean }) => {
      let text: string;
      try {
        text = await readExtractInput(opts.file);
      } catch (e) {
        fail(e);
      }
      await runDatabaseCommand(extract, { text, json: opts.json === true });
    });
}
