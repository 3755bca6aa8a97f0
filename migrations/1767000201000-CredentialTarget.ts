import type { MigrationInterface, QueryRunner } from 'typeorm';

// rollup_credential_market (unique postings in each credential's target SOCs, by sector) held more
// rows than the posting x target-credential facts it groups (1.11M against 1.01M at 1M postings):
// its national rows were the excess. rollup_credential_target replaces it with the state rows only;
// a national question sums a sector's state rows through its sector index (the analytics
// catalogue's region 'summed'). Its rows are the old table's state rows, so no refresh is needed.
export class CredentialTarget1767000201000 implements MigrationInterface {
  name = 'CredentialTarget1767000201000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_credential_target (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        credential_id integer NOT NULL,
        target_n integer NOT NULL
      )`);
    await q.query(`
      INSERT INTO rollup_credential_target (month, state_fips, naics2, credential_id, target_n)
      SELECT month, state_fips, naics2, credential_id, target_n FROM rollup_credential_market WHERE state_fips <> 'US' ORDER BY state_fips, naics2, month`);
    await q.query(`CREATE INDEX rollup_credential_target_idx ON rollup_credential_target (state_fips, naics2, month)`);
    await q.query(`CREATE INDEX rollup_credential_target_sector_idx ON rollup_credential_target (naics2, month)`);
    await q.query(`CREATE INDEX rollup_credential_target_month_idx ON rollup_credential_target (month)`);
    await q.query(`DROP TABLE rollup_credential_market`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_credential_market (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        credential_id integer NOT NULL,
        target_n integer NOT NULL
      )`);
    await q.query(`
      INSERT INTO rollup_credential_market (month, state_fips, naics2, credential_id, target_n)
      SELECT month, state_fips, naics2, credential_id, target_n FROM rollup_credential_target
      UNION ALL
      SELECT month, 'US', naics2, credential_id, sum(target_n) FROM rollup_credential_target GROUP BY month, naics2, credential_id`);
    await q.query(`CREATE INDEX rollup_credential_market_idx ON rollup_credential_market (state_fips, naics2, month)`);
    await q.query(`CREATE INDEX rollup_credential_market_month_idx ON rollup_credential_market (month)`);
    await q.query(`DROP TABLE rollup_credential_target`);
  }
}
