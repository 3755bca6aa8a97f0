import type { MigrationInterface, QueryRunner } from 'typeorm';

// Open Badges as many issuers sign them (the Digital Credentials Consortium's signing service among
// them) name the learner and give no id or identifier. Such an award counts, but it cannot be joined
// to a learner: learner_key is NULL, and outcomes and pathways (which follow a learner) leave it out.
export class AwardsWithoutLearner1765000500000 implements MigrationInterface {
  name = 'AwardsWithoutLearner1765000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credential_award ALTER COLUMN learner_key DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM credential_award WHERE learner_key IS NULL`);
    await q.query(`ALTER TABLE credential_award ALTER COLUMN learner_key SET NOT NULL`);
  }
}
