import type { MigrationInterface, QueryRunner } from 'typeorm';

// The first rollup shapes were nearly as fine as the raw rows (the product of their dimensions
// reached millions of cells: measured 372k rollup rows for 200k postings). Drop the dimensions that
// multiplied them; filters on those go to the raw tables. Existing rows are re-aggregated (summing
// over a dropped dimension is exact), so no refresh is needed after migrating.
const SLIM: { table: string; keep: string[]; sums: string[]; drop: string[] }[] = [
  { table: 'rollup_posting', keep: ['month', 'state_fips', 'naics2', 'degree_level', 'in_lieu'], sums: ['unique_n', 'total_n', 'ended_n'], drop: ['soc_major'] },
  { table: 'rollup_posting_soc', keep: ['month', 'state_fips', 'soc_code'], sums: ['unique_n'], drop: ['naics2'] },
  { table: 'rollup_posting_skill', keep: ['month', 'state_fips', 'skill_id'], sums: ['n'], drop: ['naics2', 'level'] },
  { table: 'rollup_posting_hist', keep: ['month', 'state_fips', 'kind', 'value'], sums: ['n'], drop: ['naics2'] },
];

export class SlimRollups1764130360000 implements MigrationInterface {
  name = 'SlimRollups1764130360000';

  async up(q: QueryRunner): Promise<void> {
    for (const s of SLIM) {
      const keep = s.keep.join(', ');
      await q.query(`CREATE TEMP TABLE slim_tmp AS SELECT ${keep}, ${s.sums.map((c) => `sum(${c})::int AS ${c}`).join(', ')} FROM ${s.table} GROUP BY ${keep}`);
      await q.query(`TRUNCATE ${s.table}`);
      for (const c of s.drop) await q.query(`ALTER TABLE ${s.table} DROP COLUMN ${c}`);
      await q.query(`INSERT INTO ${s.table} (${keep}, ${s.sums.join(', ')}) SELECT ${keep}, ${s.sums.join(', ')} FROM slim_tmp`);
      await q.query('DROP TABLE slim_tmp');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The dropped dimensions cannot be recovered from the sums: restore the columns empty-valued
    // ('--' / 0) and ask for a full refresh (refreshRollups) after reverting.
    await q.query(`ALTER TABLE rollup_posting ADD COLUMN soc_major text NOT NULL DEFAULT '--'`);
    await q.query(`ALTER TABLE rollup_posting_soc ADD COLUMN naics2 text NOT NULL DEFAULT '--'`);
    await q.query(`ALTER TABLE rollup_posting_skill ADD COLUMN naics2 text NOT NULL DEFAULT '--', ADD COLUMN level smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE rollup_posting_hist ADD COLUMN naics2 text NOT NULL DEFAULT '--'`);
    await q.query(`TRUNCATE rollup_posting, rollup_posting_soc, rollup_posting_skill, rollup_posting_hist, rollup_posting_credential, rollup_award`);
  }
}
