import type { MigrationInterface, QueryRunner } from 'typeorm';

// rollup_credential_market (unique postings in each credential's target SOCs, by sector) held more
// rows than the posting x target-credential facts it groups (1.11M against 1.01M at 1M postings):
// its national rows were the excess. It keeps its state rows only; a national question sums a
// sector's state rows through the new sector index (the analytics catalogue: region 'summed').
export class CredentialMarketStateRows1767000201000 implements MigrationInterface {
  name = 'CredentialMarketStateRows1767000201000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM rollup_credential_market WHERE state_fips = 'US'`);
    await q.query(`CREATE INDEX rollup_credential_market_sector_idx ON rollup_credential_market (naics2, month)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rollup_credential_market_sector_idx`);
    await q.query(`
      INSERT INTO rollup_credential_market (month, state_fips, naics2, credential_id, target_n)
      SELECT month, 'US', naics2, credential_id, sum(target_n) FROM rollup_credential_market GROUP BY month, naics2, credential_id`);
  }
}
