import type { Writable } from 'node:stream';
import { RecordBatchStreamWriter, type RecordBatch, type Schema } from 'apache-arrow';
import { Compression, Table as WasmTable, transformParquetStream, WriterPropertiesBuilder, type RecordBatch as WasmRecordBatch } from 'parquet-wasm';
import { ChunkSink, concatBytes, writeChunk } from './stream-out.js';

const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** Writes batches as an Arrow IPC stream (schema with metadata, batches, end-of-stream marker). */
export async function writeArrowStream(schema: Schema, batches: AsyncIterable<RecordBatch>, out: Writable): Promise<number> {
  const sink = new ChunkSink();
  const writer = new RecordBatchStreamWriter();
  writer.reset(sink, schema);
  await sink.flushTo(out);
  let rows = 0;
  for await (const batch of batches) {
    writer.write(batch);
    rows += batch.numRows;
    await sink.flushTo(out);
  }
  writer.finish(); // writes the end-of-stream marker
  await sink.flushTo(out);
  return rows;
}

/**
 * Writes batches as Parquet through parquet-wasm's streaming writer: one row group per batch, the
 * provenance in the file's key-value metadata (and the Arrow schema, with its metadata, under
 * ARROW:schema). Batches are handed to the WebAssembly side one at a time as IPC bytes, pulled on
 * demand, so memory stays at about one row group.
 */
export async function writeParquetStream(
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  out: Writable,
  kv: Map<string, string>,
  rowGroupRows: number,
  dictionaryColumns: readonly string[] = [],
): Promise<number> {
  const sink = new ChunkSink();
  const writer = new RecordBatchStreamWriter({ autoDestroy: false });
  writer.reset(sink, schema);
  const schemaBytes = concatBytes(sink.take());
  const it = batches[Symbol.asyncIterator]();
  let rows = 0;
  const input = new ReadableStream<WasmRecordBatch>(
    {
      async pull(ctrl) {
        const r = await it.next();
        if (r.done) {
          ctrl.close();
          return;
        }
        rows += r.value.numRows;
        writer.write(r.value);
        const table = WasmTable.fromIPCStream(concatBytes([schemaBytes, ...sink.take(), EOS]));
        const [wasmBatch] = table.recordBatches();
        table.free();
        ctrl.enqueue(wasmBatch);
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 1 },
  );
  // Dictionary encoding only where values repeat (codes, names): on ids and free text it doubles
  // the encoding time for nothing.
  let builder = new WriterPropertiesBuilder().setDictionaryEnabled(false);
  for (const c of dictionaryColumns) builder = builder.setColumnDictionaryEnabled(c, true);
  const props = builder
    .setCompression(Compression.SNAPPY)
    .setMaxRowGroupSize(rowGroupRows)
    .setKeyValueMetadata(kv)
    .setCreatedBy('Credential Pulse (parquet-wasm)')
    .build();
  const output = (await transformParquetStream(input, props)) as ReadableStream<Uint8Array>;
  for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) await writeChunk(out, chunk);
  return rows;
}
