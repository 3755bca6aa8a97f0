import { createCachedExtractor, type Extractor } from '@credpulse/ingest';
import { MENTION_LEVEL_CODE } from '@credpulse/contracts';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { refreshRollups } from '../analytics/catalogue/refresh.js';
import { touchDataAsOf } from '../../core/meta.service.js';
import { writeCandidates } from '../ingest/posting-candidates.js';
import { loadPipelineDictionary } from '../ingest/ingest.pipeline.js';
import { DICTIONARY_FINGERPRINT_SQL } from '../taxonomy/credential-dictionary.js';

// Re-extraction: when the catalog, an alias or the skill taxonomies change, every stored posting is
// extracted again with today's dictionary and its skill, credential and candidate rows replaced, so
// history reflects the catalog of today. A job walks postings in id order in batches; each batch is
// one transaction that also advances the job's cursor (last_posting_id), so a job stopped anywhere
// resumes where it stopped, and running a batch twice gives the same rows (idempotent). If the
// dictionary changes while a job runs, the job starts over on the new one. One runner at a time
// (a PostgreSQL advisory lock). When it ends, the rollups of postings are refreshed from the
// earliest month whose rows changed.

export const REEXTRACT_LOCK = 13_013_013;
const BATCH = 500;

export interface ReextractJob {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  reason: string;
  total: number;
  done: number;
  changed: number;
  lastPostingId: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  finishedAt: string | null;
  /** the dictionary the job extracts with is today's */
  current: boolean;
}

const JOB_COLUMNS = `id, status, reason, total::float8 AS total, done::float8 AS done, changed::float8 AS changed, last_posting_id::float8 AS "lastPostingId", error,
  created_at AS "createdAt", started_at AS "startedAt", updated_at AS "updatedAt", finished_at AS "finishedAt", dictionary_fingerprint AS fp`;

export async function dictionaryFingerprint(ds: Pick<DataSource, 'query'>): Promise<string> {
  const [{ fingerprint }] = await ds.query(DICTIONARY_FINGERPRINT_SQL);
  return fingerprint;
}

/** The latest job (or null), with whether it extracts with today's dictionary. */
export async function latestReextractJob(ds: DataSource): Promise<ReextractJob | null> {
  const [row] = await ds.query(`SELECT ${JOB_COLUMNS} FROM reextract_job ORDER BY id DESC LIMIT 1`);
  if (!row) return null;
  const fp = await dictionaryFingerprint(ds);
  const { fp: jobFp, ...job } = row;
  return { ...job, current: jobFp === fp } as ReextractJob;
}

/**
 * Queues a re-extraction for `reason`. An unfinished job is reused (restarted from the first posting
 * when the dictionary changed since it began); a finished job on today's dictionary means there is
 * nothing to do unless `force`.
 */
export async function enqueueReextract(ds: DataSource, reason: string, opts: { force?: boolean } = {}): Promise<{ id: number; queued: boolean }> {
  const fp = await dictionaryFingerprint(ds);
  const [open] = await ds.query(`SELECT id, dictionary_fingerprint AS fp FROM reextract_job WHERE status IN ('queued', 'running') ORDER BY id DESC LIMIT 1`);
  if (open) {
    if (open.fp === fp) return { id: open.id, queued: true };
    // only while it is still unfinished: a runner may finish it between the SELECT and this UPDATE,
    // and a finished job restarted here would keep status 'done' and never run on the new catalog
    const restarted = await ds.query(
      `WITH u AS (UPDATE reextract_job SET dictionary_fingerprint = $2, last_posting_id = 0, done = 0, changed = 0, reason = left(reason || '; ' || $3, 1000), updated_at = now()
                  WHERE id = $1 AND status IN ('queued', 'running') RETURNING id)
       SELECT id FROM u`,
      [open.id, fp, reason],
    );
    if ((restarted as unknown[]).length > 0) return { id: open.id, queued: true };
  }
  if (!opts.force) {
    const [last] = await ds.query(`SELECT dictionary_fingerprint AS fp FROM reextract_job WHERE status = 'done' ORDER BY id DESC LIMIT 1`);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM job_posting');
    if ((last && last.fp === fp) || n === 0) return { id: 0, queued: false };
  }
  const [{ id }] = await ds.query(`INSERT INTO reextract_job (reason, dictionary_fingerprint, total) VALUES ($1, $2, (SELECT count(*) FROM job_posting)) RETURNING id`, [reason.slice(0, 1000), fp]);
  return { id, queued: true };
}

export interface RunOptions {
  batchSize?: number;
  onProgress?: (job: { id: number; done: number; total: number; changed: number }) => void;
  /** checked between batches: true stops the run (the job stays resumable) */
  shouldStop?: () => boolean;
  /** refresh rollups at the end (default true) */
  refresh?: boolean;
}

/**
 * Runs (or resumes) job `id` to its end. Returns the job's state, or null when another runner holds
 * the lock (it is running the job already).
 */
export async function runReextract(ds: DataSource, id: number, opts: RunOptions = {}): Promise<ReextractJob | null> {
  const batchSize = opts.batchSize ?? BATCH;
  let fp = '';
  let extractor: Extractor | undefined;
  let since: string | null = null;
  let first = true;
  // one connection per batch, so that on the embedded database (one connection) other requests
  // run between batches; a transaction-level advisory lock keeps a second runner out
  for (;;) {
    if (opts.shouldStop?.()) break;
    const qr = ds.createQueryRunner();
    const c = (await qr.connect()) as PoolClient;
    let state: 'more' | 'end' = 'more';
    try {
      await c.query('BEGIN');
      try {
        const [{ locked }] = (await c.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [REEXTRACT_LOCK])).rows;
        if (!locked) {
          await c.query('ROLLBACK');
          return null; // another runner is at it
        }
        if (first) {
          await c.query(`UPDATE reextract_job SET status = 'running', started_at = coalesce(started_at, now()), error = NULL, updated_at = now() WHERE id = $1 AND status IN ('queued', 'running', 'failed')`, [id]);
          first = false;
        }
        const [job] = (await c.query<{ status: string; fp: string; last: string }>(`SELECT status, dictionary_fingerprint AS fp, last_posting_id AS last FROM reextract_job WHERE id = $1 FOR UPDATE`, [id])).rows;
        if (!job || job.status !== 'running') {
          state = 'end';
          await c.query('COMMIT');
          break;
        }
        const today = (await c.query<{ fingerprint: string }>(DICTIONARY_FINGERPRINT_SQL)).rows[0].fingerprint;
        if (today !== job.fp) {
          // the catalog changed under the job: start over on the new dictionary
          await c.query(`UPDATE reextract_job SET dictionary_fingerprint = $2, last_posting_id = 0, done = 0, changed = 0, total = (SELECT count(*) FROM job_posting), updated_at = now() WHERE id = $1`, [id, today]);
          await c.query('COMMIT');
          continue;
        }
        if (fp !== today || !extractor) {
          extractor = createCachedExtractor(await loadPipelineDictionary(c));
          fp = today;
        }
        const { rows } = await c.query<{ id: string; posted: string; description: string | null; qualifications: string | null; skills: string | null; education: string | null }>(
          `SELECT p.id::text AS id, to_char(p.posted_date, 'YYYY-MM-DD') AS posted, p.description, s.qualifications, s.skills, s.education
           FROM job_posting p LEFT JOIN posting_section s ON s.posting_id = p.id WHERE p.id > $1 ORDER BY p.id LIMIT $2`,
          [job.last, batchSize],
        );
        if (rows.length === 0) {
          await c.query(`UPDATE reextract_job SET status = 'done', finished_at = now(), updated_at = now(), total = done WHERE id = $1`, [id]);
          await c.query('COMMIT');
          state = 'end';
        } else {
          const ex = extractor;
          const results = rows.map((r) => ex.extract(r.description ?? '', { sections: { qualifications: r.qualifications ?? undefined, skills: r.skills ?? undefined, education: r.education ?? undefined } }));
          const ids = rows.map((r) => r.id);
          // what changed: credential mentions (id and level) before and after
          const old = (await c.query<{ id: string; k: string }>(
            `SELECT posting_id::text AS id, string_agg(credential_id || ':' || level, ',' ORDER BY credential_id) AS k FROM posting_credential WHERE posting_id = ANY($1::bigint[]) GROUP BY posting_id`,
            [ids],
          )).rows;
          const oldKey = new Map(old.map((o) => [o.id, o.k]));
          let changed = 0;
          rows.forEach((r, i) => {
            const k = [...results[i].credentials].sort((a, b) => Number(a.id) - Number(b.id)).map((m) => `${m.id}:${MENTION_LEVEL_CODE[m.level]}`).join(',');
            if ((oldKey.get(r.id) ?? '') !== k) {
              changed++;
              if (since === null || r.posted < since) since = r.posted;
            }
          });
          for (const t of ['posting_skill', 'posting_credential', 'posting_credential_candidate']) await c.query(`DELETE FROM ${t} WHERE posting_id = ANY($1::bigint[])`, [ids]);
          const sk = rows.flatMap((r, i) => results[i].skills.map((m) => [r.id, String(m.id), MENTION_LEVEL_CODE[m.level]] as const));
          const cr = rows.flatMap((r, i) => results[i].credentials.map((m) => [r.id, Number(m.id), MENTION_LEVEL_CODE[m.level]] as const));
          if (sk.length) await c.query('INSERT INTO posting_skill (posting_id, skill_id, level) SELECT * FROM unnest($1::bigint[], $2::text[], $3::smallint[])', [sk.map((x) => x[0]), sk.map((x) => x[1]), sk.map((x) => x[2])]);
          if (cr.length) await c.query('INSERT INTO posting_credential (posting_id, credential_id, level) SELECT * FROM unnest($1::bigint[], $2::int[], $3::smallint[])', [cr.map((x) => x[0]), cr.map((x) => x[1]), cr.map((x) => x[2])]);
          await writeCandidates(c, rows.map((r, i) => ({ postingId: r.id, candidates: results[i].candidates })));
          await c.query(`UPDATE reextract_job SET last_posting_id = $2, done = done + $3, changed = changed + $4, total = greatest(total, done + $3), updated_at = now() WHERE id = $1`, [id, ids[ids.length - 1], rows.length, changed]);
          const [p] = (await c.query<{ done: number; total: number; changed: number }>(`SELECT done::float8 AS done, total::float8 AS total, changed::float8 AS changed FROM reextract_job WHERE id = $1`, [id])).rows;
          await c.query('COMMIT');
          opts.onProgress?.({ id, ...p });
        }
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        await c.query(`UPDATE reextract_job SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [id, (e as Error).message.slice(0, 2000)]).catch(() => undefined);
        throw e;
      }
    } finally {
      await qr.release();
    }
    if (state === 'end') break;
  }
  const job = await latestJob(ds, id);
  if (job?.status === 'done' && since !== null && opts.refresh !== false) {
    await refreshRollups(ds, { since: `${(since as string).slice(0, 7)}-01`, facts: ['postings'] });
    await touchDataAsOf(ds);
  }
  return job;
}

async function latestJob(ds: DataSource, id: number): Promise<ReextractJob | null> {
  const [row] = await ds.query(`SELECT ${JOB_COLUMNS} FROM reextract_job WHERE id = $1`, [id]);
  if (!row) return null;
  const fp = await dictionaryFingerprint(ds);
  const { fp: jobFp, ...job } = row;
  return { ...job, current: jobFp === fp } as ReextractJob;
}
