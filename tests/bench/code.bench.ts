import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Geocoder, OccupationCoder, placeKey, readGeocoderData, readOccupationCoderData, titleTokens } from '@credpulse/taxonomy';
import { info, peakRssMb, report, type BenchOptions } from './report.js';

// Title -> SOC coding and location geocoding on one thread (issue 12), uncached: the cache is
// cleared before every call, so repeated texts (which real exports have plenty of) cost less than
// this. Inputs: the labelled titles and locations (tests/fixtures), varied with the seniority,
// shift and ZIP forms postings add. Baseline: the normalisation alone (titleTokens / placeKey).
const SUITE = 'code';

// tests/bench (vitest) or dist/api/tests/bench (the compiled CLI)
const FIXTURES = [new URL('../fixtures/', import.meta.url), new URL('../../../../tests/fixtures/', import.meta.url)].map((u) => fileURLToPath(u)).find((d) => existsSync(`${d}geocode`)) ?? '';
const fixture = (p: string) => readFileSync(`${FIXTURES}${p}`, 'utf8');
const column = (text: string) =>
  text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t')[0]);

function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export async function codeBench(opts: BenchOptions): Promise<void> {
  const n = opts.rows ?? 20_000;
  let buildG = 0;
  let buildO = 0;
  let g!: Geocoder;
  let coder!: OccupationCoder;
  buildG = cpuMs(() => (g = new Geocoder(readGeocoderData())));
  buildO = cpuMs(() => (coder = new OccupationCoder(readOccupationCoderData())));
  info(opts, `build cpu: geocoder ${buildG.toFixed(0)} ms, title coder ${buildO.toFixed(0)} ms`);

  const titles0 = [...column(fixture('occupation/titles-labelled.tsv')), ...column(fixture('occupation/titles-heldout.tsv'))];
  const decor = ['', 'Sr. ', 'Lead ', '', 'Senior '];
  const tail = ['', ' - Nights', ' II', ' (Part-Time)', ' - Req #4471'];
  const titles = Array.from({ length: n }, (_, i) => `${decor[i % 5]}${titles0[i % titles0.length]}${tail[(i >> 3) % 5]}`);
  const locs0 = [...column(fixture('geocode/locations-labelled.tsv')), ...column(fixture('geocode/locations-heldout.tsv'))];
  const locations = Array.from({ length: n }, (_, i) => locs0[i % locs0.length]);

  const PASSES = 3;
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const time = (fn: () => void) => med(Array.from({ length: PASSES }, () => cpuMs(fn)));
  let sink = 0;
  const tBase = time(() => titles.forEach((t) => (sink += titleTokens(t).length)));
  const tOurs = time(() =>
    titles.forEach((t) => {
      coder.clearCache();
      sink += coder.code(t).soc ? 1 : 0;
    }),
  );
  const lBase = time(() => locations.forEach((t) => (sink += placeKey(t).length)));
  const lOurs = time(() =>
    locations.forEach((t) => {
      g.clearCache();
      sink += g.geocode(t).places.length;
    }),
  );
  info(opts, `${n.toLocaleString('en-US')} titles and locations, ${PASSES} passes, medians of CPU time (sink ${sink})`);
  const note = 'uncached (cache cleared before each call), one thread, CPU time; baseline: the normalisation alone; ratio = our time / baseline time';
  report(opts, { suite: SUITE, metric: 'titles/s (1 thread, uncached)', value: n / (tOurs / 1000), unit: 'titles/s', baseline: n / (tBase / 1000), ratio: tOurs / tBase, note });
  report(opts, { suite: SUITE, metric: 'locations/s (1 thread, uncached)', value: n / (lOurs / 1000), unit: 'locations/s', baseline: n / (lBase / 1000), ratio: lOurs / lBase, note });
  report(opts, { suite: SUITE, metric: 'title coder build (cpu)', value: buildO, unit: 'ms' });
  report(opts, { suite: SUITE, metric: 'geocoder build (cpu)', value: buildG, unit: 'ms' });
  report(opts, { suite: SUITE, metric: 'peak RSS', value: peakRssMb(), unit: 'MB' });
}
