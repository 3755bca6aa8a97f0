import type { MigrationInterface, QueryRunner } from 'typeorm';

// Rollups for the outcomes and pathways endpoints (docs/methodology.md, Outcomes and Pathways).
// Each earner is a learner's first award of a credential, counted at that award's month and state
// (national rows under state 'US'); filled by refreshPeopleRollups() inside refreshRollups().
// Filters these tables lack (county, CBSA, custom regions, program CIP) are answered from the raw rows.
export class PeopleRollups1764130500000 implements MigrationInterface {
  name = 'PeopleRollups1764130500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- earners per credential and quarter after the award (q = 1, 2, 4): with a record, employed,
      -- employed with a positive wage, with a wage change (records at q, -1 and -2)
      CREATE TABLE rollup_outcome (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        q smallint NOT NULL,
        earners integer NOT NULL,
        with_data integer NOT NULL,
        employed integer NOT NULL,
        wage_n integer NOT NULL,
        change_n integer NOT NULL
      );
      CREATE INDEX rollup_outcome_idx ON rollup_outcome(state_fips, month);
      CREATE INDEX rollup_outcome_credential_idx ON rollup_outcome(credential_id, state_fips, month);

      -- histograms for the percentiles: kind 1 = quarterly wage, 2 = wage change; bin = floor(value / 250)
      CREATE TABLE rollup_outcome_hist (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        q smallint NOT NULL,
        kind smallint NOT NULL,
        bin integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_outcome_hist_idx ON rollup_outcome_hist(state_fips, month);
      CREATE INDEX rollup_outcome_hist_credential_idx ON rollup_outcome_hist(credential_id, state_fips, month);

      -- earners of a part credential (from_id) by whole months to their first award of the whole
      -- (to_id) on or after it; months = -1: no such award (yet)
      CREATE TABLE rollup_pathway (
        month date NOT NULL,
        state_fips text NOT NULL,
        from_id integer NOT NULL,
        to_id integer NOT NULL,
        months integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_pathway_idx ON rollup_pathway(state_fips, month);
      CREATE INDEX rollup_pathway_from_idx ON rollup_pathway(from_id, state_fips, month);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rollup_outcome, rollup_outcome_hist, rollup_pathway`);
  }
}
