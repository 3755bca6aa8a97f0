import type { MigrationInterface, QueryRunner } from 'typeorm';

// Every refresh deletes and refills a rollup's rows from a month on (catalogue/refresh.ts), and the
// narrower copies and national rows re-read the month's rows: with only (state_fips, month) indexes
// each of those was a scan of the whole rollup (a last-month refresh of the postings at 1M
// postings: 34 s, most of it reading months that did not change). Each rollup with a month column
// gets `<table>_month_idx` on it; the analytics catalogue declares it for every rollup (indexesOf),
// so the tables are found here by their column rather than named a second time.
export class RollupMonthIndexes1767000200000 implements MigrationInterface {
  name = 'RollupMonthIndexes1767000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE t text;
      BEGIN
        FOR t IN SELECT c.table_name FROM information_schema.columns c
                 WHERE c.table_schema = current_schema() AND c.table_name LIKE 'rollup\\_%' AND c.column_name = 'month'
                 ORDER BY 1
        LOOP
          EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I (month)', t || '_month_idx', t);
        END LOOP;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE i text;
      BEGIN
        FOR i IN SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'rollup\\_%' AND indexname LIKE '%\\_month\\_idx'
        LOOP
          EXECUTE format('DROP INDEX %I', i);
        END LOOP;
      END $$`);
  }
}
