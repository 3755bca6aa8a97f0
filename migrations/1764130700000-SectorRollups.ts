import type { MigrationInterface, QueryRunner } from 'typeorm';

// Narrower rollups for the questions that read too many rows of the wide ones at 10M postings:
// - rollup_posting_sector: rollup_posting without degree level and in-lieu (10x fewer rows), for
//   posting counts, trends and concentration (location quotients, shift-share) that do not split
//   by degree;
// - rollup_credential_market: unique postings in each credential's target SOCs by sector, the
//   recognition-rate denominators when the question has a NAICS sector filter (rollup_posting_soc
//   has no sector: that filter used to fall back to the raw rows);
// - rollup_award_cip: awards per program (CIP) without the credential, for program demand;
// - rollup_award_credential: awards per credential without the program, for skill supply.
// All keyed by month and state, with national rows under 'US'. Filled by refreshRollups().
export class SectorRollups1764130700000 implements MigrationInterface {
  name = 'SectorRollups1764130700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_posting_sector (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        unique_n integer NOT NULL,
        total_n integer NOT NULL,
        ended_n integer NOT NULL
      );
      CREATE INDEX rollup_posting_sector_idx ON rollup_posting_sector(state_fips, month);

      CREATE TABLE rollup_credential_market (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        credential_id integer NOT NULL,
        target_n integer NOT NULL
      );
      CREATE INDEX rollup_credential_market_idx ON rollup_credential_market(state_fips, naics2, month);

      CREATE TABLE rollup_award_cip (
        month date NOT NULL,
        state_fips text NOT NULL,
        program_cip text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_award_cip_idx ON rollup_award_cip(state_fips, month);

      CREATE TABLE rollup_award_credential (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_award_credential_idx ON rollup_award_credential(state_fips, month);
    `);
    // Existing installations: fill the new tables from what is there (the first two summarise
    // rollups already built; the market table needs one pass over the postings).
    await q.query(`INSERT INTO rollup_posting_sector SELECT month, state_fips, naics2, sum(unique_n), sum(total_n), sum(ended_n) FROM rollup_posting GROUP BY 1, 2, 3`);
    await q.query(`INSERT INTO rollup_award_cip SELECT month, state_fips, program_cip, sum(n) FROM rollup_award GROUP BY 1, 2, 3`);
    await q.query(`INSERT INTO rollup_award_credential SELECT month, state_fips, credential_id, sum(n) FROM rollup_award GROUP BY 1, 2, 3`);
    await q.query(`
      INSERT INTO rollup_credential_market
      SELECT date_trunc('month', p.posted_date)::date, COALESCE(p.state_fips, '--'), COALESCE(left(p.naics_code, 2), '--'), cs.credential_id, count(*)
      FROM job_posting p JOIN credential_soc cs ON cs.soc_code = p.soc_code WHERE NOT p.is_duplicate GROUP BY 1, 2, 3, 4`);
    await q.query(`INSERT INTO rollup_credential_market SELECT month, 'US', naics2, credential_id, sum(target_n) FROM rollup_credential_market GROUP BY 1, 3, 4`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rollup_award_credential, rollup_award_cip, rollup_credential_market, rollup_posting_sector');
  }
}
