import type { DataSource } from 'typeorm';
import { CATALOGUE, columnsOf, indexesOf, indexName, ROLLUP_NAMES } from './catalogue.js';

/**
 * The differences between the rollup tables in the database and the catalogue's declarations
 * (columns with their types, in order; index names and keys): empty when they agree. Run at start-up
 * after the migrations, so a declaration changed without its migration stops the server at once
 * instead of failing a metric query later.
 */
export async function catalogueDifferences(ds: DataSource): Promise<string[]> {
  const tables = ROLLUP_NAMES.map((n) => CATALOGUE[n].table);
  const cols: { t: string; c: string; type: string; nullable: string }[] = await ds.query(
    `SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY table_name, ordinal_position`,
    [tables],
  );
  const idx: { t: string; name: string; keys: string; unique: boolean }[] = await ds.query(
    `SELECT t.relname AS t, i.relname AS name, x.indisunique AS unique,
            (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY k(att, n)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.att) AS keys
     FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_namespace s ON s.oid = t.relnamespace
     WHERE s.nspname = current_schema() AND t.relname = ANY($1)`,
    [tables],
  );
  const out: string[] = [];
  for (const n of ROLLUP_NAMES) {
    const d = CATALOGUE[n];
    // information_schema names every array type ARRAY
    const want = columnsOf(n).map(([c, t]) => `${c} ${t === 'integer[]' ? 'ARRAY' : t}`).join(', ');
    const have = cols.filter((c) => c.t === d.table);
    if (!have.length) {
      out.push(`table ${d.table} is missing`);
      continue;
    }
    const got = have.map((c) => `${c.c} ${c.type}`).join(', ');
    if (got !== want) out.push(`${d.table}: columns (${got}), declared (${want})`);
    for (const c of have) if (c.nullable !== 'NO') out.push(`${d.table}.${c.c} accepts NULL`);
    for (const i of indexesOf(n)) {
      const name = indexName(d.table, i.suffix);
      const found = idx.find((x) => x.name === name);
      if (!found) out.push(`${d.table}: index ${name} is missing`);
      else if (found.keys !== i.keys.join(', ')) out.push(`${d.table}: index ${name} on (${found.keys}), declared (${i.keys.join(', ')})`);
      else if (found.unique !== !!i.unique) out.push(`${d.table}: index ${name} is ${found.unique ? '' : 'not '}unique, declared ${i.unique ? '' : 'not '}unique`);
    }
  }
  return out;
}

/** Throws, naming every difference, when the rollup tables are not those the catalogue declares. */
export async function checkCatalogue(ds: DataSource): Promise<void> {
  const diff = await catalogueDifferences(ds);
  if (diff.length) throw new Error(`The rollup tables differ from the analytics catalogue (a declaration changed without its migration?): ${diff.join('; ')}`);
}
