import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '@credpulse/contracts';
import { CopyBinaryDecoder, CopyFormatError, exportSchema } from './copy-binary.decoder.js';

// Builds PostgreSQL binary COPY bytes the way the server sends them (signature, flags, extension
// length, tuples of length-prefixed big-endian fields, -1 trailer).
function field(bytes: Buffer | null): Buffer {
  const len = Buffer.alloc(4);
  len.writeInt32BE(bytes === null ? -1 : bytes.length);
  return bytes === null ? len : Buffer.concat([len, bytes]);
}
const int8 = (v: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64BE(v); return b; };
const int2 = (v: number) => { const b = Buffer.alloc(2); b.writeInt16BE(v); return b; };
const f8 = (v: number) => { const b = Buffer.alloc(8); b.writeDoubleBE(v); return b; };
const date = (iso: string) => { const b = Buffer.alloc(4); b.writeInt32BE(Math.round((Date.parse(iso) - Date.parse('2000-01-01')) / 86_400_000)); return b; };

const columns: ExportColumn[] = [
  { name: 'id', type: 'int64', unit: null, description: 'id' },
  { name: 'name', type: 'utf8', unit: null, description: 'name' },
  { name: 'day', type: 'date', unit: null, description: 'day' },
  { name: 'wage', type: 'float64', unit: 'USD', description: 'wage' },
  { name: 'ok', type: 'bool', unit: null, description: 'ok' },
  { name: 'level', type: 'int16', unit: null, description: 'level' },
];

function copyBytes(rows: number): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4), Buffer.alloc(4)];
  for (let i = 0; i < rows; i++) {
    const n = Buffer.alloc(2);
    n.writeInt16BE(columns.length);
    parts.push(
      n,
      field(int8(BigInt(i) * 10_000_000_000n)),
      field(i % 5 === 0 ? null : Buffer.from(`name ${i} – é, "q"`.repeat(1 + (i % 3)))),
      field(date(`2025-0${1 + (i % 9)}-1${i % 10}`)),
      field(i % 4 === 0 ? null : f8(i + 0.25)),
      field(i % 6 === 0 ? null : Buffer.from([i % 2])),
      field(int2(i % 4)),
    );
  }
  const end = Buffer.alloc(2);
  end.writeInt16BE(-1);
  parts.push(end);
  return Buffer.concat(parts);
}

function decodeAll(bytes: Buffer, chunk: number, batchRows: number) {
  const schema = exportSchema(columns, new Map());
  const d = new CopyBinaryDecoder(schema, columns, batchRows);
  const batches = [];
  for (let at = 0; at < bytes.length; at += chunk) batches.push(...d.push(bytes.subarray(at, at + chunk)));
  const last = d.finish();
  if (last) batches.push(last);
  return batches.flatMap((b) => b.toArray().map((r) => r.toJSON()));
}

describe('binary COPY decoder', () => {
  it('decodes every type and null the same whether chunks split fields, tuples or nothing', () => {
    const bytes = copyBytes(50);
    const whole = decodeAll(bytes, bytes.length, 16);
    expect(whole).toHaveLength(50);
    expect(whole[7]).toMatchObject({ id: 70_000_000_000n, name: `name 7 – é, "q"`.repeat(2), wage: 7.25, ok: true, level: 3 });
    expect(whole[7].day).toBe(Date.parse('2025-08-17'));
    expect(whole[0]).toMatchObject({ name: null, wage: null, ok: null, level: 0 });
    for (const chunk of [1, 3, 7, 64, 1000]) expect(decodeAll(bytes, chunk, 16)).toEqual(whole);
    for (const batchRows of [1, 49, 50, 51]) expect(decodeAll(bytes, 13, batchRows)).toEqual(whole);
  });

  it('rejects a stream cut inside a row or without its trailer, and a non-COPY stream', () => {
    const bytes = copyBytes(3);
    expect(() => decodeAll(bytes.subarray(0, bytes.length - 10), 5, 8)).toThrow(CopyFormatError);
    expect(() => decodeAll(bytes.subarray(0, bytes.length - 2), 5, 8)).toThrow(/trailer/);
    expect(() => decodeAll(Buffer.from('id,name\n1,x\n1234567890'), 100, 8)).toThrow(/not a PostgreSQL binary COPY/);
  });
});
