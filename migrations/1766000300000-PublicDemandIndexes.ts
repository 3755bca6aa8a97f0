import type { MigrationInterface, QueryRunner } from 'typeorm';

// Program demand on public data read the whole completions rollup for every region (the primary key
// starts with the year, so `area = $1` was a sequential scan of ~250k rows: 200-600 ms per question
// at 300k C_A rows) and the institutions of a program card through a per-institution probe of every
// CIP of the year. Each region's rows are now one index range, read without the heap (covering
// index); a program card reads its CIP's first majors of the year from a partial covering index.
export class PublicDemandIndexes1766000300000 implements MigrationInterface {
  name = 'PublicDemandIndexes1766000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX rollup_ipeds_completion_area_idx ON rollup_ipeds_completion (area, year, cip_code, award_level) INCLUDE (n)`);
    await q.query(`CREATE INDEX ipeds_completion_first_major_cip_idx ON ipeds_completion (year, cip_code bpchar_pattern_ops) INCLUDE (unitid, award_level, total) WHERE majornum = 1`);
    await q.query(`CREATE INDEX ipeds_institution_unitid_idx ON ipeds_institution (unitid, vintage DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ipeds_institution_unitid_idx, ipeds_completion_first_major_cip_idx, rollup_ipeds_completion_area_idx');
  }
}
