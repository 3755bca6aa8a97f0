import type { MigrationInterface, QueryRunner } from 'typeorm';

// Public data for program demand (issue 14): IPEDS institutions and completions, OEWS estimates by
// area, BLS employment projections. Each table is keyed by its vintage so a reload replaces exactly
// one vintage and the others (and the metrics built on them) stay as they were.
export class PublicData1765000600000 implements MigrationInterface {
  name = 'PublicData1765000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
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
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ep_projection, oews_estimate, ipeds_completion, ipeds_institution, public_data_load');
  }
}
