import type { PoolClient } from 'pg';
import { candidateKey, findCredentialCandidates, type CandidateMention } from '@credpulse/ingest';
import type { DataSource } from 'typeorm';
import { touchDataAsOf } from '../../core/meta.service.js';
import { refreshRollups } from '../analytics/catalogue/refresh.js';
import { writeCandidates } from '../ingest/posting-candidates.js';
import { loadCredentialCatalog } from '../taxonomy/credential-catalog.loader.js';
import type { Progress } from '../taxonomy/taxonomy.loader.js';
import { BulkWriter, cols, detectBulkMode, type BulkMode, type Cell } from './bulk-writer.js';
import { planAwards } from './demo-awards.js';
import { loadDemoReference, type DemoReference } from './demo-reference.js';
import { planPostings, renderDescription, socIndustries, type PostingPlan } from './demo-postings.js';

export interface DemoOptions {
  postings: number;
  awards: number;
  seed: number;
}

export interface DemoSummary {
  postings: number;
  postingSkills: number;
  postingCredentials: number;
  duplicates: number;
  awards: number;
  stackedLearners: number;
  outcomes: number;
  mode: BulkMode;
  seconds: number;
}

/** Every demo row carries a source_key starting with this; a new run replaces them. */
export const DEMO_PREFIX = 'demo:';
const BATCH = 2500;
const MAX_ROWS = 10_000_000;

export const POSTING_COLUMNS = cols(
  'id bigint, source_key text, employer text, title text, naics_code text, soc_code text, county_fips text, state_fips text, posted_date date, expires_date date, ' +
    'description text, salary_min numeric, salary_max numeric, salary_unit text, salary_annual numeric, degree_level smallint, in_lieu boolean, remote boolean, dedup_group text, is_duplicate boolean',
);
export const POSTING_SKILL_COLUMNS = cols('posting_id bigint, skill_id text, level smallint');
export const POSTING_CREDENTIAL_COLUMNS = cols('posting_id bigint, credential_id integer, level smallint');
const AWARD_COLUMNS = cols(
  'source_key text, learner_key text, credential_id integer, award_date date, expiry_date date, county_fips text, state_fips text, program_cip text, age_band text, sex text, race_ethnicity text, low_income boolean',
);
const OUTCOME_COLUMNS = cols('learner_key text, quarter date, employed boolean, wage numeric, naics_code text, source_key text');

/** The rows of one posting batch, ready for a writer. */
export interface PostingBatchRows {
  postings: Cell[][];
  skills: Cell[][];
  credentials: Cell[][];
  /** credentials the catalog lacks, as extraction's discovery finds them in the description */
  candidates: { postingId: number; candidates: CandidateMention[] }[];
}

export function postingRows(plans: readonly PostingPlan[], ids: readonly number[]): PostingBatchRows {
  const out: PostingBatchRows = { postings: [], skills: [], credentials: [], candidates: [] };
  plans.forEach((p, i) => {
    const id = ids[i];
    const description = renderDescription(p);
    if (p.unlisted.length) {
      // the same phrases, keys and snippets a re-extraction of the stored posting finds
      const want = new Set(p.unlisted.map((u) => candidateKey(`${u.name} certification`)));
      const found = findCredentialCandidates(description, () => false).filter((c) => want.has(c.key));
      if (found.length) out.candidates.push({ postingId: id, candidates: found });
    }
    out.postings.push([
      id, p.sourceKey, p.employer, p.title, p.naics, p.soc.code, p.countyFips, p.county.stateFips, p.posted, p.expires,
      description, p.salary?.min ?? null, p.salary?.max ?? null, p.salary?.unit ?? null, p.salary?.annual ?? null,
      p.degree, p.inLieu, p.remote, p.dedupGroup, p.duplicate,
    ]);
    for (const s of p.skills) out.skills.push([id, s.skill.id, s.level]);
    for (const c of p.credentials) out.credentials.push([id, c.credential.id, c.level]);
  });
  return out;
}

/** Reserves `n` job_posting ids from its sequence (mentions need them before the rows exist). */
export async function reservePostingIds(client: PoolClient, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let left = n; left > 0; left -= 100_000) {
    const res = await client.query(`SELECT nextval(pg_get_serial_sequence('job_posting', 'id'))::float8 AS id FROM generate_series(1, $1::int)`, [Math.min(left, 100_000)]);
    for (const r of res.rows as { id: number }[]) ids.push(r.id);
  }
  return ids;
}

/**
 * Writes planned postings and their mentions in batches; returns the mention counts. The next
 * batch's text is rendered while the database ingests the previous one (one write at a time).
 */
export async function writePostings(client: PoolClient, writer: BulkWriter, plans: readonly PostingPlan[], log: Progress): Promise<{ skills: number; credentials: number }> {
  const ids = await reservePostingIds(client, plans.length);
  let skills = 0;
  let credentials = 0;
  let nextReport = 10_000;
  let pending: Promise<void> = Promise.resolve();
  for (let i = 0; i < plans.length; i += BATCH) {
    const rows = postingRows(plans.slice(i, i + BATCH), ids.slice(i, i + BATCH));
    skills += rows.skills.length;
    credentials += rows.credentials.length;
    const done = Math.min(plans.length, i + BATCH);
    await pending;
    pending = (async () => {
      await writer.write('job_posting', POSTING_COLUMNS, rows.postings);
      await writer.write('posting_skill', POSTING_SKILL_COLUMNS, rows.skills);
      await writer.write('posting_credential', POSTING_CREDENTIAL_COLUMNS, rows.credentials);
      await writeCandidates(client, rows.candidates);
      if (done >= nextReport || done === plans.length) {
        log(`  postings ${done.toLocaleString('en-US')} / ${plans.length.toLocaleString('en-US')}`);
        nextReport = done + 10_000;
      }
    })();
    pending.catch(() => undefined); // awaited on the next turn; keeps Node from flagging it meanwhile
  }
  await pending;
  return { skills, credentials };
}

function validate(opts: DemoOptions): void {
  for (const k of ['postings', 'awards', 'seed'] as const) {
    const v = opts[k];
    if (!Number.isInteger(v) || v < 0) throw new Error(`demo data: ${k} must be a non-negative integer, got ${String(v)}`);
  }
  if (opts.postings > MAX_ROWS || opts.awards > MAX_ROWS) throw new Error(`demo data: at most ${MAX_ROWS.toLocaleString('en-US')} postings and awards`);
  if (opts.seed > 0xffffffff) throw new Error('demo data: seed must fit in 32 bits');
}

/** Reference data the generator reads; loads the credential catalog if it is missing. */
export async function prepareDemoReference(ds: DataSource, log: Progress): Promise<DemoReference> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM credential WHERE source_key LIKE 'catalog:%'`);
  if (n === 0) await loadCredentialCatalog(ds, log);
  const ref = await loadDemoReference(ds);
  if (ref.socs.length === 0 || ref.counties.length === 0) throw new Error('demo data: taxonomies are not loaded (run `credpulse taxonomy load` first)');
  return ref;
}

/**
 * Generates deterministic SYNTHETIC postings, awards and outcomes for `seed` and loads them in one
 * transaction, replacing any earlier demo rows (source_key 'demo:...'). Records app_meta 'demo',
 * touches data_as_of and refreshes the analytics rollups.
 */
export async function generateDemoData(ds: DataSource, opts: DemoOptions, log: Progress): Promise<DemoSummary> {
  validate(opts);
  const t0 = Date.now();
  const ref = await prepareDemoReference(ds, log);
  const mode = await detectBulkMode(ds);
  log(`Demo data (synthetic): ${opts.postings.toLocaleString('en-US')} postings, ${opts.awards.toLocaleString('en-US')} awards, seed ${opts.seed} (${mode === 'copy' ? 'COPY' : 'batched INSERT'})`);
  const plans = planPostings(ref, opts.postings, opts.seed);
  const awardsPlan = planAwards(ref, opts.awards, opts.seed, (soc) => socIndustries(ref, soc));
  log(`  generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const qr = ds.createQueryRunner();
  const client = (await qr.connect()) as PoolClient;
  let summary: DemoSummary;
  try {
    await qr.startTransaction();
    await client.query('SET LOCAL statement_timeout = 0');
    const deleted = await client.query(`DELETE FROM job_posting WHERE source_key LIKE '${DEMO_PREFIX}%'`);
    await client.query(`DELETE FROM credential_award WHERE source_key LIKE '${DEMO_PREFIX}%'`);
    await client.query(`DELETE FROM learner_outcome WHERE source_key LIKE '${DEMO_PREFIX}%'`);
    if (deleted.rowCount) log(`  replaced ${deleted.rowCount.toLocaleString('en-US')} earlier demo postings`);
    const writer = new BulkWriter(client, mode);
    const mentions = await writePostings(client, writer, plans, log);

    const { awards, outcomes } = awardsPlan;
    for (let i = 0; i < awards.length; i += BATCH * 2) {
      const rows = awards.slice(i, i + BATCH * 2).map((a): Cell[] => [
        a.sourceKey, a.learnerKey, a.credentialId, a.awardDate, a.expiryDate, a.countyFips, a.stateFips, a.programCip, a.ageBand, a.sex, a.raceEthnicity, a.lowIncome,
      ]);
      await writer.write('credential_award', AWARD_COLUMNS, rows);
    }
    if (awards.length) log(`  awards ${awards.length.toLocaleString('en-US')} (${awardsPlan.stacked.toLocaleString('en-US')} stacked follow-ups)`);
    const outcomeKey = `${DEMO_PREFIX}${opts.seed}`;
    for (let i = 0; i < outcomes.length; i += BATCH * 4) {
      const rows = outcomes.slice(i, i + BATCH * 4).map((o): Cell[] => [o.learnerKey, o.quarter, o.employed, o.wage, o.naics, outcomeKey]);
      await writer.write('learner_outcome', OUTCOME_COLUMNS, rows);
    }
    if (outcomes.length) log(`  quarterly outcomes ${outcomes.length.toLocaleString('en-US')}`);

    await client.query(
      `INSERT INTO app_meta (key, value) VALUES ('demo', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify({ synthetic: true, seed: opts.seed, postings: plans.length, awards: awards.length, generatedAt: new Date().toISOString() })],
    );
    await qr.commitTransaction();
    summary = {
      postings: plans.length,
      postingSkills: mentions.skills,
      postingCredentials: mentions.credentials,
      duplicates: plans.filter((p) => p.duplicate).length,
      awards: awards.length,
      stackedLearners: awardsPlan.stacked,
      outcomes: outcomes.length,
      mode,
      seconds: 0,
    };
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    throw new Error(`demo data: loading failed, nothing was written: ${(e as Error).message}`, { cause: e });
  } finally {
    await qr.release();
  }
  await touchDataAsOf(ds);
  const r = await refreshRollups(ds);
  log(`  rollups refreshed in ${(r.ms / 1000).toFixed(1)} s`);
  summary.seconds = (Date.now() - t0) / 1000;
  log(`Demo data loaded in ${summary.seconds.toFixed(1)} s (${summary.duplicates.toLocaleString('en-US')} near-duplicate reposts). This data is SYNTHETIC.`);
  return summary;
}

/** First start only: generate demo data when the database holds no postings and no awards. */
export async function ensureDemoData(ds: DataSource, opts: DemoOptions, log: Progress): Promise<void> {
  const [row] = await ds.query('SELECT EXISTS (SELECT 1 FROM job_posting) OR EXISTS (SELECT 1 FROM credential_award) AS has');
  if (row.has) return;
  await generateDemoData(ds, opts, log);
}
