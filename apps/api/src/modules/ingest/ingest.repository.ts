import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RecordIssue } from '@credpulse/ingest';

/** Code sets the ingest validates against, read once per file (a few thousand codes each). */
export interface ReferenceCodes {
  county: Set<string>;
  state: Set<string>;
  naics: Set<string>;
  soc: Set<string>;
  cip: Set<string>;
  /** lower-cased skill name / alternate label / id -> skill id */
  skills: Map<string, string>;
}

export async function loadReferenceCodes(c: PoolClient): Promise<ReferenceCodes> {
  const col = async (sql: string) => new Set((await c.query<{ v: string }>(sql)).rows.map((r) => r.v));
  const skills = new Map<string, string>();
  // a skill named by any member of a concept resolves to the concept's representative
  const rows = (await c.query<{ id: string; name: string; alt: string[] }>('SELECT COALESCE(canonical_id, id) AS id, name, alt_labels AS alt FROM skill ORDER BY canonical_id IS NOT NULL, id')).rows;
  const ids: { id: string; canonical: string }[] = (await c.query<{ id: string; canonical: string }>('SELECT id, COALESCE(canonical_id, id) AS canonical FROM skill')).rows;
  for (const r of ids) skills.set(r.id.toLowerCase(), r.canonical);
  for (const r of rows) {
    for (const l of r.alt ?? []) if (!skills.has(l.toLowerCase())) skills.set(l.toLowerCase(), r.id);
  }
  // Names win over alternate labels.
  for (const r of rows) skills.set(r.name.toLowerCase(), r.id);
  return {
    county: await col('SELECT fips::text AS v FROM county'),
    state: await col('SELECT fips::text AS v FROM state'),
    naics: await col('SELECT code AS v FROM naics'),
    soc: await col('SELECT code AS v FROM soc'),
    cip: await col('SELECT code AS v FROM cip'),
    skills,
  };
}

/** The per-install learner salt: CREDPULSE_SECRET when set, else a secret generated once into app_meta. */
export async function learnerSecret(c: PoolClient, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await c.query(`INSERT INTO app_meta(key, value) VALUES ('learner_salt', to_jsonb($1::text)) ON CONFLICT (key) DO NOTHING`, [randomBytes(32).toString('hex')]);
  const { rows } = await c.query<{ v: string }>(`SELECT value #>> '{}' AS v FROM app_meta WHERE key = 'learner_salt'`);
  return rows[0].v;
}

export async function insertRun(c: PoolClient, format: string, file: string, sha: string | null): Promise<number> {
  const { rows } = await c.query<{ id: string }>(`INSERT INTO ingest_run(format, file_name, file_sha256, status) VALUES ($1, $2, $3, 'running') RETURNING id`, [format, file, sha]);
  return Number(rows[0].id);
}

export async function finishRun(c: PoolClient, id: number, status: string, n: { accepted: number; rejected: number; duplicates: number }, warnings: RecordIssue[]): Promise<void> {
  await c.query(`UPDATE ingest_run SET status = $2, accepted = $3, rejected = $4, duplicates = $5, warnings = $6::jsonb, finished_at = now() WHERE id = $1`, [
    id, status, n.accepted, n.rejected, n.duplicates, JSON.stringify(warnings, noNul),
  ]);
}

// PostgreSQL text cannot hold NUL (22021): a reject quoting a NUL byte from a bad file keeps a visible U+FFFD instead.
const pgText = (v: string | undefined | null): string | null => (v == null ? null : v.replace(/\u0000/g, '\uFFFD'));
const noNul = (_k: string, v: unknown) => (typeof v === 'string' ? pgText(v) : v);

export async function insertRejects(c: PoolClient, runId: number, rows: { issue: RecordIssue; raw?: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await c.query(
      `INSERT INTO ingest_reject(run_id, file, line, pointer, field, reason, raw)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [runId, part.map((r) => pgText(r.issue.file)), part.map((r) => r.issue.line ?? null), part.map((r) => pgText(r.issue.pointer)), part.map((r) => pgText(r.issue.field)), part.map((r) => pgText(r.issue.reason)), part.map((r) => pgText(r.raw))],
    );
  }
}

/** Existing source keys among `keys` in `table`. */
export async function existingKeys(c: PoolClient, table: 'job_posting' | 'credential_award', keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await c.query<{ k: string }>(`SELECT source_key AS k FROM ${table} WHERE source_key = ANY($1::text[])`, [keys]);
  return new Set(rows.map((r) => r.k));
}

/** n fresh ids from a serial column's sequence. */
export async function reserveIds(c: PoolClient, sequence: string, n: number): Promise<number[]> {
  const { rows } = await c.query<{ id: string }>(`SELECT nextval($1::regclass) AS id FROM generate_series(1, $2)`, [sequence, n]);
  return rows.map((r) => Number(r.id));
}

// COPY text format: \N for NULL; backslash, tab, newline and CR escaped.
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/**
 * Bulk rows into a table: COPY FROM STDIN on PostgreSQL, multi-row INSERT on the embedded database
 * (COPY FROM STDIN desynchronises pglite-socket). Rows are arrays in `columns` order.
 */
export async function bulkWrite(c: PoolClient, embedded: boolean, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  if (!embedded) {
    const stream = c.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      const parts: string[] = [];
      let size = 0;
      for (const r of rows) {
        const line = r.map(copyValue).join('\t') + '\n';
        parts.push(line);
        size += line.length;
        if (size > 1 << 20) {
          stream.write(parts.join(''));
          parts.length = 0;
          size = 0;
        }
      }
      stream.end(parts.join(''));
    });
    return;
  }
  const per = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const params: unknown[] = [];
    const values = part.map((r) => '(' + r.map((v) => (params.push(v), `$${params.length}`)).join(', ') + ')').join(', ');
    await c.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, params);
  }
}

/** Multi-row INSERT ... ON CONFLICT DO NOTHING; returns how many rows were new. */
export async function insertIgnoring(c: PoolClient, table: string, columns: string[], rows: unknown[][], casts: string[] = []): Promise<number> {
  let inserted = 0;
  const per = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const params: unknown[] = [];
    const values = part.map((r) => '(' + r.map((v, j) => (params.push(v), `$${params.length}${casts[j] ? '::' + casts[j] : ''}`)).join(', ') + ')').join(', ');
    const res = await c.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ON CONFLICT DO NOTHING`, params);
    inserted += res.rowCount ?? 0;
  }
  return inserted;
}

/** The latest ingest runs, newest first (warnings counted). */
export function listRuns(
  ds: DataSource,
  limit: number,
): Promise<{ id: string; format: string; file_name: string; status: 'running' | 'succeeded' | 'partial' | 'failed'; accepted: number; rejected: number; duplicates: number; warnings: number; started_at: Date; finished_at: Date | null }[]> {
  return ds.query(
    `SELECT id, format, file_name, status, accepted, rejected, duplicates, jsonb_array_length(warnings) AS warnings, started_at, finished_at
     FROM ingest_run ORDER BY id DESC LIMIT $1`,
    [limit],
  );
}

export async function runExists(ds: DataSource, id: number): Promise<boolean> {
  return (await ds.query('SELECT 1 FROM ingest_run WHERE id = $1', [id])).length > 0;
}

/** A run's rejected records, in order, a page at a time. */
export function listRejects(
  ds: DataSource,
  runId: number,
  limit: number,
  offset: number,
): Promise<{ id: string; file: string; line: number | null; pointer: string | null; field: string | null; reason: string; raw: string | null }[]> {
  return ds.query('SELECT id, file, line, pointer, field, reason, raw FROM ingest_reject WHERE run_id = $1 ORDER BY id LIMIT $2 OFFSET $3', [runId, limit, offset]);
}

/**
 * The mention tables' and job_posting's referential integrity, checked whole (the foreign keys it
 * replaces were dropped for load speed, migrations 1766000600000 and 1767000100000): mentions of a
 * posting, skill or credential that does not exist, and postings naming a county, state or ingest
 * run that does not exist. All zero on a sound database; the ingest tests assert it after every load and kill.
 */
export async function mentionOrphans(
  c: { query(sql: string): Promise<unknown> },
): Promise<{ skillPosting: number; skill: number; credentialPosting: number; credential: number; postingCounty: number; postingState: number; postingRun: number }> {
  const res = await c.query(`SELECT
    (SELECT count(*) FROM posting_skill m WHERE NOT EXISTS (SELECT 1 FROM job_posting p WHERE p.id = m.posting_id)) AS a,
    (SELECT count(*) FROM posting_skill m WHERE NOT EXISTS (SELECT 1 FROM skill s WHERE s.id = m.skill_id)) AS b,
    (SELECT count(*) FROM posting_credential m WHERE NOT EXISTS (SELECT 1 FROM job_posting p WHERE p.id = m.posting_id)) AS c,
    (SELECT count(*) FROM posting_credential m WHERE NOT EXISTS (SELECT 1 FROM credential x WHERE x.id = m.credential_id)) AS d,
    (SELECT count(*) FROM job_posting p WHERE p.county_fips IS NOT NULL AND NOT EXISTS (SELECT 1 FROM county x WHERE x.fips = p.county_fips)) AS e,
    (SELECT count(*) FROM job_posting p WHERE p.state_fips IS NOT NULL AND NOT EXISTS (SELECT 1 FROM state x WHERE x.fips = p.state_fips)) AS f,
    (SELECT count(*) FROM job_posting p WHERE p.ingest_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ingest_run x WHERE x.id = p.ingest_run_id)) AS g`);
  // a pg client answers { rows }, a TypeORM DataSource or QueryRunner the rows themselves
  const r = (Array.isArray(res) ? res[0] : (res as { rows: unknown[] }).rows[0]) as Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g', string>;
  return {
    skillPosting: Number(r.a), skill: Number(r.b), credentialPosting: Number(r.c), credential: Number(r.d),
    postingCounty: Number(r.e), postingState: Number(r.f), postingRun: Number(r.g),
  };
}

/** What `mentionOrphans` answers on a sound database. */
export const NO_ORPHANS = { skillPosting: 0, skill: 0, credentialPosting: 0, credential: 0, postingCounty: 0, postingState: 0, postingRun: 0 } as const;
