import type { MigrationInterface, QueryRunner } from 'typeorm';

// The outcome percentiles read one row per histogram bin (rollup_outcome_hist: month x state x
// credential x quarter x kind x bin): a national year at 1M postings / 200k awards was ~120k rows to
// group, sort and rank per question. rollup_outcome_bins holds one row per month x state x credential
// x quarter x kind with its occupied bins and their counts as parallel arrays (~14k rows for that
// year), summed by the reader. Filled here from the old table's rows, so no refresh is needed.
export class OutcomeBins1767000202000 implements MigrationInterface {
  name = 'OutcomeBins1767000202000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_outcome_bins (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        q smallint NOT NULL,
        kind smallint NOT NULL,
        bins integer[] NOT NULL,
        ns integer[] NOT NULL
      )`);
    await q.query(`
      INSERT INTO rollup_outcome_bins (month, state_fips, credential_id, q, kind, bins, ns)
      SELECT month, state_fips, credential_id, q, kind, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
      FROM rollup_outcome_hist GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1`);
    await q.query(`CREATE INDEX rollup_outcome_bins_idx ON rollup_outcome_bins (state_fips, month)`);
    await q.query(`CREATE INDEX rollup_outcome_bins_credential_idx ON rollup_outcome_bins (credential_id, state_fips, month)`);
    await q.query(`CREATE INDEX rollup_outcome_bins_month_idx ON rollup_outcome_bins (month)`);
    await q.query(`DROP TABLE rollup_outcome_hist`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_outcome_hist (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        q smallint NOT NULL,
        kind smallint NOT NULL,
        bin integer NOT NULL,
        n integer NOT NULL
      )`);
    await q.query(`
      INSERT INTO rollup_outcome_hist (month, state_fips, credential_id, q, kind, bin, n)
      SELECT month, state_fips, credential_id, q, kind, u.bin, u.n FROM rollup_outcome_bins, unnest(bins, ns) AS u(bin, n)`);
    await q.query(`CREATE INDEX rollup_outcome_hist_idx ON rollup_outcome_hist (state_fips, month)`);
    await q.query(`CREATE INDEX rollup_outcome_hist_credential_idx ON rollup_outcome_hist (credential_id, state_fips, month)`);
    await q.query(`CREATE INDEX rollup_outcome_hist_month_idx ON rollup_outcome_hist (month)`);
    await q.query(`DROP TABLE rollup_outcome_bins`);
  }
}
