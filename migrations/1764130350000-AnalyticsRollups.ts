import type { MigrationInterface, QueryRunner } from 'typeorm';

// Rollups shaped to the questions the metric endpoints answer (see DEVELOPMENT.md, "Analytics API
// and rollups"). Every table is keyed by month and state, with national rows under state 'US' so a
// nationwide question reads a few thousand rows; unknown codes are '--'. Finer filters (county,
// CBSA, custom regions, NAICS 3-6 digits, SOC minor/broad) are answered from the raw tables.
export class AnalyticsRollups1764130350000 implements MigrationInterface {
  name = 'AnalyticsRollups1764130350000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- postings: starts (unique, total) and ends (unique) per month, for counts, new and active
      CREATE TABLE rollup_posting (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        soc_major text NOT NULL,
        degree_level smallint NOT NULL,
        in_lieu boolean NOT NULL,
        unique_n integer NOT NULL,
        total_n integer NOT NULL,
        ended_n integer NOT NULL
      );
      CREATE INDEX rollup_posting_idx ON rollup_posting(state_fips, month);

      -- unique postings per detailed SOC (recognition denominators, program openings)
      CREATE TABLE rollup_posting_soc (
        month date NOT NULL,
        state_fips text NOT NULL,
        soc_code text NOT NULL,
        naics2 text NOT NULL,
        unique_n integer NOT NULL
      );
      CREATE INDEX rollup_posting_soc_idx ON rollup_posting_soc(state_fips, month);

      -- unique postings naming a credential, by level; in_target = the posting's SOC is one of the
      -- credential's target SOCs. credential_id 0 = any micro-credential (distinct postings).
      CREATE TABLE rollup_posting_credential (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        naics2 text NOT NULL,
        level smallint NOT NULL,
        in_target boolean NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_posting_credential_idx ON rollup_posting_credential(state_fips, month);

      -- unique postings naming a skill, by level
      CREATE TABLE rollup_posting_skill (
        month date NOT NULL,
        state_fips text NOT NULL,
        skill_id text NOT NULL,
        naics2 text NOT NULL,
        level smallint NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_posting_skill_idx ON rollup_posting_skill(state_fips, month);

      -- histograms of unique postings: kind 'wage' (annual salary in $1,000 bins) and
      -- 'duration' (days from first seen to expiry or last seen); medians are read from them
      CREATE TABLE rollup_posting_hist (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        kind text NOT NULL,
        value integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_posting_hist_idx ON rollup_posting_hist(kind, state_fips, month);

      -- awards (people): per credential and program CIP
      CREATE TABLE rollup_award (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        program_cip text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_award_idx ON rollup_award(state_fips, month);

      CREATE TABLE rollup_state (
        name text PRIMARY KEY,
        refreshed_at timestamptz NOT NULL,
        since date
      );

      CREATE INDEX posting_end_idx ON job_posting ((COALESCE(expires_date, last_seen_date, posted_date))) WHERE NOT is_duplicate;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS posting_end_idx;
      DROP TABLE IF EXISTS rollup_posting, rollup_posting_soc, rollup_posting_credential, rollup_posting_skill,
        rollup_posting_hist, rollup_award, rollup_state;
    `);
  }
}
