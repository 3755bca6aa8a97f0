import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, openDatabase, type DatabaseHandle } from '../../apps/api/src/database/database.js';

// The embedded database's write path (database.ts): COPY ... FROM '/dev/blob' with the bytes handed
// to PGlite as they are and read by the device with one copy per read, and PGlite's in-memory files
// grown by doubling instead of copied whole at each extension. Same rows as the plain paths give.
// Own in-memory database (PGlite), so the shared test database is not touched.
let handle: DatabaseHandle;
let ds: DataSource;

beforeAll(async () => {
  handle = await openDatabase({ databaseUrl: undefined, dataDir: '', pgliteDir: '' }, { inMemory: true });
  ds = await connect(handle, false);
  await ds.query(`CREATE TABLE blob_copy (id int PRIMARY KEY, s text)`);
});
afterAll(async () => {
  await ds?.destroy();
  await handle?.close();
});

/** Rows whose multi-byte text puts PostgreSQL's 64 kB COPY reads inside UTF-8 sequences. */
function rows(from: number, n: number): { text: string; md5: string } {
  const lines: string[] = [];
  for (let i = from; i < from + n; i++) lines.push(`${i}\tr${i} é中😀 ${'x'.repeat(i % 97)} tab\\there`);
  const text = lines.join('\n') + '\n';
  // what string_agg(id || ':' || s ORDER BY id) gives: \t in COPY text is a tab
  const md5 = createHash('md5').update(lines.map((l) => l.replace('\t', ':').replace('\\t', '\t')).join(';')).digest('hex');
  return { text, md5 };
}

const digest = async (lo: number, hi: number) =>
  (await ds.query(`SELECT count(*)::int AS n, md5(string_agg(id || ':' || s, ';' ORDER BY id)) AS h FROM blob_copy WHERE id BETWEEN $1 AND $2`, [lo, hi]))[0] as { n: number; h: string };

describe('COPY FROM the embedded blob', () => {
  it('writes every row and byte of a payload many reads long', async () => {
    const { text, md5 } = rows(1, 20_000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(10 * 65_536);
    await handle.copyFromBlob!(`COPY blob_copy (id, s) FROM '/dev/blob'`, text);
    expect(await digest(1, 20_000)).toEqual({ n: 20_000, h: md5 });
  });

  it('joins the connection transaction: a rollback takes the rows back, a failed COPY leaves the next one whole', async () => {
    const qr = ds.createQueryRunner();
    await qr.startTransaction();
    await handle.copyFromBlob!(`COPY blob_copy (id, s) FROM '/dev/blob'`, rows(30_001, 100).text);
    expect((await qr.query(`SELECT count(*)::int AS n FROM blob_copy WHERE id > 30000`))[0].n).toBe(100);
    await qr.rollbackTransaction();
    await qr.release();
    expect((await digest(30_001, 40_000)).n).toBe(0);
    await expect(handle.copyFromBlob!(`COPY blob_copy (id, s) FROM '/dev/blob'`, '40001\tok\nnot a number\tbad\n')).rejects.toThrow(/integer/);
    const { text, md5 } = rows(40_001, 500);
    await handle.copyFromBlob!(`COPY blob_copy (id, s) FROM '/dev/blob'`, text);
    expect(await digest(40_001, 50_000)).toEqual({ n: 500, h: md5 });
  });

  it('keeps in-memory files whole through growth, truncation and regrowth', async () => {
    const big = rows(100_001, 60_000);
    await handle.copyFromBlob!(`COPY blob_copy (id, s) FROM '/dev/blob'`, big.text);
    const size = Number((await ds.query(`SELECT pg_relation_size('blob_copy') AS b`))[0].b);
    expect(size).toBeGreaterThan(4 << 20);
    await ds.query(`DELETE FROM blob_copy WHERE id > 100000`);
    await ds.query(`VACUUM blob_copy`); // truncates the emptied tail of the file
    expect(Number((await ds.query(`SELECT pg_relation_size('blob_copy') AS b`))[0].b)).toBeLessThan(size);
    await handle.copyFromBlob!(`COPY blob_copy (id, s) FROM '/dev/blob'`, big.text);
    expect(await digest(100_001, 200_000)).toEqual({ n: 60_000, h: big.md5 });
    await ds.query(`VACUUM FULL blob_copy`);
    expect((await digest(1, 200_000)).n).toBe(80_500);
    expect(await digest(100_001, 200_000)).toEqual({ n: 60_000, h: big.md5 });
    expect(await digest(1, 20_000)).toEqual({ n: 20_000, h: rows(1, 20_000).md5 });
  });
});
