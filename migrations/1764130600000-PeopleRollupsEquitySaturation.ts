import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshEquityRollups } from '../apps/api/src/modules/equity/equity-rollup.js';
import { refreshSaturationRollups } from '../apps/api/src/modules/saturation/saturation-rollup.js';

// Rollups for /api/metrics/equity and /api/metrics/saturation, filled by refreshRollups() through
// refreshEquityRollups() and refreshSaturationRollups(). Awards count in their state, else their
// county's state ('--' when neither: AWARD_STATE, as rollup_award); postings in their state_fips.
// - rollup_equity: awards per month, state (national rows 'US') and demographic group; dimension
//   '*' / grp '*' is the total each dimension's groups add up to. Equity for the nation or a state.
// - rollup_equity_credential: the same nationally per credential (equity under a credential or
//   provider filter). A state x credential table would hold more rows than the awards (3.5M at 2M
//   awards), so a state with a credential or provider reads the awards through
//   award_people_state_idx instead.
// - rollup_saturation_skill: unique postings naming a skill as required or preferred (levels 1, 2).
// - rollup_saturation_named: postings (duplicates included, as on the raw path) naming a credential
//   at any level: "named in the period and region" is "a row exists". Saturation's awards per
//   credential come from rollup_award_credential.
export class PeopleRollupsEquitySaturation1764130600000 implements MigrationInterface {
  name = 'PeopleRollupsEquitySaturation1764130600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_equity_credential (
        month date NOT NULL,
        credential_id integer NOT NULL,
        dimension text NOT NULL,
        grp text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_equity_credential_idx ON rollup_equity_credential(credential_id, month);

      CREATE TABLE rollup_equity (
        month date NOT NULL,
        state_fips text NOT NULL,
        dimension text NOT NULL,
        grp text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_equity_idx ON rollup_equity(state_fips, month);

      CREATE TABLE rollup_saturation_skill (
        month date NOT NULL,
        state_fips text NOT NULL,
        skill_id text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_saturation_skill_idx ON rollup_saturation_skill(state_fips, month);

      CREATE TABLE rollup_saturation_named (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_saturation_named_idx ON rollup_saturation_named(state_fips, credential_id, month);

      CREATE INDEX award_people_state_idx ON credential_award ((COALESCE(state_fips, left(county_fips, 2), '--')), credential_id, award_date);
    `);
    // An installation whose rollups are built: fill the new tables now, or the endpoints would read
    // empty rollups until the next refresh (the fill functions as they are when this migration runs).
    const [built] = await q.query(`SELECT EXISTS (SELECT 1 FROM rollup_state) AS b`);
    if (built.b) {
      await refreshEquityRollups(q.manager, '0001-01-01');
      await refreshSaturationRollups(q.manager, '0001-01-01');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS award_people_state_idx');
    await q.query('DROP TABLE rollup_saturation_named, rollup_saturation_skill, rollup_equity, rollup_equity_credential');
  }
}
