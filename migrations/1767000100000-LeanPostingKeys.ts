import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 16, second step: job_posting's own three foreign keys (county_fips -> county, state_fips ->
// state, ingest_run_id -> ingest_run) fired three per-row trigger calls per posting. Measured with
// psql, 20k postings COPYed into job_posting in a transaction (load 15-16, two runs): 5.5-5.8 s with
// them, 3.0-3.6 s without (indexes kept), 1.4-1.6 s without them and without the secondary indexes
// (bulk mode). The ingest pipeline checks every county and state code against the loaded taxonomy
// before it writes a posting (a reject otherwise), and writes only the run it created in the same
// transaction; the demo loader writes codes it read from the taxonomy. What the keys did besides is
// kept set-wise, one trigger call per statement (as migration 1766000600000 did for the mentions):
// - deleting a county or state that a posting names fails (was NO ACTION), read through
//   posting_county_date_idx / posting_state_date_idx;
// - deleting an ingest run clears its postings' ingest_run_id (was ON DELETE SET NULL).
// Code keys are never updated in place (the taxonomy loader upserts on them and deletes stale
// ones), so no UPDATE trigger is needed; `mentionOrphans()` counts postings naming a missing county,
// state or run, and the ingest tests assert zero.
export class LeanPostingKeys1767000100000 implements MigrationInterface {
  name = 'LeanPostingKeys1767000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE job_posting DROP CONSTRAINT IF EXISTS job_posting_county_fips_fkey,
        DROP CONSTRAINT IF EXISTS job_posting_state_fips_fkey,
        DROP CONSTRAINT IF EXISTS job_posting_ingest_run_id_fkey;

      CREATE FUNCTION county_postings_restrict() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE k text;
      BEGIN
        SELECT g.fips INTO k FROM gone g WHERE EXISTS (SELECT 1 FROM job_posting p WHERE p.county_fips = g.fips) LIMIT 1;
        IF k IS NOT NULL THEN
          RAISE EXCEPTION 'county % is still named by postings (job_posting)', k USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER county_postings_restrict AFTER DELETE ON county
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION county_postings_restrict();

      CREATE FUNCTION state_postings_restrict() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE k text;
      BEGIN
        SELECT g.fips INTO k FROM gone g WHERE EXISTS (SELECT 1 FROM job_posting p WHERE p.state_fips = g.fips) LIMIT 1;
        IF k IS NOT NULL THEN
          RAISE EXCEPTION 'state % is still named by postings (job_posting)', k USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER state_postings_restrict AFTER DELETE ON state
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION state_postings_restrict();

      CREATE FUNCTION ingest_run_postings_set_null() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE job_posting p SET ingest_run_id = NULL FROM gone g WHERE p.ingest_run_id = g.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER ingest_run_postings_set_null AFTER DELETE ON ingest_run
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION ingest_run_postings_set_null();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER ingest_run_postings_set_null ON ingest_run;
      DROP FUNCTION ingest_run_postings_set_null();
      DROP TRIGGER state_postings_restrict ON state;
      DROP FUNCTION state_postings_restrict();
      DROP TRIGGER county_postings_restrict ON county;
      DROP FUNCTION county_postings_restrict();
      ALTER TABLE job_posting ADD CONSTRAINT job_posting_county_fips_fkey FOREIGN KEY (county_fips) REFERENCES county(fips),
        ADD CONSTRAINT job_posting_state_fips_fkey FOREIGN KEY (state_fips) REFERENCES state(fips),
        ADD CONSTRAINT job_posting_ingest_run_id_fkey FOREIGN KEY (ingest_run_id) REFERENCES ingest_run(id) ON DELETE SET NULL;
    `);
  }
}
