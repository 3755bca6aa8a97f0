import { loadavg } from 'node:os';

/** One benchmark figure; `baseline` is the same work done the plain way in the same run. */
export interface BenchFigure {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline for times (lower is better) or baseline / value for rates, as the suite says. */
  ratio?: number;
  note?: string;
}

export interface BenchOptions {
  rows?: number;
  json: boolean;
  /** ingest: `fips` (generated postings carry county FIPS and SOC codes) or `text` (free-text places and titles). */
  places?: 'fips' | 'text';
}

export type BenchSuite = (opts: BenchOptions) => Promise<void>;

export function report(opts: BenchOptions, f: BenchFigure): void {
  // the machine is often shared: every figure carries the 1-minute load average it was taken under
  const load = loadavg()[0];
  if (opts.json) {
    process.stdout.write(JSON.stringify({ suite: f.suite, metric: f.metric, value: round(f.value), unit: f.unit, baseline: f.baseline === undefined ? null : round(f.baseline), ratio: f.ratio === undefined ? null : round(f.ratio), load: round(load), ...(f.note ? { note: f.note } : {}) }) + '\n');
    return;
  }
  const base = f.baseline === undefined ? '' : `  baseline ${fmt(f.baseline)} ${f.unit}`;
  const ratio = f.ratio === undefined ? '' : `  ratio ${f.ratio.toFixed(2)}`;
  process.stdout.write(`${f.suite.padEnd(8)} ${f.metric.padEnd(34)} ${fmt(f.value).padStart(12)} ${f.unit}${base}${ratio}  [load ${load.toFixed(1)}]${f.note ? `  (${f.note})` : ''}\n`);
}

export function info(opts: BenchOptions, msg: string): void {
  if (!opts.json) process.stdout.write(`# ${msg}\n`);
  else process.stderr.write(`# ${msg}\n`);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
