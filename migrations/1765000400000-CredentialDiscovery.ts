import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 13 (catalog at real size, discovery, re-extraction):
// - credential.type gains 'apprenticeship' (registered apprenticeships in state and institution lists);
// - credential_candidate: credential-like phrases postings name that the catalog lacks ("<name>
//   certification", "certified <role>", "<ACRONYM> certified"), keyed by their normalised form, with
//   the admin's decision (open, added, merged, ignored) and example snippets;
// - posting_credential_candidate: which posting named which candidate, so counts by month, region
//   and industry are always those of the stored postings (re-extraction replaces a posting's rows);
// - reextract_job: background re-extraction of stored postings after a catalog change, resumable
//   from last_posting_id (postings are processed in id order; each batch commits with its cursor).
export class CredentialDiscovery1765000400000 implements MigrationInterface {
  name = 'CredentialDiscovery1765000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE credential DROP CONSTRAINT IF EXISTS credential_type_check;
      ALTER TABLE credential ADD CONSTRAINT credential_type_check
        CHECK (type IN ('badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential', 'apprenticeship'));
      CREATE TABLE credential_candidate (
        id serial PRIMARY KEY,
        key text NOT NULL UNIQUE,
        name text NOT NULL,
        pattern text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'added', 'merged', 'ignored')),
        credential_id integer REFERENCES credential(id) ON DELETE SET NULL,
        examples jsonb NOT NULL DEFAULT '[]',
        decided_by text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE posting_credential_candidate (
        posting_id bigint NOT NULL REFERENCES job_posting(id) ON DELETE CASCADE,
        candidate_id integer NOT NULL REFERENCES credential_candidate(id) ON DELETE CASCADE,
        PRIMARY KEY (candidate_id, posting_id)
      );
      CREATE INDEX posting_credential_candidate_posting_idx ON posting_credential_candidate(posting_id);
      CREATE TABLE reextract_job (
        id serial PRIMARY KEY,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        reason text NOT NULL,
        dictionary_fingerprint text NOT NULL,
        total bigint NOT NULL DEFAULT 0,
        done bigint NOT NULL DEFAULT 0,
        last_posting_id bigint NOT NULL DEFAULT 0,
        changed bigint NOT NULL DEFAULT 0,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS reextract_job, posting_credential_candidate, credential_candidate');
    await q.query(`DELETE FROM credential WHERE type = 'apprenticeship'`);
    await q.query(`ALTER TABLE credential DROP CONSTRAINT IF EXISTS credential_type_check;
      ALTER TABLE credential ADD CONSTRAINT credential_type_check CHECK (type IN ('badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential'))`);
  }
}
