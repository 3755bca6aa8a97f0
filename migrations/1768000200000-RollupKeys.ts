import type { MigrationInterface, QueryRunner } from 'typeorm';

// Every rollup gets a unique index on its keys (month, state_fips and its grain: every column but
// its measures), `<table>_key_idx`, in place of `<table>_month_idx` (its leading month column serves
// the refresh's month ranges as that index did). The refresh after a postings load adds the load's
// counts into the rows of their keys with INSERT ... ON CONFLICT (keys) DO UPDATE, so its cost
// follows the load, not the months it touched (issue 15/16; analytics catalogue, indexesOf). The
// catalogue declares the index for every rollup, so the tables are found here by their month column,
// as RollupMonthIndexes does, and their keys by leaving out the measures' columns.
const MEASURES = ['n', 'unique_n', 'total_n', 'ended_n', 'target_n', 'earners', 'with_data', 'employed', 'wage_n', 'change_n', 'bins', 'ns'];

export class RollupKeys1768000200000 implements MigrationInterface {
  name = 'RollupKeys1768000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `DO $$
      DECLARE t text; k text;
      BEGIN
        FOR t IN SELECT c.table_name FROM information_schema.columns c
                 WHERE c.table_schema = current_schema() AND c.table_name LIKE 'rollup\\_%' AND c.column_name = 'month'
                 ORDER BY 1
        LOOP
          SELECT string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position) INTO k
          FROM information_schema.columns c
          WHERE c.table_schema = current_schema() AND c.table_name = t AND c.column_name <> ALL (ARRAY[${MEASURES.map((m) => `'${m}'`).join(', ')}]);
          EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS %I ON %I (%s)', t || '_key_idx', t, k);
          EXECUTE format('DROP INDEX IF EXISTS %I', t || '_month_idx');
        END LOOP;
      END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE t text;
      BEGIN
        FOR t IN SELECT tablename FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'rollup\\_%' AND indexname = tablename || '_key_idx'
        LOOP
          EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I (month)', t || '_month_idx', t);
          EXECUTE format('DROP INDEX %I', t || '_key_idx');
        END LOOP;
      END $$`);
  }
}
