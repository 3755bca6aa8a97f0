import type { MigrationInterface, QueryRunner } from 'typeorm';

// Proofs are now checked offline with the credential community's libraries: a proof whose
// signature does not match is "invalid" (was "failed"). credential_status says whether the
// credential's revocation status could be read: 'unchecked' when it has a credentialStatus (a
// status list on the network), NULL when it has none. An index serves the proof=verified filter.
export class AwardProofInvalidAndStatus1765000510000 implements MigrationInterface {
  name = 'AwardProofInvalidAndStatus1765000510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credential_award DROP CONSTRAINT IF EXISTS credential_award_proof_status_check`);
    await q.query(`UPDATE credential_award SET proof_status = 'invalid' WHERE proof_status = 'failed'`);
    await q.query(`ALTER TABLE credential_award ADD CONSTRAINT credential_award_proof_status_check CHECK (proof_status IN ('verified', 'invalid', 'unverifiable', 'none'))`);
    await q.query(`ALTER TABLE credential_award ADD COLUMN credential_status text CHECK (credential_status IN ('unchecked'))`);
    await q.query(`CREATE INDEX award_verified_date_idx ON credential_award(award_date) WHERE proof_status = 'verified'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS award_verified_date_idx`);
    await q.query(`ALTER TABLE credential_award DROP COLUMN credential_status`);
    await q.query(`ALTER TABLE credential_award DROP CONSTRAINT IF EXISTS credential_award_proof_status_check`);
    await q.query(`UPDATE credential_award SET proof_status = 'failed' WHERE proof_status = 'invalid'`);
    await q.query(`ALTER TABLE credential_award ADD CONSTRAINT credential_award_proof_status_check CHECK (proof_status IN ('verified', 'failed', 'unverifiable', 'none'))`);
  }
}
