import type { MigrationInterface, QueryRunner } from 'typeorm';

// The schema as the product is first released: the pre-release migrations (InitialSchema1764130000000
// to PublicDataRollup1765000610000) squashed into one. A database those migrated is recognised by
// its migrations table: their rows are replaced by this one's and the few differences are applied
// (below), nothing else is touched. Codes are text (leading zeros kept). Requirement and degree levels
// are small integers so the posting-mention tables stay narrow at tens of millions of rows; their
// meaning is fixed here and in libs/contracts (MentionLevel, DegreeLevel):
//   mention level: 1 required, 2 preferred, 3 accepted in lieu of a degree
//   degree level:  0 none, 1 high school, 2 associate, 3 bachelor, 4 master or higher
// The rollup tables are those the analytics catalogue declares
// (apps/api/src/modules/analytics/catalogue/catalogue.ts; the server checks them at start-up). This
// file imports no application code: a migration stays as it was written.

/**
 * The completions rollup's area index, part of this schema since issue 15. A database baselined
 * before that (or a pre-release one) gets it from PublicDemandIndexes1766000300000, which runs this
 * text: a rollup table's name stands in one migration only.
 */
export const IPEDS_COMPLETION_AREA_INDEX = `CREATE INDEX IF NOT EXISTS rollup_ipeds_completion_area_idx ON rollup_ipeds_completion (area, year, cip_code, award_level) INCLUDE (n)`;

/** The squashed migrations, as their names stand in the migrations table of a database they built. */
export const PRE_RELEASE_MIGRATIONS = [
  'InitialSchema1764130000000',
  'AnalyticsRollups1764130350000',
  'SlimRollups1764130360000',
  'AccessControl1764130400000',
  'PeopleRollups1764130500000',
  'PeopleRollupsEquitySaturation1764130600000',
  'SectorRollups1764130700000',
  'SectorHistogram1764130800000',
  'RecognitionRollups1764130900000',
  'PostingPlacesAndCodedSoc1765000300000',
  'CredentialDiscovery1765000400000',
  'CandidateDecisions1765000410000',
  'AwardsWithoutLearner1765000500000',
  'AwardProofInvalidAndStatus1765000510000',
  'SkillConcepts1765000520000',
  'PublicData1765000600000',
  'PublicDataRollup1765000610000',
];

const SCHEMA = `

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
        hot boolean NOT NULL DEFAULT false,
        -- the representative of the skill's concept across O*NET and ESCO (applySkillConcepts)
        canonical_id text REFERENCES skill(id) ON DELETE SET NULL
      );
      CREATE INDEX skill_name_idx ON skill(lower(name));
      CREATE INDEX skill_canonical_idx ON skill(canonical_id);
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
        type text NOT NULL CHECK (type IN ('badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential', 'apprenticeship')),
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
        learner_key text,  -- NULL: the award names the learner without an id (never an earner)
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
        proof_status text NOT NULL DEFAULT 'none' CHECK (proof_status IN ('verified', 'invalid', 'unverifiable', 'none')),
        proof_detail text,
        ingest_run_id bigint REFERENCES ingest_run(id) ON DELETE SET NULL,
        -- 'unchecked': the credential has a credentialStatus (a status list on the network); NULL: none
        credential_status text CHECK (credential_status IN ('unchecked'))
      );
      CREATE INDEX award_credential_date_idx ON credential_award(credential_id, award_date);
      CREATE INDEX award_date_idx ON credential_award(award_date);
      CREATE INDEX award_county_idx ON credential_award(county_fips);
      CREATE INDEX award_state_idx ON credential_award(state_fips, award_date);
      CREATE INDEX award_learner_idx ON credential_award(learner_key, award_date);
      CREATE INDEX award_cip_idx ON credential_award(program_cip);
      CREATE INDEX award_people_state_idx ON credential_award ((COALESCE(state_fips, left(county_fips, 2), '--')), credential_id, award_date);
      CREATE INDEX award_verified_date_idx ON credential_award(award_date) WHERE proof_status = 'verified';

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
        ingest_run_id bigint REFERENCES ingest_run(id) ON DELETE SET NULL,
        -- how the place and the occupation were found, and how sure (geocoder; soc 'given' or 'coded' from the title)
        location_method text,
        location_confidence real CHECK (location_confidence BETWEEN 0 AND 1),
        soc_source text CHECK (soc_source IN ('given', 'coded')),
        soc_method text,
        soc_confidence real CHECK (soc_confidence BETWEEN 0 AND 1)
      );
      CREATE INDEX posting_date_idx ON job_posting(posted_date);
      CREATE INDEX posting_state_date_idx ON job_posting(state_fips, posted_date);
      CREATE INDEX posting_county_date_idx ON job_posting(county_fips, posted_date);
      CREATE INDEX posting_soc_idx ON job_posting(soc_code);
      CREATE INDEX posting_naics_idx ON job_posting(naics_code);
      CREATE INDEX posting_dedup_idx ON job_posting(dedup_group, posted_date);
      CREATE INDEX posting_end_idx ON job_posting ((GREATEST(COALESCE(expires_date, last_seen_date, posted_date), posted_date))) WHERE NOT is_duplicate;
      -- every place of a posting that names several (the first is also job_posting.county_fips/state_fips)
      CREATE TABLE posting_location (
        posting_id bigint NOT NULL REFERENCES job_posting(id) ON DELETE CASCADE,
        county_fips char(5) NOT NULL REFERENCES county(fips),
        state_fips char(2) NOT NULL REFERENCES state(fips),
        method text NOT NULL,
        confidence real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        PRIMARY KEY (posting_id, county_fips)
      );
      CREATE INDEX posting_location_county_idx ON posting_location(county_fips, posting_id);

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

      -- AccessControl --------------------------------------------------------------
      CREATE TABLE app_user (
        id serial PRIMARY KEY,
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'researcher', 'admin')),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz
      );
      CREATE TABLE user_session (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX user_session_user_idx ON user_session(user_id);
      CREATE TABLE api_key (
        id serial PRIMARY KEY,
        prefix text NOT NULL UNIQUE,
        key_hash text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'researcher', 'admin')),
        created_by integer REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        role text NOT NULL,
        action text NOT NULL,
        dataset text,
        filters jsonb NOT NULL DEFAULT '{}',
        rows bigint,
        detail text
      );
      CREATE INDEX audit_log_at_idx ON audit_log(at DESC);
    

      -- CredentialDiscovery --------------------------------------------------------------
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
    

      -- CandidateDecisions --------------------------------------------------------------
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
    

      -- PublicData --------------------------------------------------------------
      CREATE TABLE public_data_load (
        dataset text NOT NULL,
        vintage text NOT NULL,
        rows integer NOT NULL,
        rejected integer NOT NULL DEFAULT 0,
        source text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dataset, vintage)
      );
      CREATE TABLE ipeds_institution (
        vintage smallint NOT NULL,
        unitid integer NOT NULL,
        name text NOT NULL,
        stabbr text NOT NULL,
        state_fips char(2) REFERENCES state(fips),
        county_fips char(5) REFERENCES county(fips),
        cbsa_code char(5),
        sector smallint,
        latitude double precision,
        longitude double precision,
        PRIMARY KEY (vintage, unitid)
      );
      -- Completions are read by CIP (a program card) or by region through the institution.
      CREATE TABLE ipeds_completion (
        year smallint NOT NULL,
        unitid integer NOT NULL,
        cip_code char(7) NOT NULL,
        majornum smallint NOT NULL CHECK (majornum IN (1, 2)),
        award_level smallint NOT NULL,
        total integer NOT NULL CHECK (total >= 0),
        men integer,
        women integer,
        PRIMARY KEY (year, unitid, cip_code, majornum, award_level)
      );
      CREATE INDEX ipeds_completion_cip_idx ON ipeds_completion (cip_code, year);
      CREATE TABLE oews_estimate (
        vintage smallint NOT NULL,
        area_type smallint NOT NULL,
        area text NOT NULL,
        soc_code text NOT NULL,
        title text NOT NULL,
        employment integer,
        annual_mean numeric,
        annual_p10 numeric,
        annual_p25 numeric,
        annual_median numeric,
        annual_p75 numeric,
        annual_p90 numeric,
        hourly_median numeric,
        -- wage columns published as '#' (top-coded), comma-separated
        top_coded text NOT NULL DEFAULT '',
        PRIMARY KEY (vintage, area_type, area, soc_code)
      );
      CREATE TABLE ep_projection (
        vintage text NOT NULL,
        area text NOT NULL,
        soc_code text NOT NULL,
        title text NOT NULL,
        base_year smallint NOT NULL,
        proj_year smallint NOT NULL,
        employment_base double precision NOT NULL,
        employment_projected double precision,
        change double precision,
        openings double precision NOT NULL,
        exits double precision,
        transfers double precision,
        education text,
        PRIMARY KEY (vintage, area, soc_code)
      );

      -- Analytics rollups (declared in the analytics catalogue) ---------------------------------
      -- keyed by month and state ('US' national rows, '--' unknown); refreshRollups() fills them
      CREATE TABLE rollup_state (
        name text PRIMARY KEY,
        refreshed_at timestamptz NOT NULL,
        since date
      );

      CREATE TABLE rollup_posting (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        degree_level smallint NOT NULL,
        in_lieu boolean NOT NULL,
        unique_n integer NOT NULL,
        total_n integer NOT NULL,
        ended_n integer NOT NULL
      );
      CREATE INDEX rollup_posting_idx ON rollup_posting(state_fips, month);

      CREATE TABLE rollup_posting_sector (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        unique_n integer NOT NULL,
        total_n integer NOT NULL,
        ended_n integer NOT NULL
      );
      CREATE INDEX rollup_posting_sector_idx ON rollup_posting_sector(state_fips, month);

      CREATE TABLE rollup_posting_soc (
        month date NOT NULL,
        state_fips text NOT NULL,
        soc_code text NOT NULL,
        unique_n integer NOT NULL
      );
      CREATE INDEX rollup_posting_soc_idx ON rollup_posting_soc(state_fips, month);

      CREATE TABLE rollup_posting_credential (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        naics2 text NOT NULL,
        level smallint NOT NULL,
        in_target boolean NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_posting_credential_idx ON rollup_posting_credential(state_fips, month);
      CREATE INDEX rollup_posting_credential_credential_idx ON rollup_posting_credential(state_fips, credential_id, month);
      CREATE INDEX rollup_posting_credential_sector_idx ON rollup_posting_credential(state_fips, naics2, month);

      CREATE TABLE rollup_credential_naming (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        level smallint NOT NULL,
        in_target boolean NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_credential_naming_idx ON rollup_credential_naming(state_fips, month);

      CREATE TABLE rollup_posting_skill (
        month date NOT NULL,
        state_fips text NOT NULL,
        skill_id text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_posting_skill_idx ON rollup_posting_skill(state_fips, month);

      CREATE TABLE rollup_posting_hist (
        month date NOT NULL,
        state_fips text NOT NULL,
        kind text NOT NULL,
        value integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_posting_hist_idx ON rollup_posting_hist(kind, state_fips, month);

      CREATE TABLE rollup_posting_hist_sector (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        kind text NOT NULL,
        value integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_posting_hist_sector_idx ON rollup_posting_hist_sector(state_fips, naics2, kind, month);

      CREATE TABLE rollup_credential_market (
        month date NOT NULL,
        state_fips text NOT NULL,
        naics2 text NOT NULL,
        credential_id integer NOT NULL,
        target_n integer NOT NULL
      );
      CREATE INDEX rollup_credential_market_idx ON rollup_credential_market(state_fips, naics2, month);

      CREATE TABLE rollup_saturation_skill (
        month date NOT NULL,
        state_fips text NOT NULL,
        skill_id text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_saturation_skill_idx ON rollup_saturation_skill(state_fips, month);

      CREATE TABLE rollup_saturation_named (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_saturation_named_idx ON rollup_saturation_named(state_fips, credential_id, month);

      CREATE TABLE rollup_award (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        program_cip text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_award_idx ON rollup_award(state_fips, month);

      CREATE TABLE rollup_award_cip (
        month date NOT NULL,
        state_fips text NOT NULL,
        program_cip text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_award_cip_idx ON rollup_award_cip(state_fips, month);

      CREATE TABLE rollup_award_credential (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_award_credential_idx ON rollup_award_credential(state_fips, month);

      CREATE TABLE rollup_equity (
        month date NOT NULL,
        state_fips text NOT NULL,
        dimension text NOT NULL,
        grp text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_equity_idx ON rollup_equity(state_fips, month);

      CREATE TABLE rollup_equity_credential (
        month date NOT NULL,
        credential_id integer NOT NULL,
        dimension text NOT NULL,
        grp text NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_equity_credential_idx ON rollup_equity_credential(credential_id, month);

      CREATE TABLE rollup_outcome (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        q smallint NOT NULL,
        earners integer NOT NULL,
        with_data integer NOT NULL,
        employed integer NOT NULL,
        wage_n integer NOT NULL,
        change_n integer NOT NULL
      );
      CREATE INDEX rollup_outcome_idx ON rollup_outcome(state_fips, month);
      CREATE INDEX rollup_outcome_credential_idx ON rollup_outcome(credential_id, state_fips, month);

      CREATE TABLE rollup_outcome_hist (
        month date NOT NULL,
        state_fips text NOT NULL,
        credential_id integer NOT NULL,
        q smallint NOT NULL,
        kind smallint NOT NULL,
        bin integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_outcome_hist_idx ON rollup_outcome_hist(state_fips, month);
      CREATE INDEX rollup_outcome_hist_credential_idx ON rollup_outcome_hist(credential_id, state_fips, month);

      CREATE TABLE rollup_pathway (
        month date NOT NULL,
        state_fips text NOT NULL,
        from_id integer NOT NULL,
        to_id integer NOT NULL,
        months integer NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX rollup_pathway_idx ON rollup_pathway(state_fips, month);
      CREATE INDEX rollup_pathway_from_idx ON rollup_pathway(from_id, state_fips, month);

      -- first-major IPEDS completions by year, area ('US', state FIPS, '--') and CIP x award level,
      -- rebuilt for the year by each completions or HD load
      CREATE TABLE rollup_ipeds_completion (
        year smallint NOT NULL,
        area text NOT NULL,
        cip_code char(7) NOT NULL,
        award_level smallint NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (year, area, cip_code, award_level)
      );
      -- each region's rows one index range, read without the heap (program demand on public data)
      ${IPEDS_COMPLETION_AREA_INDEX};
`;

export class Baseline1765000700000 implements MigrationInterface {
  name = 'Baseline1765000700000';

  async up(q: QueryRunner): Promise<void> {
    const table = q.connection.options.migrationsTableName ?? 'migrations';
    const done: { name: string }[] = await q.query(`SELECT name FROM "${table}" WHERE name = ANY($1)`, [PRE_RELEASE_MIGRATIONS]);
    if (done.length === PRE_RELEASE_MIGRATIONS.length) {
      // A database at the last pre-release migration: it has this schema but for the two changes the
      // squash made. The end of a posting is never before its start (the index the refresh reads),
      // and the sector histogram holds national rows only (its state rows outnumbered the postings).
      await q.query(`DELETE FROM "${table}" WHERE name = ANY($1)`, [PRE_RELEASE_MIGRATIONS]);
      await q.query(`DROP INDEX posting_end_idx`);
      await q.query(`CREATE INDEX posting_end_idx ON job_posting ((GREATEST(COALESCE(expires_date, last_seen_date, posted_date), posted_date))) WHERE NOT is_duplicate`);
      await q.query(`DELETE FROM rollup_posting_hist_sector WHERE state_fips <> 'US'`);
      return;
    }
    if (done.length > 0) {
      const missing = PRE_RELEASE_MIGRATIONS.filter((m) => !done.some((d) => d.name === m));
      throw new Error(
        `This database stopped between pre-release migrations (it lacks ${missing.join(', ')}): migrate it with the pre-release version first (up to PublicDataRollup1765000610000), then with this one.`,
      );
    }
    await q.query(SCHEMA);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA public CASCADE');
    await q.query('CREATE SCHEMA public');
    // TypeORM deletes this migration's row from its table afterwards: keep the table
    const table = q.connection.options.migrationsTableName ?? 'migrations';
    await q.query(`CREATE TABLE "${table}" (id serial PRIMARY KEY, timestamp bigint NOT NULL, name varchar NOT NULL)`);
  }
}
