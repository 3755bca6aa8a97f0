import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { geocodeSummary, getGeocoder, type GeocodeResult, type Geocoder } from '@credpulse/taxonomy';
import { fail } from '../context.js';

/** One line per place: "Bibb County, GA (13021), CBSA 31420 Macon-Bibb County, GA; place, confidence 1". */
export function formatGeocode(g: Geocoder, r: GeocodeResult): string {
  const lines = [`${r.input}`];
  for (const p of r.places) {
    const where = p.countyFips ? `${g.nameOf(p.countyFips) ?? p.countyFips} (${p.countyFips})` : `${g.nameOf(p.stateFips) ?? p.stateFips} (state ${p.stateFips}, no county)`;
    const cbsa = p.cbsa ? `, CBSA ${p.cbsa} ${g.nameOf(`cbsa:${p.cbsa}`) ?? ''}` : '';
    lines.push(`  ${where}${cbsa}; ${p.method}, confidence ${p.confidence}${r.places.length > 1 ? ` [from "${p.text}"]` : ''}`);
  }
  if (!r.places.length) lines.push('  no US place');
  if (r.remote) lines.push('  remote: yes');
  if (r.nonUs) lines.push('  outside the United States');
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

/** Reads one item per line from stdin and writes one JSON object per line, in the same order. */
export async function batchLines(each: (line: string) => unknown, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let buf = '';
  for await (const line of rl) {
    buf += `${JSON.stringify(each(line))}\n`;
    n++;
    if (buf.length > 65_536) {
      if (!output.write(buf)) await new Promise((r) => output.once('drain', r));
      buf = '';
    }
  }
  if (buf) output.write(buf);
  return n;
}

export function registerGeocode(program: Command): void {
  program
    .command('geocode')
    .description(
      'resolve a free-text job location ("Macon, Georgia, United States", "Austin, TX 78701", "Remote") to state, county and CBSA; with no argument, one location per line from stdin and one JSON object per line out',
    )
    .argument('[text]', 'the location text')
    .option('--json', 'print JSON: {input, stateFips, countyFips, cbsa, method, confidence, remote, nonUs, places[], warnings[]}')
    .action(async (text: string | undefined, opts: { json?: boolean }) => {
      try {
        const g = getGeocoder();
        if (text === undefined) {
          if (process.stdin.isTTY) throw new Error('no input: give a location as an argument, or pipe one location per line on stdin');
          await batchLines((line) => geocodeSummary(g.geocode(line)));
          return;
        }
        const r = g.geocode(text);
        process.stdout.write(opts.json ? `${JSON.stringify(geocodeSummary(r), null, 2)}\n` : `${formatGeocode(g, r)}\n`);
      } catch (e) {
        fail(e);
      }
    });
}
