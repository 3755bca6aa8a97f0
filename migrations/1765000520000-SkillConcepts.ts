import type { MigrationInterface, QueryRunner } from 'typeorm';

// One identity per skill: skill.canonical_id is the representative of the skill's concept across
// O*NET technology skills and ESCO skills (set when the taxonomies are loaded, applySkillConcepts).
// Postings, credentials and occupations link the representative; every source row stays, so a
// source id can still be looked up and is mapped to its concept.
export class SkillConcepts1765000520000 implements MigrationInterface {
  name = 'SkillConcepts1765000520000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE skill ADD COLUMN canonical_id text REFERENCES skill(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX skill_canonical_idx ON skill(canonical_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS skill_canonical_idx`);
    await q.query(`ALTER TABLE skill DROP COLUMN canonical_id`);
  }
}
