import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IPEDS_COMPLETION_AREA_INDEX } from './1765000700000-Baseline.js';

// Program demand on public data read the whole completions rollup for every region (the primary key
// starts with the year, so `area = $1` was a sequential scan of ~250k rows: 200-600 ms per question
// at 300k C_A rows) and the institutions of a program card through a per-institution probe of every
// CIP of the year. Each region's rows are now one index range, read without the heap (covering
// index); a program card reads its CIP's first majors of the year from a partial covering index.
// (Issue 15: the area index is now part of the baseline's schema, whose text this runs, so that the
// rollup's name stands in one migration; IF NOT EXISTS leaves a database the baseline built as it is,
// and down() leaves the index to the baseline. up() leaves every database as it did before.)
export class PublicDemandIndexes1766000300000 implements MigrationInterface {
  name = 'PublicDemandIndexes1766000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(IPEDS_COMPLETION_AREA_INDEX);
    await q.query(`CREATE INDEX ipeds_completion_first_major_cip_idx ON ipeds_completion (year, cip_code bpchar_pattern_ops) INCLUDE (unitid, award_level, total) WHERE majornum = 1`);
    await q.query(`CREATE INDEX ipeds_institution_unitid_idx ON ipeds_institution (unitid, vintage DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ipeds_institution_unitid_idx, ipeds_completion_first_major_cip_idx');
  }
}
