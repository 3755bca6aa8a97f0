import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sheetBackpressure, writeWorkbook, type XlsxCell } from './xlsx.writer';

// ExcelJS hands each sheet's XML to archiver without heeding back-pressure; the writer waits on the
// sheet's queue instead, so a reader that takes nothing holds the rows back (memory stays flat)
// rather than the whole table being buffered.
describe('the workbook writer waits for a slow reader', () => {
  it('stops pulling rows while the output takes nothing, then writes them all when it reads again', async () => {
    const ROWS = 60_000;
    let produced = 0;
    function* rows(): Iterable<XlsxCell[]> {
      for (let i = 0; i < ROWS; i++) {
        produced++;
        yield [i, `text with some length to fill the sheet ${i}`, i * 1.5, i % 2 === 0];
      }
    }
    let held: (() => void)[] = [];
    let open = false;
    let bytes = 0;
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (open) cb();
        else held.push(cb);
      },
    });
    const done = writeWorkbook(out, [{ name: 'Rows', columns: ['id', 'text', 'x', 'flag'], rows: rows() }], [['Workbook', 'test']]);
    await new Promise((r) => setTimeout(r, 1500));
    const whileHeld = produced;
    // ~60 bytes of XML per row before compression; 4 MB of queue allows some 70k rows at most, the
    // zip's own buffers a little more: without back-pressure every row would be pulled at once
    expect(whileHeld).toBeLessThan(ROWS / 2);
    open = true;
    const release = held;
    held = [];
    release.forEach((cb) => cb());
    const counts = await done;
    expect(counts).toEqual([ROWS]);
    expect(produced).toBe(ROWS);
    expect(bytes).toBeGreaterThan(0);
  }, 60_000);

  it("waits while archiver's queue in front of the deflate holds more than 4 MB, also on a readable-stream 2 writable (no writableLength)", async () => {
    // archiver's PassThrough comes from readable-stream 2: only _writableState tells its queue
    const queue = Object.assign(new EventEmitter(), { _writableState: { length: 6 * 1024 * 1024, needDrain: true } });
    const ws = { stream: { buffers: [], pipes: [queue] } };
    const zip = new PassThrough();
    let passed = false;
    const waiting = sheetBackpressure(ws, zip, new Promise(() => undefined)).then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(passed).toBe(false);
    queue._writableState = { length: 0, needDrain: false };
    queue.emit('drain');
    await waiting;
    expect(passed).toBe(true);
    // and a failed output ends the wait with its error
    const stuck = Object.assign(new EventEmitter(), { _writableState: { length: 6 * 1024 * 1024, needDrain: true } });
    await expect(sheetBackpressure({ stream: { pipes: [stuck] } }, zip, Promise.reject(new Error('client went away')))).rejects.toThrow('client went away');
  });
});
