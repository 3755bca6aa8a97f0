import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { getOccupationCoder, type OccupationCoder, type OccupationResult } from '@credpulse/taxonomy';
import { fail } from '../context.js';
import { batchLines } from './geocode.command.js';

/** "29-1141 Registered Nurses (exact, confidence 1; matched "RN")" and the alternatives. */
export function formatOccupation(r: OccupationResult): string {
  const lines = [r.input];
  if (r.soc) lines.push(`  ${r.soc} ${r.title} (${r.method}, confidence ${r.confidence}; matched "${r.matched}")`);
  else lines.push(`  no SOC (confidence ${r.confidence} is below the abstention threshold)`);
  for (const a of r.alternatives) lines.push(`  ${r.soc ? 'or' : 'best guess'} ${a.soc} ${a.title} (${a.confidence})`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

export function registerOccupation(program: Command): void {
  program
    .command('occupation')
    .description(
      'code a job title to a SOC 2018 occupation from O*NET titles and alternate titles; with no argument, one title per line from stdin and one JSON object per line out',
    )
    .argument('[title]', 'the job title')
    .option('--description-file <path>', 'the posting text, to break near ties between occupations')
    .option('--json', 'print JSON: {input, soc, title, confidence, method, matched, normalized, alternatives[], warnings[]}')
    .action(async (title: string | undefined, opts: { descriptionFile?: string; json?: boolean }) => {
      try {
        let description: string | undefined;
        if (opts.descriptionFile) {
          try {
            description = await readFile(opts.descriptionFile, 'utf8');
          } catch (e) {
            throw new Error(`${opts.descriptionFile}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
          }
        }
        const coder: OccupationCoder = getOccupationCoder();
        if (title === undefined) {
          if (process.stdin.isTTY) throw new Error('no input: give a title as an argument, or pipe one title per line on stdin');
          await batchLines((line) => coder.code(line, description));
          return;
        }
        const r = coder.code(title, description);
        process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatOccupation(r)}\n`);
      } catch (e) {
        fail(e);
      }
    });
}
