import type { MigrationInterface, QueryRunner } from 'typeorm';

// Advertised wage and duration histograms by NAICS sector: rollup_posting_hist has no sector (it was
// dropped for size), so a posting question with a sector filter read 10M raw postings for its
// medians (p95 2.7 s at 10M postings). A separate table keeps the unfiltered histograms small.
export class SectorHistogram1764130800000 implements MigrationInterface {
  name = 'SectorHistogram1764130800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_posting_hist_sector (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        kind text NOT NULL,
        value integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_posting_hist_sector_idx ON rollup_posting_hist_sector(state_fips, naics2, kind, month);
    `);
    // Existing installations: one pass over the postings (the next refresh keeps it up to date).
    await q.query(`
      INSERT INTO rollup_posting_hist_sector (month, state_fips, naics2, kind, value, n)
      SELECT date_trunc('month', posted_date)::date, COALESCE(state_fips, '--'), COALESCE(left(naics_code, 2), '--'), 'wage', floor(salary_annual / 1000)::int, count(*)
      FROM job_posting WHERE NOT is_duplicate AND salary_annual IS NOT NULL GROUP BY 1, 2, 3, 5
      UNION ALL
      SELECT date_trunc('month', posted_date)::date, COALESCE(state_fips, '--'), COALESCE(left(naics_code, 2), '--'), 'duration',
             GREATEST(COALESCE(expires_date, last_seen_date, posted_date), posted_date) - posted_date, count(*)
      FROM job_posting WHERE NOT is_duplicate GROUP BY 1, 2, 3, 5`);
    await q.query(`
      INSERT INTO rollup_posting_hist_sector (month, state_fips, naics2, kind, value, n)
      SELECT month, 'US', naics2, kind, value, sum(n) FROM rollup_posting_hist_sector GROUP BY 1, 3, 4, 5`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rollup_posting_hist_sector');
  }
}
