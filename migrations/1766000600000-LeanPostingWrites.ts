import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 16: the ingest writes ~6 skill and ~1.5 credential mentions per posting, and every mention
// row fired two per-row foreign-key triggers (mention -> posting, mention -> skill/credential): with
// 20k postings + 120k skill rows they were more than half of the server's time (DEVELOPMENT.md,
// Ingest). The pipeline writes only posting ids it has just drawn from the sequence and dictionary
// ids it has loaded from skill/credential, and checks the dictionary ids of each file in one
// statement before it commits (`checkMentionIntegrity`). What the foreign keys did besides is kept
// set-wise, one statement per statement instead of one trigger per row:
// - deleting postings deletes their mentions (was ON DELETE CASCADE);
// - deleting a skill or credential that a mention names fails (was NO ACTION).
// posting_naics_idx goes too: no query can use it (raw NAICS filters are prefixes, `left(...)` or
// LIKE, which a btree under the C.UTF-8 / en_US collations does not serve; rollups answer the rest).
export class LeanPostingWrites1766000600000 implements MigrationInterface {
  name = 'LeanPostingWrites1766000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE posting_skill DROP CONSTRAINT IF EXISTS posting_skill_posting_id_fkey, DROP CONSTRAINT IF EXISTS posting_skill_skill_id_fkey;
      ALTER TABLE posting_credential DROP CONSTRAINT IF EXISTS posting_credential_posting_id_fkey, DROP CONSTRAINT IF EXISTS posting_credential_credential_id_fkey;
      DROP INDEX IF EXISTS posting_naics_idx;

      CREATE FUNCTION posting_mentions_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM posting_skill m USING gone g WHERE m.posting_id = g.id;
        DELETE FROM posting_credential m USING gone g WHERE m.posting_id = g.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER job_posting_mentions_cascade AFTER DELETE ON job_posting
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION posting_mentions_cascade();

      CREATE FUNCTION skill_mentions_restrict() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE k text;
      BEGIN
        SELECT g.id INTO k FROM gone g WHERE EXISTS (SELECT 1 FROM posting_skill m WHERE m.skill_id = g.id) LIMIT 1;
        IF k IS NOT NULL THEN
          RAISE EXCEPTION 'skill % is still named by postings (posting_skill)', k USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER skill_mentions_restrict AFTER DELETE ON skill
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION skill_mentions_restrict();

      CREATE FUNCTION credential_mentions_restrict() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE k integer;
      BEGIN
        SELECT g.id INTO k FROM gone g WHERE EXISTS (SELECT 1 FROM posting_credential m WHERE m.credential_id = g.id) LIMIT 1;
        IF k IS NOT NULL THEN
          RAISE EXCEPTION 'credential % is still named by postings (posting_credential)', k USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER credential_mentions_restrict AFTER DELETE ON credential
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION credential_mentions_restrict();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER credential_mentions_restrict ON credential;
      DROP FUNCTION credential_mentions_restrict();
      DROP TRIGGER skill_mentions_restrict ON skill;
      DROP FUNCTION skill_mentions_restrict();
      DROP TRIGGER job_posting_mentions_cascade ON job_posting;
      DROP FUNCTION posting_mentions_cascade();
      CREATE INDEX posting_naics_idx ON job_posting (naics_code);
      ALTER TABLE posting_credential ADD CONSTRAINT posting_credential_posting_id_fkey FOREIGN KEY (posting_id) REFERENCES job_posting(id) ON DELETE CASCADE,
        ADD CONSTRAINT posting_credential_credential_id_fkey FOREIGN KEY (credential_id) REFERENCES credential(id);
      ALTER TABLE posting_skill ADD CONSTRAINT posting_skill_posting_id_fkey FOREIGN KEY (posting_id) REFERENCES job_posting(id) ON DELETE CASCADE,
        ADD CONSTRAINT posting_skill_skill_id_fkey FOREIGN KEY (skill_id) REFERENCES skill(id);
    `);
  }
}
