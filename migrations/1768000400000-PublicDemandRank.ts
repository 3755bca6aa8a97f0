import type { MigrationInterface, QueryRunner } from 'typeorm';

// "Programs with the largest gaps" of the nation and each state, precomputed with the areas
// (issue 14's third speed round): rank=gap read the whole area (its completion cells, occupations and
// programs) and computed every program's public figures, their disclosure and a sort per question
// (p95 301 ms on a quiet machine at 300k C_A rows); it now reads the first rows of an ordered index.
// - rollup_public_demand_rank_area: per area and disclosure threshold k, the data version it was
//   built from, the suppressed cells of the public columns over every program, the programs that are
//   no candidates on public data alone, and those whose disclosure would differ if postings made them
//   candidates (an answer naming one of those computes live).
// - rollup_public_demand_rank: each program's public block (completions, trend, openings, wage, gap,
//   label: exactly what the live computation gives) and its gap, the sort key (nulls last).
export class PublicDemandRank1768000400000 implements MigrationInterface {
  name = 'PublicDemandRank1768000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_public_demand_rank_area (
        area text NOT NULL,
        k smallint NOT NULL,
        version text NOT NULL,
        suppressed integer NOT NULL,
        not_candidates text[] NOT NULL,
        live_only text[] NOT NULL,
        PRIMARY KEY (area, k)
      )`);
    await q.query(`
      CREATE TABLE rollup_public_demand_rank (
        area text NOT NULL,
        k smallint NOT NULL,
        cip_code text NOT NULL,
        gap double precision,
        block json NOT NULL,
        PRIMARY KEY (area, k, cip_code)
      )`);
    await q.query('CREATE INDEX rollup_public_demand_rank_gap_idx ON rollup_public_demand_rank (area, k, gap DESC NULLS LAST, cip_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rollup_public_demand_rank, rollup_public_demand_rank_area');
  }
}
