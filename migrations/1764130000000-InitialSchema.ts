import type { MigrationInterface, QueryRunner } from 'typeorm';

// The whole domain from the start. Codes are text (leading zeros kept). Requirement levels and
// degree levels are small integers so the posting-mention tables stay narrow at tens of millions of
// rows; their meaning is fixed here and in libs/contracts (MentionLevel, DegreeLevel).
//   mention level: 1 required, 2 preferred, 3 accepted in lieu of a degree
//   degree level:  0 none, 1 high school, 2 associate, 3 bachelor, 4 master or higher
export class InitialSchema1764130000000 implements MigrationInterface {
  name = 'InitialSchema1764130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_meta (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE taxonomy_version (
        taxonomy text PRIMARY KEY,
        version text NOT NULL,
        source text NOT NULL,
        row_count integer NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      );

      -- Regions ---------------------------------------------------------------------------------
      CREATE TABLE state (
        fips char(2) PRIMARY KEY,
        usps char(2) NOT NULL UNIQUE,
        name text NOT NULL
      );
      CREATE TABLE cbsa (
        code char(5) PRIMARY KEY,
        title text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('metropolitan', 'micropolitan'))
      );
      CREATE TABLE county (
        fips char(5) PRIMARY KEY,
        state_fips char(2) NOT NULL REFERENCES state(fips),
        name text NOT NULL,
        cbsa_code char(5) REFERENCES cbsa(code),
        central boolean,
        -- rural: outside every metropolitan statistical area (OMB 2023)
        rural boolean NOT NULL DEFAULT true
      );
      CREATE INDEX county_state_idx ON county(state_fips);
      CREATE INDEX county_cbsa_idx ON county(cbsa_code);
      CREATE TABLE custom_region (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE custom_region_county (
        region_id integer NOT NULL REFERENCES custom_region(id) ON DELETE CASCADE,
        county_fips char(5) NOT NULL REFERENCES county(fips),
        PRIMARY KEY (region_id, county_fips)
      );
      CREATE TABLE region_population (
        region_kind text NOT NULL,
        region_code text NOT NULL,
        group_kind text NOT NULL,
        group_value text NOT NULL,
        population bigint NOT NULL,
        PRIMARY KEY (region_kind, region_code, group_kind, group_value)
      );

      -- Industries, occupations, programs -------------------------------------------------------
      CREATE TABLE naics (
        code text PRIMARY KEY,
        title text NOT NULL,
        level smallint NOT NULL CHECK (level BETWEEN 2 AND 6),
        parent_code text REFERENCES naics(code),
        sector text NOT NULL
      );
      CREATE INDEX naics_parent_idx ON naics(parent_code);
      CREATE TABLE soc (
        code text PRIMARY KEY,
        title text NOT NULL,
        level text NOT NULL CHECK (level IN ('major', 'minor', 'broad', 'detailed')),
        parent_code text,
        major_code text NOT NULL,
        definition text
      );
      CREATE TABLE onet_occupation (
        code text PRIMARY KEY,
        soc_code text NOT NULL,
        title text NOT NULL,
        description text,
        job_zone smallint
      );
      CREATE INDEX onet_occupation_soc_idx ON onet_occupation(soc_code);
      CREATE TABLE oews_national (
        soc_code text PRIMARY KEY,
        title text NOT NULL,
        year smallint NOT NULL,
        employment integer,
        annual_mean numeric,
        annual_p10 numeric,
        annual_p25 numeric,
        annual_median numeric,
        annual_p75 numeric,
        annual_p90 numeric,
        hourly_median numeric
      );
      CREATE TABLE cip (
        code text PRIMARY KEY,
        title text NOT NULL,
        level smallint NOT NULL CHECK (level IN (2, 4, 6)),
        parent_code text,
        definition text
      );
      CREATE TABLE cip_soc (
        cip_code text NOT NULL,
        soc_code text NOT NULL,
        PRIMARY KEY (cip_code, soc_code)
      );
      CREATE INDEX cip_soc_soc_idx ON cip_soc(soc_code);

      -- Skills ----------------------------------------------------------------------------------
      CREATE TABLE skill (
        id text PRIMARY KEY,
        source text NOT NULL,
        name text NOT NULL,
        alt_labels text[] NOT NULL DEFAULT '{}',
        kind text,
        hot boolean NOT NULL DEFAULT false
      );
      CREATE INDEX skill_name_idx ON skill(lower(name));
      CREATE TABLE occupation_skill (
        soc_code text NOT NULL,
        skill_id text NOT NULL REFERENCES skill(id),
        hot boolean NOT NULL DEFAULT false,
        in_demand boolean NOT NULL DEFAULT false,
        PRIMARY KEY (soc_code, skill_id)
      );
      CREATE INDEX occupation_skill_skill_idx ON occupation_skill(skill_id);

      -- Providers and credentials ---------------------------------------------------------------
      CREATE TABLE provider (
        id serial PRIMARY KEY,
        source_key text NOT NULL UNIQUE,
        name text NOT NULL,
        url text,
        kind text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE credential (
        id serial PRIMARY KEY,
        source_key text NOT NULL UNIQUE,
        name text NOT NULL,
        short_names text[] NOT NULL DEFAULT '{}',
        type text NOT NULL CHECK (type IN ('badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential')),
        is_micro boolean NOT NULL DEFAULT true,
        provider_id integer REFERENCES provider(id),
        description text,
        hours numeric,
        cost numeric,
        currency char(3),
        ctdl_ctid text UNIQUE,
        ob_achievement_id text UNIQUE,
        external_ids jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX credential_provider_idx ON credential(provider_id);
      CREATE TABLE credential_soc (
        credential_id integer NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        soc_code text NOT NULL,
        PRIMARY KEY (credential_id, soc_code)
      );
      CREATE INDEX credential_soc_soc_idx ON credential_soc(soc_code);
      CREATE TABLE credential_naics (
        credential_id integer NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        naics_code text NOT NULL,
        PRIMARY KEY (credential_id, naics_code)
      );
      CREATE TABLE credential_cip (
        credential_id integer NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        cip_code text NOT NULL,
        PRIMARY KEY (credential_id, cip_code)
      );
      CREATE TABLE credential_skill (
        credential_id integer NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        skill_id text NOT NULL REFERENCES skill(id),
        PRIMARY KEY (credential_id, skill_id)
      );
      CREATE INDEX credential_skill_skill_idx ON credential_skill(skill_id);
      -- part stacks into whole (a badge into a certificate, a certificate into a degree)
      CREATE TABLE credential_stack (
        part_id integer NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        whole_id integer NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        PRIMARY KEY (part_id, whole_id),
        CHECK (part_id <> whole_id)
      );
      CREATE INDEX credential_stack_whole_idx ON credential_stack(whole_id);
      -- Published outcome data (CTDL AggregateDataProfile), kept as published.
      CREATE TABLE credential_outcome_profile (
        id serial PRIMARY KEY,
        credential_id integer NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        source_key text NOT NULL UNIQUE,
        description text,
        date_effective date,
        employment_rate numeric,
        median_earnings numeric,
        jobs_obtained integer,
        data jsonb NOT NULL
      );

      -- Ingest bookkeeping ----------------------------------------------------------------------
      CREATE TABLE ingest_run (
        id bigserial PRIMARY KEY,
        format text NOT NULL,
        file_name text NOT NULL,
        file_sha256 text,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
        accepted integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        warnings jsonb NOT NULL DEFAULT '[]',
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE TABLE ingest_reject (
        id bigserial PRIMARY KEY,
        run_id bigint NOT NULL REFERENCES ingest_run(id) ON DELETE CASCADE,
        file text NOT NULL,
        line integer,
        pointer text,
        field text,
        reason text NOT NULL,
        raw text
      );
      CREATE INDEX ingest_reject_run_idx ON ingest_reject(run_id);

      -- Awards and outcomes (records about people) ---------------------------------------------
      CREATE TABLE credential_award (
        id bigserial PRIMARY KEY,
        source_key text NOT NULL UNIQUE,
        learner_key text NOT NULL,
        credential_id integer NOT NULL REFERENCES credential(id),
        award_date date NOT NULL,
        expiry_date date,
        county_fips char(5) REFERENCES county(fips),
        state_fips char(2) REFERENCES state(fips),
        program_cip text,
        age_band text,
        sex text,
        race_ethnicity text,
        low_income boolean,
        proof_status text NOT NULL DEFAULT 'none' CHECK (proof_status IN ('verified', 'failed', 'unverifiable', 'none')),
        proof_detail text,
        ingest_run_id bigint REFERENCES ingest_run(id) ON DELETE SET NULL
      );
      CREATE INDEX award_credential_date_idx ON credential_award(credential_id, award_date);
      CREATE INDEX award_date_idx ON credential_award(award_date);
      CREATE INDEX award_county_idx ON credential_award(county_fips);
      CREATE INDEX award_state_idx ON credential_award(state_fips, award_date);
      CREATE INDEX award_learner_idx ON credential_award(learner_key, award_date);
      CREATE INDEX award_cip_idx ON credential_award(program_cip);

      CREATE TABLE learner_outcome (
        learner_key text NOT NULL,
        quarter date NOT NULL,  -- first day of the calendar quarter
        employed boolean NOT NULL,
        wage numeric,           -- quarterly earnings, nominal dollars
        naics_code text,
        source_key text,
        ingest_run_id bigint REFERENCES ingest_run(id) ON DELETE SET NULL,
        PRIMARY KEY (learner_key, quarter)
      );

      -- Job postings -----------------------------------------------------------------------------
      CREATE TABLE job_posting (
        id bigserial PRIMARY KEY,
        source_key text NOT NULL UNIQUE,
        employer text,
        title text NOT NULL,
        naics_code text,
        soc_code text,
        county_fips char(5) REFERENCES county(fips),
        state_fips char(2) REFERENCES state(fips),
        posted_date date NOT NULL,
        expires_date date,
        last_seen_date date,
        description text,
        salary_min numeric,
        salary_max numeric,
        salary_unit text CHECK (salary_unit IN ('hour', 'day', 'week', 'month', 'year')),
        salary_annual numeric,
        degree_level smallint NOT NULL DEFAULT 0 CHECK (degree_level BETWEEN 0 AND 4),
        in_lieu boolean NOT NULL DEFAULT false,
        remote boolean NOT NULL DEFAULT false,
        -- deduplication (same employer + normalised title + region within 60 days counts once)
        dedup_group text,
        is_duplicate boolean NOT NULL DEFAULT false,
        ingest_run_id bigint REFERENCES ingest_run(id) ON DELETE SET NULL
      );
      CREATE INDEX posting_date_idx ON job_posting(posted_date);
      CREATE INDEX posting_state_date_idx ON job_posting(state_fips, posted_date);
      CREATE INDEX posting_county_date_idx ON job_posting(county_fips, posted_date);
      CREATE INDEX posting_soc_idx ON job_posting(soc_code);
      CREATE INDEX posting_naics_idx ON job_posting(naics_code);
      CREATE INDEX posting_dedup_idx ON job_posting(dedup_group, posted_date);

      CREATE TABLE posting_skill (
        posting_id bigint NOT NULL REFERENCES job_posting(id) ON DELETE CASCADE,
        skill_id text NOT NULL REFERENCES skill(id),
        level smallint NOT NULL CHECK (level IN (1, 2, 3)),
        PRIMARY KEY (posting_id, skill_id)
      );
      CREATE INDEX posting_skill_skill_idx ON posting_skill(skill_id);
      CREATE TABLE posting_credential (
        posting_id bigint NOT NULL REFERENCES job_posting(id) ON DELETE CASCADE,
        credential_id integer NOT NULL REFERENCES credential(id),
        level smallint NOT NULL CHECK (level IN (1, 2, 3)),
        PRIMARY KEY (posting_id, credential_id)
      );
      CREATE INDEX posting_credential_credential_idx ON posting_credential(credential_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS posting_credential, posting_skill, job_posting, learner_outcome,
        credential_award, ingest_reject, ingest_run, credential_outcome_profile, credential_stack,
        credential_skill, credential_cip, credential_naics, credential_soc, credential, provider,
        occupation_skill, skill, cip_soc, cip, oews_national, onet_occupation, soc, naics,
        region_population, custom_region_county, custom_region, county, cbsa, state,
        taxonomy_version, app_meta CASCADE;
    `);
  }
}
