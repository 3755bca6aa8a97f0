import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { writeWorkbook, type XlsxCell } from '../../apps/api/src/modules/export/writers/xlsx.writer.js';
import { info, report, type BenchOptions } from './report.js';

// `npm run bench -- xlsx [--rows N]` (default 1,000,000; also runs 200,000 first): the workbook
// writer alone (ExcelJS streaming writer with the writer's back-pressure), 8 columns of record-like
// rows (id, date, text, code, county, two numbers, a flag) into a local file. Reports rows/s and
// the peak resident memory sampled every 100 ms during the write (the process's maxRSS would keep
// the larger run's peak).
async function once(rows: number, dir: string): Promise<{ seconds: number; peakMb: number; fileMb: number }> {
  function* gen(): Iterable<XlsxCell[]> {
    for (let i = 0; i < rows; i++) yield [i, '2025-06-01', `Registered Nurse ${i % 977}`, `29-11${String(i % 100).padStart(2, '0')}`, `06${String(i % 115).padStart(3, '0')}`, 50_000 + (i % 40_000), (i % 1000) / 7, i % 3 === 0];
  }
  const file = join(dir, `bench-${rows}.xlsx`);
  const out = createWriteStream(file);
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  const t0 = performance.now();
  await writeWorkbook(out, [{ name: 'Rows', columns: ['id', 'posted', 'title', 'soc', 'county', 'salary', 'score', 'remote'], rows: gen() }], [['Workbook', 'bench']]);
  out.end();
  await finished(out);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, peakMb: peak / 1024 / 1024, fileMb: statSync(file).size / 1024 / 1024 };
}

export async function xlsxBench(opts: BenchOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'credpulse-xlsx-bench-'));
  try {
    for (const rows of [...new Set([200_000, opts.rows ?? 1_000_000])].sort((a, b) => a - b)) {
      global.gc?.();
      const r = await once(rows, dir);
      info(opts, `${rows.toLocaleString('en-US')} rows: ${r.seconds.toFixed(1)} s, file ${r.fileMb.toFixed(1)} MB`);
      report(opts, { suite: 'xlsx', metric: `rows/s at ${rows.toLocaleString('en-US')}`, value: rows / r.seconds, unit: 'rows/s' });
      report(opts, { suite: 'xlsx', metric: `peak RSS at ${rows.toLocaleString('en-US')}`, value: r.peakMb, unit: 'MB' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
