import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 13: an admin's alias for a credential (a discovered phrase merged into it) survives catalog
// reloads, which rewrite short_names: credential_alias holds it and the extraction dictionary reads
// both. posting_section keeps a posting's structured sections (qualifications, skills, education)
// so re-extraction sees what the first extraction saw (job_posting stores the description only).
export class CandidateDecisions1765000410000 implements MigrationInterface {
  name = 'CandidateDecisions1765000410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credential_alias (
        credential_id integer NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        alias text NOT NULL,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (credential_id, alias)
      );
      CREATE TABLE posting_section (
        posting_id bigint PRIMARY KEY REFERENCES job_posting(id) ON DELETE CASCADE,
        qualifications text,
        skills text,
        education text
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS posting_section, credential_alias');
  }
}
