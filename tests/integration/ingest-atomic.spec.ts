import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestFormat } from '@credpulse/ingest';
import { ingestFile, type IngestDeps } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { mentionOrphans, NO_ORPHANS } from '../../apps/api/src/modules/ingest/ingest.repository.js';
import { openTestDataSource, testHandle, truncateFacts } from './support/test-db.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
let ds: DataSource;
let deps: IngestDeps;

const load = (format: IngestFormat, file: string, text: string, extra: { allOrNothing?: boolean; dryRun?: boolean; includeRecords?: boolean } = {}) =>
  ingestFile(deps, { format, file, source: Readable.from([Buffer.from(text)]), ...extra });
const count = async (sql: string, params: unknown[] = []) => Number((await ds.query(sql, params))[0].n);

const POSTINGS = [
  'id,employer,title,county_fips,soc_code,posted_date,description',
  'p1,Acme Health,Registered Nurse,53033,29-1141,2025-03-01,"Requirements: patient care; must have a CPR certification. Bachelor\'s degree required."',
  'p2,Acme Health,Registered Nurse,53033,29-1141,2025-03-20,"Repost of the same job. Patient care required."',
  'p3,Beta Corp,Data Analyst,06075,15-2051,2025-04-02,"SQL and Python required; Tableau a plus."',
  'p4,Gamma LLC,Welder,99999,51-4121,2025-04-03,"Welding."',
].join('\n');

beforeAll(async () => {
  ds = await openTestDataSource();
  await truncateFacts(ds);
  deps = { ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {} };
});
afterAll(async () => {
  await ds?.destroy();
});

describe('ingest: postings CSV, atomic and idempotent', () => {
  it('loads the valid rows, rejects the unknown county with its line and reason, extracts mentions, marks the repost', async () => {
    const r = await load('postings-csv', 'postings.csv', POSTINGS);
    expect(r).toMatchObject({ status: 'partial', accepted: 3, rejected: 1, duplicates: 0 });
    expect(r.errors).toEqual([{ file: 'postings.csv', line: 5, field: 'county_fips', reason: 'unknown county FIPS code 99999: not in the loaded taxonomy' }]);
    expect(await count(`SELECT count(*) AS n FROM job_posting`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM ingest_reject WHERE run_id = $1 AND field = 'county_fips' AND line = 5`, [r.runId])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM posting_skill`)).toBeGreaterThan(0);
    // p2 is the same employer + title + county 19 days after p1: a duplicate
    const dup = await ds.query(`SELECT source_key, is_duplicate FROM job_posting ORDER BY source_key`);
    expect(dup).toEqual([
      { source_key: 'p1', is_duplicate: false },
      { source_key: 'p2', is_duplicate: true },
      { source_key: 'p3', is_duplicate: false },
    ]);
    const [deg] = await ds.query(`SELECT degree_level FROM job_posting WHERE source_key = 'p1'`);
    expect(deg.degree_level).toBe(3);
    expect(await mentionOrphans(ds)).toEqual(NO_ORPHANS);
  });

  it('loading the same file again changes nothing and counts the duplicates', async () => {
    const before = await ds.query(`SELECT id, source_key FROM job_posting ORDER BY id`);
    const r = await load('postings-csv', 'postings.csv', POSTINGS);
    expect(r).toMatchObject({ accepted: 0, duplicates: 3, rejected: 1 });
    expect(await ds.query(`SELECT id, source_key FROM job_posting ORDER BY id`)).toEqual(before);
  });

  it('the mention tables keep their integrity without per-row foreign keys: a deleted posting takes its mentions, a named skill or credential cannot be deleted', async () => {
    const [{ id, skills }] = await ds.query(`SELECT p.id, (SELECT count(*) FROM posting_skill WHERE posting_id = p.id)::int AS skills FROM job_posting p WHERE source_key = 'p1'`);
    expect(skills).toBeGreaterThan(0);
    const none = NO_ORPHANS;
    // inside a transaction that is rolled back: the later cases still see p1
    const qr = ds.createQueryRunner();
    await qr.startTransaction();
    try {
      const [{ skill_id }] = await qr.query(`SELECT skill_id FROM posting_skill WHERE posting_id = $1 LIMIT 1`, [id]);
      const [{ cid }] = await qr.query(`SELECT min(id) AS cid FROM credential`);
      await qr.query(`INSERT INTO posting_credential (posting_id, credential_id, level) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING`, [id, cid]);
      await qr.query('SAVEPOINT s');
      await expect(qr.query(`DELETE FROM skill WHERE id = $1`, [skill_id])).rejects.toThrow(/still named by postings/);
      await qr.query('ROLLBACK TO SAVEPOINT s');
      await expect(qr.query(`DELETE FROM credential WHERE id = $1`, [cid])).rejects.toThrow(/still named by postings/);
      await qr.query('ROLLBACK TO SAVEPOINT s');
      expect(await mentionOrphans(qr)).toEqual(none);
      await qr.query(`DELETE FROM job_posting WHERE id = $1`, [id]);
      expect(await qr.query(`SELECT (SELECT count(*) FROM posting_skill WHERE posting_id = $1)::int + (SELECT count(*) FROM posting_credential WHERE posting_id = $1)::int AS n`, [id])).toEqual([{ n: 0 }]);
      expect(await mentionOrphans(qr)).toEqual(none);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });

  it('job_posting keeps its integrity without per-row foreign keys: a named county or state cannot be deleted, a deleted run clears its postings', async () => {
    const [{ id, county, run }] = await ds.query(`SELECT id, county_fips AS county, ingest_run_id AS run FROM job_posting WHERE county_fips IS NOT NULL AND ingest_run_id IS NOT NULL LIMIT 1`);
    const qr = ds.createQueryRunner();
    await qr.startTransaction();
    try {
      await qr.query('SAVEPOINT s');
      await expect(qr.query(`DELETE FROM county WHERE fips = $1`, [county])).rejects.toThrow(/still named by postings/);
      await qr.query('ROLLBACK TO SAVEPOINT s');
      // a state of its own (a real one is also held by its counties' foreign key)
      await qr.query(`INSERT INTO state (fips, usps, name) VALUES ('98', 'Q9', 'Test state')`);
      await qr.query(`UPDATE job_posting SET state_fips = '98' WHERE id = $1`, [id]);
      await expect(qr.query(`DELETE FROM state WHERE fips = '98'`)).rejects.toThrow(/still named by postings/);
      await qr.query('ROLLBACK TO SAVEPOINT s');
      await qr.query(`DELETE FROM ingest_reject WHERE run_id = $1`, [run]);
      await qr.query(`DELETE FROM ingest_run WHERE id = $1`, [run]);
      expect(await qr.query(`SELECT ingest_run_id AS run FROM job_posting WHERE id = $1`, [id])).toEqual([{ run: null }]);
      expect(await mentionOrphans(qr)).toEqual(NO_ORPHANS);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });

  it('--all-or-nothing loads nothing from a file with a bad row, and records the refused run', async () => {
    const text = 'id,title,posted_date,state\nq1,Cook,2025-01-01,WA\nq2,Baker,not-a-date,WA\n';
    const r = await load('postings-csv', 'aon.csv', text, { allOrNothing: true });
    expect(r).toMatchObject({ status: 'failed', accepted: 0, rejected: 1 });
    expect(r.detail).toMatch(/all-or-nothing/);
    expect(await count(`SELECT count(*) AS n FROM job_posting WHERE source_key LIKE 'q%'`)).toBe(0);
    expect(await ds.query(`SELECT status, rejected FROM ingest_run WHERE id = $1`, [r.runId])).toEqual([{ status: 'failed', rejected: 1 }]);
  });

  it('--dry-run validates and returns the normalized records without writing anything', async () => {
    const runs = await count('SELECT count(*) AS n FROM ingest_run');
    const r = await load('postings-csv', 'dry.csv', 'id,title,posted_date\nd1,Cook,2025-01-01\n', { dryRun: true, includeRecords: true });
    expect(r).toMatchObject({ status: 'dry-run', accepted: 1, runId: null });
    expect(r.records).toEqual([expect.objectContaining({ kind: 'posting', sourceKey: 'd1', title: 'Cook' })]);
    expect(await count(`SELECT count(*) AS n FROM job_posting WHERE source_key = 'd1'`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM ingest_run')).toBe(runs);
  });

  it('a file that cannot be read at all is a fatal, named error and loads nothing', async () => {
    const r = await load('postings-csv', 'nohdr.csv', 'name,when\nx,2025-01-01\n');
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/nohdr\.csv:1: header: no column for required fields "title", "posted_date"/);
  });
});

describe('ingest: credential formats', () => {
  const sample = (p: string) => readFileSync(join(SAMPLES, p), 'utf8');

  it('Open Badges: valid samples become awards with hashed learners and proof status; the bad issuer is rejected', async () => {
    const a = await load('obv3', 'simple.json', sample('openbadges_v3/simple.json'));
    const b = await load('obv3', 'simple.jwt', sample('openbadges_v3/simple.jwt'));
    const c = await load('obv3', 'simple-err-issuer.json', sample('openbadges_v3/simple-err-issuer.json'));
    expect([a.accepted, b.accepted, c.accepted, c.rejected]).toEqual([1, 1, 0, 1]);
    expect(c.errors[0]).toMatchObject({ pointer: '/issuer', field: 'issuer' });
    const awards = await ds.query(`SELECT learner_key, proof_status FROM credential_award ORDER BY id`);
    expect(awards.map((x: { proof_status: string }) => x.proof_status)).toEqual(['unverifiable', 'unverifiable']);
    expect(JSON.stringify(awards)).not.toContain('did:example');
    // the same learner in both credentials gets the same key
    expect(awards[0].learner_key).toBe(awards[1].learner_key);
  });

  it('CLR: the nested credential is an award and isParentOf becomes a stacking relation', async () => {
    const r = await load('clr', 'clr.json', sample('clr_v2/simple.json'));
    expect(r.rejected).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM credential_stack s JOIN credential p ON p.id = s.part_id JOIN credential w ON w.id = s.whole_id
                   WHERE p.name = 'Achievement 2' AND w.name = 'Achievement 1'`),
    ).toBe(1);
  });

  it('CTDL: both registry samples load; outcome data is kept as published', async () => {
    const r1 = await load('ctdl', 'wgu.json', sample('ctdl/wgu_aws-cloud-devops_openbadge.registry.json'));
    const r2 = await load('ctdl', 'outcomes.json', sample('ctdl/Credential_WithOutcomeData_Credential_API_output.json'));
    expect([r1.accepted, r2.accepted]).toEqual([1, 1]);
    const [p] = await ds.query(`SELECT employment_rate::float AS e, median_earnings::float AS m, jobs_obtained AS j, data FROM credential_outcome_profile`);
    expect(p).toMatchObject({ e: 45.4, m: 52000, j: 188 });
    expect(JSON.stringify(p.data)).toContain('qdata:earningsDistribution');
  });

  it('JobPosting: the three schema.org examples load', async () => {
    let accepted = 0;
    for (const f of ['eg-0028.jsonld', 'eg-0251.jsonld', 'eg-0465.jsonld']) accepted += (await load('jobposting', f, sample(`schemaorg_jobposting/${f}`))).accepted;
    expect(accepted).toBe(3);
    expect(await ds.query(`SELECT degree_level, in_lieu FROM job_posting WHERE title = 'Software Engineer' AND in_lieu`)).toEqual([{ degree_level: 3, in_lieu: true }]);
  });
});
