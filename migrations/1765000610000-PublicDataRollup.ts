import type { MigrationInterface, QueryRunner } from 'typeorm';

// Program demand read 300k C_A rows joined to their institutions for a national question (1.2 s
// under load). First-major completions summed by year, state ('US' for the nation, '--' for places
// outside the state list) and CIP x award level answer the nation and states from a few thousand
// rows; counties, CBSAs and custom regions still read the institution rows. Filled by each
// completions or HD load in its own transaction.
export class PublicDataRollup1765000610000 implements MigrationInterface {
  name = 'PublicDataRollup1765000610000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_ipeds_completion (
        year smallint NOT NULL,
        area text NOT NULL,
        cip_code char(7) NOT NULL,
        award_level smallint NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (year, area, cip_code, award_level)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rollup_ipeds_completion');
  }
}
