import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestDeps, type IngestStats } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { openTestDataSource, testHandle, truncateFacts } from './support/test-db.js';

// The overlapped posting path: several batches in flight, extraction on the worker pool (PostgreSQL)
// or on the main thread, COPY text built from the records. Both must store the same thing.

let ds: DataSource;
const embedded = testHandle().mode === 'embedded';
const N = 2300; // three batches of up to 1,000

const LINES = [
  'Requirements: SQL and Python; must have CompTIA Security+.',
  'Preferred: Microsoft Excel, PMP a plus. Bachelor\'s degree or equivalent experience.',
  'Patient care required.\tCPR certification required; a CNA in lieu of a degree.',
  'Welding and troubleshooting a plus. Back\\slash and "quotes" kept as written.',
];

function csv(prefix: string): string {
  const rows = ['id,employer,title,county_fips,posted_date,description'];
  for (let i = 0; i < N; i++) {
    const desc = `${LINES[i % 4]} ${LINES[(i * 7) % 4]}`.replace(/"/g, '""');
    // every 50th posting repeats employer + title + county 10 days later: a repost
    const emp = `Employer ${prefix}${i % 50 === 1 ? i - 1 : i}`;
    const day = 1 + (i % 50 === 1 ? 10 : 0);
    rows.push(`${prefix}${i},${emp},${i % 50 === 1 ? `Title ${i - 1}` : `Title ${i}`},53033,2025-03-${String(day).padStart(2, '0')},"${desc}"`);
  }
  return rows.join('\n') + '\n';
}

async function load(prefix: string, extractionPool: IngestDeps['extractionPool'], postingBatch: IngestDeps['postingBatch'] = { rows: 1000 }, bulk: IngestDeps['bulk'] = 'auto'): Promise<{ stats: IngestStats; accepted: number; duplicates: number }> {
  let stats: IngestStats | undefined;
  const deps: IngestDeps = { ds, embedded, secret: 'integration-secret-0123456789', extractorCache: {}, extractionPool, postingBatch, bulk, onStats: (s) => void (stats = s) };
  const r = await ingestFile(deps, { format: 'postings-csv', file: `${prefix}.csv`, source: Readable.from([Buffer.from(csv(prefix))]) });
  expect(r).toMatchObject({ status: 'succeeded', rejected: 0 });
  return { stats: stats!, accepted: r.accepted, duplicates: r.duplicates };
}

/** Everything stored for a file, with the prefix taken off the keys so two loads compare. */
async function stored(prefix: string) {
  const strip = (k: string) => k.slice(prefix.length);
  const postings = (await ds.query(
    `SELECT source_key, description, degree_level, in_lieu, is_duplicate FROM job_posting WHERE source_key LIKE $1 || '%' ORDER BY source_key`,
    [prefix],
  )) as { source_key: string }[];
  const skills = (await ds.query(
    `SELECT p.source_key, ps.skill_id, ps.level FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id WHERE p.source_key LIKE $1 || '%' ORDER BY 1, 2`,
    [prefix],
  )) as { source_key: string }[];
  const creds = (await ds.query(
    `SELECT p.source_key, pc.credential_id, pc.level FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id WHERE p.source_key LIKE $1 || '%' ORDER BY 1, 2`,
    [prefix],
  )) as { source_key: string }[];
  const fix = <T extends { source_key: string }>(rows: T[]) => rows.map((r) => ({ ...r, source_key: strip(r.source_key) }));
  return { postings: fix(postings), skills: fix(skills), creds: fix(creds) };
}

beforeAll(async () => {
  ds = await openTestDataSource();
  await truncateFacts(ds);
}, 60_000);
afterAll(async () => {
  await ds?.destroy();
});

describe('ingest pipeline: batches in flight, extraction on workers or the main thread', () => {
  it('stores the same postings, mentions, levels, escapes and repost flags either way', async () => {
    const main = await load('m', { disabled: true });
    expect(main.stats).toMatchObject({ postings: N, batches: 3, poolThreads: 0 });
    // batches also close on bytes: ~100-byte descriptions + 300 bytes of fields, 40 kB -> ~100 postings a batch
    const pooled = await load('w', { after: 0, threads: 2 }, { bytes: 40_000 });
    expect(pooled.stats.batches).toBeGreaterThanOrEqual(20);
    // the embedded database too: the pool extracts a batch while PGlite writes the one before it
    expect(pooled.stats.poolThreads).toBe(2);
    expect(pooled.accepted).toBe(N);
    const a = await stored('m');
    const b = await stored('w');
    expect(a.postings).toHaveLength(N);
    expect(a.skills.length).toBeGreaterThan(N);
    expect(a.creds.length).toBeGreaterThan(N / 2);
    expect(b).toEqual(a);
    // tab and backslash came through COPY as written; reposts marked
    expect(a.postings.filter((p) => (p as unknown as { description: string }).description.includes('required.\tCPR'))).toHaveLength(N / 4 + (N % 4 > 2 ? 1 : 0));
    const third = a.postings.find((p) => p.source_key === '3') as unknown as { description: string };
    expect(third.description).toContain('Back\\slash and "quotes"');
    expect(a.postings.filter((p) => (p as unknown as { is_duplicate: boolean }).is_duplicate)).toHaveLength(Math.ceil((N - 1) / 50));
  }, 180_000);

  it('a second load of the same file through the workers adds nothing and counts every row a duplicate', async () => {
    const again = await load('w', { after: 0, threads: 2 });
    expect(again).toMatchObject({ accepted: 0, duplicates: N });
    expect(Number((await ds.query(`SELECT count(*) AS n FROM job_posting WHERE source_key LIKE 'w%'`))[0].n)).toBe(N);
  }, 180_000);

  it('bulk mode (forced on a small file) stores the same, rebuilds every index it dropped, and a refused file leaves the indexes as they were', async () => {
    const indexes = async () => ds.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename IN ('job_posting', 'posting_skill', 'posting_credential') ORDER BY 1, 2`);
    const before = await indexes();
    expect(before.length).toBeGreaterThan(6);
    const bulk = await load('b', { disabled: true }, { rows: 1000 }, true);
    expect(bulk.stats).toMatchObject({ postings: N, bulk: true });
    expect(await indexes()).toEqual(before);
    expect(await stored('b')).toEqual(await stored('m'));
    const refused = await ingestFile(
      { ds, embedded, secret: 'integration-secret-0123456789', extractorCache: {}, bulk: true },
      { format: 'postings-csv', file: 'refused.csv', allOrNothing: true, source: Readable.from([Buffer.from(csv('r') + 'r-bad,E,T,99999,2025-03-01,"x"\n')]) },
    );
    expect(refused).toMatchObject({ status: 'failed', accepted: 0 });
    expect(await indexes()).toEqual(before);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM job_posting WHERE source_key LIKE 'r%'`))[0].n)).toBe(0);
  }, 180_000);
});
