import type { MigrationInterface, QueryRunner } from 'typeorm';

// Program demand on public data for the nation and the states, precomputed after each public-data
// load (issue 14's speed round): what the context of an area took a dozen reads and the allocation of
// openings over the whole crosswalk per question (0.9-3.5 s p95 under load) is one indexed read.
// - rollup_public_demand_area: one row per area ('US', state FIPS) with the data version it was
//   built from (public-data loads and taxonomy loads); a stale row is never read.
// - rollup_public_demand_soc: each crosswalk occupation's employment, median wage, openings rate,
//   entry education, award tier and annual openings in the area.
// - rollup_public_demand_program: openings allocated to each program (CIP) per award tier.
export class PublicDemandAreas1767000400000 implements MigrationInterface {
  name = 'PublicDemandAreas1767000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_public_demand_area (
        area text PRIMARY KEY,
        version text NOT NULL,
        years smallint[] NOT NULL,
        oews jsonb,
        projections jsonb,
        has_openings boolean NOT NULL,
        basis jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE rollup_public_demand_soc (
        area text NOT NULL,
        soc_code text NOT NULL,
        in_oews boolean NOT NULL,
        employment double precision,
        wage double precision,
        rate double precision,
        education text,
        tier text,
        tier_source text,
        openings double precision,
        PRIMARY KEY (area, soc_code)
      )`);
    await q.query(`
      CREATE TABLE rollup_public_demand_program (
        area text NOT NULL,
        cip_code text NOT NULL,
        tier text NOT NULL,
        openings double precision NOT NULL,
        PRIMARY KEY (area, cip_code, tier)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rollup_public_demand_program, rollup_public_demand_soc, rollup_public_demand_area');
  }
}
