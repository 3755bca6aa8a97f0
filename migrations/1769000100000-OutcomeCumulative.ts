import type { MigrationInterface, QueryRunner } from 'typeorm';

// A national outcomes question read one row per month of every credential's counts and histograms
// (7,200 count and 14,266 histogram rows for a national year at 1M postings / 200k awards).
// rollup_outcome_cum holds the nation's counts and histograms cumulated over months, so any range is
// the row of its last month minus the row before its first: two rows per credential and quarter
// after the award. Created empty: the server fills it from the outcome rollups right after this
// migration (refresh.ts, fillEmptyDerivedRollups), and every outcomes refresh rebuilds it.
export class OutcomeCumulative1769000100000 implements MigrationInterface {
  name = 'OutcomeCumulative1769000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_outcome_cum (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        q smallint NOT NULL,
        earners integer NOT NULL,
        with_data integer NOT NULL,
        employed integer NOT NULL,
        wage_n integer NOT NULL,
        change_n integer NOT NULL,
        wage_bins integer[] NOT NULL,
        wage_ns integer[] NOT NULL,
        change_bins integer[] NOT NULL,
        change_ns integer[] NOT NULL
      )`);
    await q.query(`CREATE INDEX rollup_outcome_cum_idx ON rollup_outcome_cum (credential_id, month)`);
    await q.query(`CREATE UNIQUE INDEX rollup_outcome_cum_key_idx ON rollup_outcome_cum (month, state_fips, credential_id, q)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rollup_outcome_cum`);
  }
}
