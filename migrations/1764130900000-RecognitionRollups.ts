import type { MigrationInterface, QueryRunner } from 'typeorm';

// Recognition at 10M postings read ~110k rows of rollup_posting_credential for a national year
// (p95 77 ms): the per-credential answer does not need the sector, and the "any micro-credential"
// row by sector needs only credential 0. rollup_credential_naming is rollup_posting_credential
// summed over the sector; two indexes let the others read only their credential or sector.
export class RecognitionRollups1764130900000 implements MigrationInterface {
  name = 'RecognitionRollups1764130900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_credential_naming (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        level smallint NOT NULL,
        in_target boolean NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_credential_naming_idx ON rollup_credential_naming(state_fips, month);
      CREATE INDEX rollup_posting_credential_credential_idx ON rollup_posting_credential(state_fips, credential_id, month);
      CREATE INDEX rollup_posting_credential_sector_idx ON rollup_posting_credential(state_fips, naics2, month);
    `);
    await q.query(`
      INSERT INTO rollup_credential_naming (month, state_fips, credential_id, level, in_target, n)
      SELECT month, state_fips, credential_id, level, in_target, sum(n) FROM rollup_posting_credential GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX rollup_posting_credential_sector_idx, rollup_posting_credential_credential_idx');
    await q.query('DROP TABLE rollup_credential_naming');
  }
}
