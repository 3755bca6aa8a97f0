import { createHash } from 'node:crypto';
import { CREDENTIAL_DICTIONARY_SQL, DICTIONARY_FINGERPRINT_SQL } from '../taxonomy/credential-dictionary.js';
import { writeCandidates, writeSections } from './posting-candidates.js';
import { ALL_CHANGES as ALL_FACTS, type Change as Fact } from '../analytics/catalogue/catalogue.js';
import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { MENTION_LEVEL_CODE, type IngestFileSummary, type IngestIssue } from '@credpulse/contracts';
import {
  canonicalSkillDictionary,
  createCachedExtractor,
  createExtractionPool,
  learnerKeyHasher,
  parseFile,
  IngestFatalError,
  type AwardRecord,
  type ColumnMapping,
  type CredentialRecord,
  type ExtractionDictionary,
  type ExtractionPool,
  type StoredExtraction,
  type Extractor,
  type IngestFormat,
  type NormalizedRecord,
  type OutcomeRecord,
  type PostingRecord,
  type ProviderRecord,
  type RecordIssue,
  type RecordLocation,
  type StackRecord,
} from '@credpulse/ingest';
import { assignDedupGroups, dedupKey } from '@credpulse/metrics';
import { buildPostingCopy, copyIn, POSTING_COPY_COLUMNS, POSTING_LOCATION_COLUMNS, postingLocationRows, socSource, type PostingCopyRow } from './posting-copy.js';
import { addPostingDelta } from '../analytics/catalogue/refresh.js';
import { bulkWrite, existingKeys, finishRun, insertIgnoring, insertRejects, insertRun, learnerSecret, loadReferenceCodes, type ReferenceCodes } from './ingest.repository.js';

export interface IngestFileInput {
  format: IngestFormat;
  /** Name shown in errors and stored on the run. */
  file: string;
  source: AsyncIterable<Buffer | string>;
  mapping?: ColumnMapping;
  allOrNothing?: boolean;
  dryRun?: boolean;
  /** With dryRun: return the normalized records (capped). */
  includeRecords?: boolean;
  /** Size of the file in bytes when known: a big posting file uses the extraction workers from its first batch. */
  sizeHint?: number;
}

export interface IngestDeps {
  ds: DataSource;
  embedded: boolean;
  secret?: string;
  now?: Date;
  /** Reuses the extractor across files while the skill and credential tables are unchanged (it takes seconds to build). */
  extractorCache?: { key?: string; extractor?: Extractor; dictionary?: ExtractionDictionary };
  /**
   * Called after a successful load with its earliest date and the facts whose rollups still need a
   * refresh from that date (rollup refresh, meta). A postings file has already added itself into the
   * posting rollups in its transaction (addPostingDelta), so it names no facts (empty: only meta).
   */
  afterLoad?: (since: string | null, facts: readonly Fact[]) => Promise<void>;
  /**
   * Extraction on worker threads for big posting files (1 thread unless told): the pool is started once a
   * file has produced `after` postings (default 10,000; 0 = from the first batch) and closed when
   * the file is done. Smaller files extract on the main thread. On the embedded database the pool
   * extracts a batch while PGlite (on the main thread) writes the one before it.
   */
  extractionPool?: { threads?: number; after?: number; disabled?: boolean; heapMb?: { old?: number; young?: number } };
  /** Offline proof checks of badge formats: the did:web DID documents directory (CREDPULSE_DID_WEB_DIR). */
  proof?: { didWebDir?: string };
  /** Receives where the posting time went (benchmarks). */
  onStats?: (s: IngestStats) => void;
  /**
   * The embedded database's own bulk path: COPY ... FROM '/dev/blob' with `data` as the blob, run by
   * PGlite in this process on the session the pg connection uses (DatabaseHandle.copyFromBlob).
   * Without it the embedded database gets multi-row INSERTs through the socket.
   */
  copyFromBlob?: (sql: string, data: string) => Promise<void>;
  /**
   * Bulk mode for a big posting file: true always, false never, default 'auto' (a file of at least
   * BULK_MIN_BYTES that is at least as big as the postings already stored). See `Loader.enterBulk`.
   */
  bulk?: boolean | 'auto';
  /** Posting batch limits (default POSTING_BATCH_ROWS postings, POSTING_BATCH_BYTES of text). */
  postingBatch?: { rows?: number; bytes?: number };
}

/** Wall-clock milliseconds per posting stage; the stages overlap, so they do not add up to the total. */
export interface IngestStats {
  postings: number;
  batches: number;
  /** reading, parsing and validating the file on the main thread (the parser's own time) */
  parseMs: number;
  /** extraction on the main thread */
  extractMainMs: number;
  /** waiting for the worker pool to finish a batch the writer needed */
  extractWaitMs: number;
  /** worker threads used (0: none) */
  poolThreads: number;
  /** building COPY rows and text */
  buildMs: number;
  /** duplicate check, id reservation and COPY round trips */
  databaseMs: number;
  /** the parser waiting for a free in-flight slot (backpressure) */
  backpressureMs: number;
  /** marking reposts after the last batch */
  dedupMs: number;
  /** the file's skill and credential ids checked (and key-share locked) in one statement each */
  checkMs: number;
  /** bulk mode: secondary indexes dropped before the load, rebuilt after it, then ANALYZE */
  bulk: boolean;
  indexMs: number;
  /** the load's counts added into the posting rollups in its transaction (addPostingDelta) */
  rollupMs: number;
  /** 'added' (the posting rollups are current at commit), or why afterLoad refreshes them instead */
  rollups: string;
  /** milliseconds of each step of the rollup delta */
  rollupSteps: Record<string, number>;
}

const MAX_LISTED = 1000;
/**
 * A posting batch closes at this many postings or this many bytes of text, whichever comes first:
 * fewer round trips per posting (each batch is one duplicate-check query and one COPY per table)
 * while a batch of long descriptions stays a few MB.
 */
const POSTING_BATCH_ROWS = 5000;
const POSTING_BATCH_BYTES = 6 << 20;
/** Posting batches parsed but not yet written (extraction and COPY in progress): bounds memory. */
const MAX_INFLIGHT = 3;
const POOL_AFTER = 10_000;
/**
 * One worker by default: the database writes, not extraction, bound the ingest (DEVELOPMENT.md,
 * Ingest), and every worker holds its own automaton and heap (~100 MB of RSS each).
 */
const POOL_THREADS = 1;
/** Each worker's heap (MB): its extractor and one 250-posting chunk fit in a fraction of this (peak RSS, issue 16). */
const POOL_HEAP_MB = { old: 256, young: 16 };
/** A file this big (about 8,000 postings of 1 KB) starts the workers at once. */
const POOL_BYTES = 8 << 20;
const ROW_BATCH = 1000;
/** A posting file this big (bytes, ~50k postings of 1 KB) may load in bulk mode (IngestDeps.bulk). */
const BULK_MIN_BYTES = 64 << 20;
/** The tables whose secondary indexes bulk mode rebuilds (primary keys and unique keys stay). */
const BULK_TABLES = ['job_posting', 'posting_skill', 'posting_credential'];
const RECORDS_CAP = 10_000;

class Tally {
  accepted = 0;
  rejected = 0;
  duplicates = 0;
  errors: IngestIssue[] = [];
  warnings: IngestIssue[] = [];
  truncated = false;
  pendingRejects: { issue: RecordIssue; raw?: string }[] = [];
  minDate: string | null = null;
  /** Which facts the file changed: the rollup refresh redoes only theirs. */
  facts = new Set<Fact>();
  records: NormalizedRecord[] = [];
  warn(i: RecordIssue) {
    if (this.warnings.length < MAX_LISTED) this.warnings.push(i);
    else this.truncated = true;
  }
  reject(issues: RecordIssue[], raw?: string) {
    this.rejected++;
    for (const i of issues) {
      if (this.errors.length < MAX_LISTED) this.errors.push(i);
      else this.truncated = true;
    }
    // One reject row per issue, the raw record on the first.
    issues.forEach((issue, k) => this.pendingRejects.push({ issue, raw: k === 0 ? raw : undefined }));
  }
  touch(date: string, fact: Fact) {
    if (this.minDate === null || date < this.minDate) this.minDate = date;
    this.facts.add(fact);
  }
  /** Catalog records (credentials, stacks) feed rollups of every kind (target SOCs, providers). */
  touchCatalog() {
    for (const f of ALL_FACTS) this.facts.add(f);
  }
}

const at = (file: string, loc: RecordLocation, field: string, reason: string): RecordIssue => ({
  file,
  ...(loc.line !== undefined ? { line: loc.line } : {}),
  ...(loc.pointer !== undefined ? { pointer: loc.pointer } : {}),
  field,
  reason,
});

/** Loads one file in one transaction: everything valid lands together, or nothing does. */
export async function ingestFile(deps: IngestDeps, input: IngestFileInput): Promise<IngestFileSummary> {
  const qr = deps.ds.createQueryRunner();
  const client = (await qr.connect()) as PoolClient;
  const tally = new Tally();
  const sha = createHash('sha256');
  const source = hashing(input.source, sha);
  let runId: number | null = null;
  let committed = false;
  let detail: string | undefined;
  let loader: Loader | undefined;
  let recordFailure = false;
  try {
    await qr.startTransaction();
    // A whole file is one transaction: exempt from the server's statement_timeout (it reads from a
    // spooled file, never from the network, so idle_in_transaction_session_timeout still guards it).
    await client.query('SET LOCAL statement_timeout = 0');
    // the transaction is idle while the main thread parses and extracts (the extractor is built on
    // the first batch): allow more than the server's default, still bounded
    await client.query(`SET LOCAL idle_in_transaction_session_timeout = '10min'`);
    // One ingest at a time: the duplicate checks below read what earlier ingests committed.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('credpulse:ingest'))`);
    const refs = await loadReferenceCodes(client);
    const secret = await learnerSecret(client, deps.secret);
    runId = await insertRun(client, input.format, input.file, null);
    loader = new Loader(client, deps, runId, refs, tally, input.file, input.sizeHint);
    const stats = loader.stats;
    if (!input.dryRun && (input.format === 'postings-csv' || input.format === 'jobposting')) await loader.maybeEnterBulk();
    // The parser's own time: waiting for its next record, less the row building of writes that ran meanwhile.
    let tNext = performance.now();
    let buildBefore = stats.buildMs;
    for await (const ev of parseFile(input.format, source, { file: input.file, learnerKey: learnerKeyHasher(secret), mapping: input.mapping, now: deps.now, proof: deps.proof })) {
      stats.parseMs += performance.now() - tNext - (stats.buildMs - buildBefore);
      if (ev.type === 'warning') tally.warn(ev.issue);
      else if (ev.type === 'reject') tally.reject(ev.issues, ev.raw);
      else {
        if (input.includeRecords && tally.records.length < RECORDS_CAP) tally.records.push(ev.record);
        await loader.add(ev.record, ev.loc);
      }
      if (tally.pendingRejects.length >= 1000) await flushRejects(client, runId, tally);
      buildBefore = stats.buildMs;
      tNext = performance.now();
    }
    await loader.finish();
    await flushRejects(client, runId, tally);
    const status = tally.rejected === 0 ? 'succeeded' : 'partial';
    if (input.allOrNothing && tally.rejected > 0) {
      detail = `all-or-nothing: ${tally.rejected} record${tally.rejected === 1 ? ' was' : 's were'} rejected, so nothing was loaded`;
      await qr.rollbackTransaction();
      recordFailure = !input.dryRun;
      runId = null;
    } else if (input.dryRun) {
      await qr.rollbackTransaction();
      runId = null;
    } else {
      await client.query('UPDATE ingest_run SET file_sha256 = $2 WHERE id = $1', [runId, sha.digest('hex')]);
      await finishRun(client, runId, status, tally, tally.warnings);
      // a postings file adds itself into the posting rollups before it commits
      if (tally.facts.size === 1 && tally.facts.has('postings') && (await loader.addToRollups())) tally.facts.delete('postings');
      await qr.commitTransaction();
      committed = true;
    }
  } catch (e) {
    // Let a COPY still in flight on this connection end before the rollback.
    await loader?.settle();
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    if (!(e instanceof IngestFatalError)) throw e;
    detail = e.message;
    tally.errors.push({ file: input.file, field: '(file)', reason: e.message });
    recordFailure = !input.dryRun;
    runId = null;
  } finally {
    await loader?.close();
    await qr.release();
  }
  // On its own connection, after this one is back in the pool (the embedded database has only one).
  if (recordFailure && detail !== undefined) runId = await recordFailedRun(deps.ds, input, tally, sha, detail);
  if (loader && deps.onStats) deps.onStats(loader.stats);
  if (committed && tally.accepted > 0 && deps.afterLoad) await deps.afterLoad(tally.minDate, [...tally.facts]);
  const failed = detail !== undefined;
  return {
    file: input.file,
    format: input.format,
    runId,
    status: failed ? 'failed' : input.dryRun ? 'dry-run' : tally.rejected === 0 ? 'succeeded' : 'partial',
    accepted: failed ? 0 : tally.accepted,
    rejected: tally.rejected,
    duplicates: failed ? 0 : tally.duplicates,
    warnings: tally.warnings,
    errors: tally.errors,
    truncated: tally.truncated,
    ...(detail ? { detail } : {}),
    ...(input.includeRecords ? { records: tally.records } : {}),
  };
}

async function* hashing(source: AsyncIterable<Buffer | string>, sha: ReturnType<typeof createHash>): AsyncGenerator<Buffer | string> {
  for await (const c of source) {
    sha.update(c);
    yield c;
  }
}

async function flushRejects(c: PoolClient, runId: number, t: Tally): Promise<void> {
  const rows = t.pendingRejects;
  t.pendingRejects = [];
  await insertRejects(c, runId, rows);
}

/** A refused or failed file still leaves a run (status failed) with its rejects, for the upload page. */
async function recordFailedRun(ds: DataSource, input: IngestFileInput, t: Tally, sha: ReturnType<typeof createHash>, detail: string): Promise<number> {
  const qr: QueryRunner = ds.createQueryRunner();
  const c = (await qr.connect()) as PoolClient;
  try {
    await qr.startTransaction();
    await qr.query('SET LOCAL statement_timeout = 0');
    const id = await insertRun(c, input.format, input.file, null);
    let digest: string | null = null;
    try {
      digest = sha.digest('hex');
    } catch {
      digest = null;
    }
    await c.query('UPDATE ingest_run SET file_sha256 = $2 WHERE id = $1', [id, digest]);
    await insertRejects(c, id, t.errors.map((issue) => ({ issue })));
    await finishRun(c, id, 'failed', { accepted: 0, rejected: t.rejected, duplicates: 0 }, [...t.warnings, { file: input.file, field: '(file)', reason: detail }]);
    await qr.commitTransaction();
    return id;
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    throw e;
  } finally {
    await qr.release();
  }
}


interface PendingPosting {
  r: PostingRecord;
  loc: RecordLocation;
}

/** A batch of postings between parsing and COPY: its extraction may still be running on the pool. */
interface PostingBatch {
  items: PendingPosting[];
  extracted: Promise<StoredExtraction[]>;
}

const extractionInput = (r: PostingRecord) => ({
  text: r.description ?? '',
  hints: { sections: { qualifications: r.qualifications, skills: r.skillsText, education: r.educationText } },
});

/**
 * Writes normalized records: postings in COPY batches (with extraction), the rest in small batches.
 * Postings flow parse -> extraction (main thread, or the worker pool for big files) -> COPY, with up
 * to MAX_INFLIGHT batches between the parser and the database; all on the file's one transaction.
 */
class Loader {
  private postings: PendingPosting[] = [];
  private postingBytes = 0;
  /** Dictionary ids this file's mentions name: checked once at the end (in place of per-row foreign keys). */
  private skillIds = new Set<string>();
  private credIds = new Set<number>();
  private awards: { r: AwardRecord; loc: RecordLocation; credentialId: number }[] = [];
  private outcomes: OutcomeRecord[] = [];
  private stacks: { r: StackRecord; loc: RecordLocation }[] = [];
  /** one promise per batch not yet written, oldest first; each waits for the one before it */
  private writes: Promise<void>[] = [];
  private lastWrite: Promise<void> = Promise.resolve();
  /** embedded database: the batch parsed last, written when the next one is handed to extraction */
  private embeddedPending: PostingBatch | undefined;
  private extractor: Extractor | undefined;
  private dictionary: ExtractionDictionary | undefined;
  private pool: ExtractionPool | undefined;
  private poolReady = false;
  private credentialIds = new Map<string, number>();
  private providerIds = new Map<string, number>();
  private sawPostings = false;
  private readonly embedded: boolean;
  private readonly cache: { key?: string; extractor?: Extractor; dictionary?: ExtractionDictionary };
  readonly stats: IngestStats = { postings: 0, batches: 0, parseMs: 0, extractMainMs: 0, extractWaitMs: 0, poolThreads: 0, buildMs: 0, databaseMs: 0, backpressureMs: 0, dedupMs: 0, checkMs: 0, bulk: false, indexMs: 0, rollupMs: 0, rollups: 'not a postings file', rollupSteps: {} };
  /** bulk mode: the dropped indexes' definitions, recreated after the last batch */
  private droppedIndexes: { name: string; def: string }[] = [];
  /** the smallest and largest posting id this file wrote (the dedup reads only them) */
  private idRange: { min: number; max: number } | undefined;
  /** postings stored before this file whose duplicate flag its dedup changed (the rollup delta subtracts them as they were) */
  private flipped: string[] = [];

  constructor(
    private readonly c: PoolClient,
    private readonly deps: IngestDeps,
    private readonly runId: number,
    private readonly refs: ReferenceCodes,
    private readonly t: Tally,
    private readonly file: string,
    private readonly sizeHint: number | undefined,
  ) {
    this.embedded = deps.embedded;
    this.cache = deps.extractorCache ?? {};
  }

  async add(rec: NormalizedRecord, loc: RecordLocation): Promise<void> {
    switch (rec.kind) {
      case 'posting': {
        const issues = this.checkPosting(rec, loc);
        if (issues.length) return this.t.reject(issues);
        this.postings.push({ r: rec, loc });
        this.postingBytes += 300 + (rec.description?.length ?? 0) + (rec.qualifications?.length ?? 0) + (rec.skillsText?.length ?? 0) + (rec.educationText?.length ?? 0);
        if (this.postings.length >= (this.deps.postingBatch?.rows ?? POSTING_BATCH_ROWS) || this.postingBytes >= (this.deps.postingBatch?.bytes ?? POSTING_BATCH_BYTES)) await this.flushPostings();
        return;
      }
      case 'credential': {
        const before = this.t.duplicates;
        this.t.touchCatalog();
        const id = await this.upsertCredential(rec, loc);
        if (id !== undefined && this.t.duplicates === before) this.t.accepted++;
        return;
      }
      case 'award':
        return this.addAward(rec, loc);
      case 'outcome': {
        if (rec.naicsCode && !this.refs.naics.has(rec.naicsCode)) return this.t.reject([at(this.file, loc, 'naics_code', unknownCode('NAICS', rec.naicsCode, this.refs.naics))]);
        this.outcomes.push(rec);
        if (this.outcomes.length >= ROW_BATCH) await this.flushOutcomes();
        return;
      }
      case 'stack':
        this.t.touchCatalog();
        this.stacks.push({ r: rec, loc });
        return;
    }
  }

  async finish(): Promise<void> {
    await this.flushPostings();
    const pending = this.embeddedPending;
    this.embeddedPending = undefined;
    if (pending) await this.writeBatch(pending);
    await this.lastWrite;
    this.writes = [];
    await this.close();
    await this.flushAwards();
    await this.flushOutcomes();
    for (const { r, loc } of this.stacks) await this.addStack(r, loc);
    await this.leaveBulk();
    if (this.sawPostings) {
      let t0 = performance.now();
      await this.checkMentionIds();
      this.stats.checkMs += performance.now() - t0;
      t0 = performance.now();
      await this.dedup();
      this.stats.dedupMs += performance.now() - t0;
    }
  }

  /**
   * Bulk mode (issue 16): a big posting file onto a postings table no bigger than the file loads
   * with the secondary indexes of job_posting and the mention tables dropped, and rebuilt once at
   * the end (a sorted build over table + file costs less than one random index insert per row), then
   * ANALYZE. It is all in the file's transaction: a failure or a kill rolls the drop back with the
   * rows, so the file stays all-or-nothing and a rerun exactly-once (the primary and unique keys,
   * which the duplicate check reads, are never dropped). The price: DROP INDEX holds an exclusive
   * lock on those tables, so readers of raw postings wait until the load commits (the dashboards
   * read rollups). If the lock is not granted within 5 s (a long export is reading), the file loads
   * the ordinary way.
   */
  async maybeEnterBulk(): Promise<void> {
    const mode = this.deps.bulk ?? 'auto';
    if (mode === false) return;
    if (mode === 'auto') {
      if (this.sizeHint === undefined || this.sizeHint < BULK_MIN_BYTES) return;
      // The heap's live share: the heap alone still counts the rows of deleted loads until a vacuum
      // (a rerun of the bench never went bulk). n_live_tup / n_dead_tup are the statistics' estimate.
      const { rows } = await this.c.query<{ bytes: string }>(
        `SELECT pg_relation_size('job_posting') * COALESCE(s.n_live_tup::float8 / NULLIF(s.n_live_tup + s.n_dead_tup, 0), 1) AS bytes
         FROM (SELECT 1) one LEFT JOIN pg_stat_user_tables s ON s.relid = 'job_posting'::regclass`,
      );
      if (Number(rows[0].bytes) > this.sizeHint) return;
    }
    const { rows: defs } = await this.c.query<{ name: string; def: string }>(
      `SELECT ci.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[]) AND NOT i.indisprimary AND NOT i.indisunique
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       ORDER BY t.relname, ci.relname`,
      [BULK_TABLES],
    );
    if (defs.length === 0) return;
    await this.c.query('SAVEPOINT credpulse_bulk');
    try {
      await this.c.query(`SET LOCAL lock_timeout = '5s'`);
      await this.c.query(`DROP INDEX ${defs.map((d) => `"${d.name}"`).join(', ')}`);
      await this.c.query(`SET LOCAL lock_timeout = 0`);
      await this.c.query('RELEASE SAVEPOINT credpulse_bulk');
    } catch (e) {
      if ((e as { code?: string }).code !== '55P03') throw e;
      await this.c.query('ROLLBACK TO SAVEPOINT credpulse_bulk');
      await this.c.query(`SET LOCAL lock_timeout = 0`);
      return;
    }
    this.droppedIndexes = defs;
    this.stats.bulk = true;
  }

  /** Bulk mode's end: the dropped indexes rebuilt (before the dedup, which reads one), then ANALYZE. */
  private async leaveBulk(): Promise<void> {
    if (this.droppedIndexes.length === 0) return;
    const t0 = performance.now();
    const defs = this.droppedIndexes;
    this.droppedIndexes = [];
    await this.c.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const d of defs) await this.c.query(d.def);
    for (const t of BULK_TABLES) await this.c.query(`ANALYZE ${t}`);
    this.stats.indexMs += performance.now() - t0;
  }

  /** After a failure: waits until no write is using the connection (errors are the caller's already). */
  async settle(): Promise<void> {
    await this.lastWrite.catch(() => undefined);
  }

  /** Stops the extraction workers (idempotent). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    this.poolReady = false;
    if (pool) await pool.close();
  }

  // ---- postings --------------------------------------------------------------------------------

  private checkPosting(r: PostingRecord, loc: RecordLocation): RecordIssue[] {
    const out: RecordIssue[] = [];
    const badCounty = !!r.countyFips && !this.refs.county.has(r.countyFips);
    if (badCounty) out.push(at(this.file, loc, 'county_fips', unknownCode('county FIPS', r.countyFips!, this.refs.county)));
    // A state derived from an unknown county is the same error, said once.
    else if (r.stateFips && !this.refs.state.has(r.stateFips)) out.push(at(this.file, loc, 'state', unknownCode('state FIPS', r.stateFips, this.refs.state)));
    if (r.naicsCode && !this.refs.naics.has(r.naicsCode)) out.push(at(this.file, loc, 'naics_code', unknownCode('NAICS', r.naicsCode, this.refs.naics)));
    if (r.socCode && !this.refs.soc.has(r.socCode)) out.push(at(this.file, loc, 'soc_code', unknownCode('SOC 2018', r.socCode, this.refs.soc)));
    return out;
  }

  /** Skills and credentials to look for; cached across files while the tables are unchanged. */
  private async getDictionary(): Promise<ExtractionDictionary> {
    if (this.dictionary) return this.dictionary;
    // the dictionary's fingerprint: a merged alias, a renamed credential or a skill change changes it
    const [{ fingerprint: key }] = (await this.c.query<{ fingerprint: string }>(DICTIONARY_FINGERPRINT_SQL)).rows;
    if (this.cache.key === key && this.cache.dictionary) return (this.dictionary = this.cache.dictionary);
    this.dictionary = await loadPipelineDictionary(this.c);
    this.cache.key = key;
    this.cache.dictionary = this.dictionary;
    this.cache.extractor = undefined;
    return this.dictionary;
  }

  private async getExtractor(): Promise<Extractor> {
    if (this.extractor) return this.extractor;
    const dictionary = await this.getDictionary();
    // read from the extractor file cache when an earlier process built this dictionary (issue 16)
    this.cache.extractor ??= createCachedExtractor(dictionary);
    return (this.extractor = this.cache.extractor);
  }

  /** Starts the worker pool once the file is big enough to repay the workers' start-up. */
  private async maybeStartPool(): Promise<void> {
    const opts = this.deps.extractionPool ?? {};
    if (this.pool || opts.disabled) return;
    const big = this.sizeHint !== undefined && this.sizeHint >= POOL_BYTES;
    if (!big && this.stats.postings < (opts.after ?? POOL_AFTER)) return;
    // the workers take the tables of this process's extractor when it has one, else the file cache
    const dictionary = await this.getDictionary();
    const built = this.cache.dictionary === dictionary ? this.cache.extractor : undefined;
    const pool = createExtractionPool({ dictionary, snapshot: built?.snapshot(), cache: true, threads: opts.threads ?? POOL_THREADS, chunkSize: 250, heapMb: opts.heapMb ?? POOL_HEAP_MB });
    this.pool = pool;
    this.stats.poolThreads = pool.threads;
    // Until the workers have built their automata the main thread keeps extracting.
    pool.ready().then(
      () => {
        if (this.pool === pool) this.poolReady = true;
      },
      () => undefined,
    );
  }

  private async flushPostings(): Promise<void> {
    if (this.postings.length === 0) return;
    this.sawPostings = true;
    const items = this.postings;
    this.postings = [];
    this.postingBytes = 0;
    this.stats.postings += items.length;
    this.stats.batches++;
    await this.maybeStartPool();
    let extracted: Promise<StoredExtraction[]>;
    // The workers are used once ready, or at once when no main-thread extractor is built yet
    // (building one more automaton here would only compete with the workers building theirs).
    if (this.pool && (this.poolReady || !(this.extractor ?? this.cache.extractor))) {
      extracted = this.pool.extractStoredBatch(items.map(({ r }) => extractionInput(r)));
    } else {
      // On the main thread, while the previous batches' COPY is written by the server.
      const extractor = await this.getExtractor();
      const t0 = performance.now();
      const out = items.map(({ r }) => {
        const x = extractionInput(r);
        return extractor.extract(x.text, x.hints);
      });
      this.stats.extractMainMs += performance.now() - t0;
      extracted = Promise.resolve(out);
    }
    extracted.catch(() => undefined);
    const batch: PostingBatch = { items, extracted };
    if (this.embedded) {
      // PGlite runs on this thread and its COPY must not interleave with other statements of the
      // connection, so batches are written inline, one behind: the previous batch is written while
      // this one's extraction runs on the pool (when there is one).
      const prev = this.embeddedPending;
      this.embeddedPending = batch;
      if (prev) await this.writeBatch(prev);
      return;
    }
    const prev = this.lastWrite;
    const done = prev.then(() => this.writeBatch(batch));
    // Keep a rejection handled even before someone awaits it; the failure surfaces at the next wait.
    done.catch(() => undefined);
    this.lastWrite = done;
    this.writes.push(done);
    if (this.writes.length >= MAX_INFLIGHT) {
      const t0 = performance.now();
      await this.writes.shift();
      this.stats.backpressureMs += performance.now() - t0;
    }
  }

  /** Duplicate check, ids, rows and COPY for one batch; runs after the batch before it is written. */
  private async writeBatch({ items, extracted: pending }: PostingBatch): Promise<void> {
    let t0 = performance.now();
    const extracted = await pending;
    this.stats.extractWaitMs += performance.now() - t0;
    t0 = performance.now();
    // One round trip: which keys are new, and an id for each (ids of in-file repeats go unused).
    const { rows: fresh } = await this.c.query<{ id: string | null }>(
      `SELECT CASE WHEN p.id IS NULL THEN nextval('job_posting_id_seq') END AS id
       FROM unnest($1::text[]) WITH ORDINALITY AS u(k, o) LEFT JOIN job_posting p ON p.source_key = u.k ORDER BY u.o`,
      [items.map((p) => p.r.sourceKey)],
    );
    const seen = new Set<string>();
    const keep: number[] = [];
    const ids: number[] = [];
    items.forEach((p, i) => {
      const id = fresh[i].id;
      if (id === null || seen.has(p.r.sourceKey)) this.t.duplicates++;
      else {
        seen.add(p.r.sourceKey);
        keep.push(i);
        ids.push(Number(id));
      }
    });
    this.stats.databaseMs += performance.now() - t0;
    if (keep.length === 0) return;
    this.idRange ??= { min: ids[0], max: ids[0] };
    for (const id of ids) {
      if (id < this.idRange.min) this.idRange.min = id;
      if (id > this.idRange.max) this.idRange.max = id;
    }
    t0 = performance.now();
    const copyRows: PostingCopyRow[] = keep.map((i, k) => {
      const r = items[i].r;
      this.t.touch(r.postedDate, 'postings');
      return { id: ids[k], r, x: extracted[i], dedupGroup: createHash('sha1').update(dedupKey(r.employer ?? null, r.title, r.countyFips ?? r.stateFips ?? null)).digest('hex').slice(0, 20) };
    });
    this.t.accepted += keep.length;
    for (const { x } of copyRows) {
      for (const m of x.skills) this.skillIds.add(String(m.id));
      for (const m of x.credentials) this.credIds.add(Number(m.id));
    }
    const copyFromBlob = this.deps.copyFromBlob;
    if (!this.embedded || copyFromBlob) {
      const text = buildPostingCopy(copyRows, this.runId);
      this.stats.buildMs += performance.now() - t0;
      t0 = performance.now();
      const copy = this.embedded && copyFromBlob
        ? (table: string, columns: readonly string[], payload: string) => (payload.length === 0 ? Promise.resolve() : copyFromBlob(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, payload))
        : (table: string, columns: readonly string[], payload: string) => copyIn(this.c, table, columns, payload);
      await copy('job_posting', POSTING_COPY_COLUMNS, text.postings);
      await copy('posting_skill', ['posting_id', 'skill_id', 'level'], text.skills);
      await copy('posting_credential', ['posting_id', 'credential_id', 'level'], text.credentials);
      await copy('posting_location', POSTING_LOCATION_COLUMNS, text.locations);
      await writeCandidates(this.c, copyRows.map(({ id, x }) => ({ postingId: id, candidates: x.candidates })));
      await writeSections(this.c, copyRows.map(({ id, r }) => ({ postingId: id, qualifications: r.qualifications, skills: r.skillsText, education: r.educationText })));
    } else {
      const rows = copyRows.map(({ id, r, x, dedupGroup }) => [
        id, r.sourceKey, r.employer, r.title, r.naicsCode, r.socCode, r.countyFips, r.stateFips, r.postedDate, r.expiresDate, r.lastSeenDate,
        r.description, r.salaryMin, r.salaryMax, r.salaryUnit, r.salaryAnnual, r.degreeLevel ?? x.degreeLevel, r.inLieu ?? x.inLieu, r.remote, dedupGroup, false, this.runId,
        r.locationMethod, r.locationConfidence, socSource(r), r.socMethod, r.socConfidence,
      ]);
      const locationRows = copyRows.flatMap(({ id, r }) => postingLocationRows(id, r));
      const skillRows = copyRows.flatMap(({ id, x }) => x.skills.map((m) => [id, m.id, MENTION_LEVEL_CODE[m.level]]));
      const credRows = copyRows.flatMap(({ id, x }) => x.credentials.map((m) => [id, m.id, MENTION_LEVEL_CODE[m.level]]));
      this.stats.buildMs += performance.now() - t0;
      t0 = performance.now();
      await bulkWrite(this.c, true, 'job_posting', [...POSTING_COPY_COLUMNS], rows);
      await bulkWrite(this.c, true, 'posting_skill', ['posting_id', 'skill_id', 'level'], skillRows);
      await bulkWrite(this.c, true, 'posting_credential', ['posting_id', 'credential_id', 'level'], credRows);
      await bulkWrite(this.c, true, 'posting_location', [...POSTING_LOCATION_COLUMNS], locationRows);
      await writeCandidates(this.c, copyRows.map(({ id, x }) => ({ postingId: id, candidates: x.candidates })));
      await writeSections(this.c, copyRows.map(({ id, r }) => ({ postingId: id, qualifications: r.qualifications, skills: r.skillsText, education: r.educationText })));
    }
    this.stats.databaseMs += performance.now() - t0;
  }

  /**
   * The referential check the mention tables' foreign keys did row by row, once per file: every
   * skill and credential id the file's mentions name exists, and stays (FOR KEY SHARE holds off a
   * concurrent delete until this transaction ends, as a foreign key's check would). Posting ids need
   * no check: the pipeline drew each from the sequence for a row it wrote in this transaction.
   */
  private async checkMentionIds(): Promise<void> {
    const missing = async (sql: string, ids: unknown[]): Promise<unknown[]> => {
      if (ids.length === 0) return [];
      const { rows } = await this.c.query<{ id: unknown }>(sql, [ids]);
      const found = new Set(rows.map((r) => String(r.id)));
      return ids.filter((id) => !found.has(String(id)));
    };
    const skills = await missing('SELECT id FROM skill WHERE id = ANY($1::text[]) FOR KEY SHARE', [...this.skillIds]);
    const creds = await missing('SELECT id FROM credential WHERE id = ANY($1::int[]) FOR KEY SHARE', [...this.credIds]);
    if (skills.length || creds.length) {
      throw new IngestFatalError(
        `the extraction dictionary names ${skills.length ? `skills ${skills.slice(0, 5).join(', ')}` : ''}${skills.length && creds.length ? ' and ' : ''}${creds.length ? `credentials ${creds.slice(0, 5).join(', ')}` : ''} that are no longer in the database (changed during the load?); nothing was loaded, run the load again`,
      );
    }
  }

  /** Marks reposts (METRICS.md): same employer + normalised title + region within 60 days of the cluster's first posting. */
  private async dedup(): Promise<void> {
    if (this.idRange === undefined) return;
    // The file's postings are the run's rows within the ids it drew (a primary-key range scan, not
    // a scan of the whole table); the other postings of their groups come through posting_dedup_idx.
    const { rows } = await this.c.query<{ id: string; g: string; d: string; dup: boolean; mine: boolean }>(
      `WITH touched AS (SELECT DISTINCT dedup_group FROM job_posting WHERE id BETWEEN $2 AND $3 AND ingest_run_id = $1),
            multi AS (SELECT p.dedup_group FROM job_posting p JOIN touched t USING (dedup_group) GROUP BY 1 HAVING count(*) > 1)
       SELECT p.id::text AS id, p.dedup_group AS g, to_char(p.posted_date, 'YYYY-MM-DD') AS d, p.is_duplicate AS dup,
              (p.id BETWEEN $2 AND $3 AND p.ingest_run_id IS NOT DISTINCT FROM $1) AS mine
       FROM job_posting p JOIN multi USING (dedup_group)`,
      [this.runId, this.idRange.min, this.idRange.max],
    );
    if (rows.length === 0) return;
    const current = new Map(rows.map((r) => [r.id, r.dup]));
    const changed = assignDedupGroups(rows.map((r) => ({ id: r.id.padStart(20, '0'), key: r.g, posted: r.d })))
      .map((x) => ({ id: x.id.replace(/^0+/, ''), dup: x.duplicate }))
      .filter((x) => current.get(x.id) !== x.dup);
    const mine = new Set(rows.filter((r) => r.mine).map((r) => r.id));
    this.flipped = changed.filter((x) => !mine.has(x.id)).map((x) => x.id);
    for (let i = 0; i < changed.length; i += 10_000) {
      const part = changed.slice(i, i + 10_000);
      await this.c.query(`UPDATE job_posting p SET is_duplicate = v.dup FROM unnest($1::bigint[], $2::boolean[]) AS v(id, dup) WHERE p.id = v.id`, [part.map((x) => x.id), part.map((x) => x.dup)]);
    }
  }

  /**
   * Adds this file's postings into the posting rollups in its transaction (issue 15/16: the refresh
   * costs what the file adds, not the months it spans). Under a savepoint: if it cannot (rollups never
   * built) or fails, nothing of it stays and afterLoad refreshes the file's months as before.
   */
  async addToRollups(): Promise<boolean> {
    const t0 = performance.now();
    try {
      if (this.idRange === undefined && this.flipped.length === 0) {
        this.stats.rollups = 'added (nothing new)';
        return true;
      }
      await this.c.query('SAVEPOINT credpulse_rollups');
      try {
        const change = { runId: this.runId, minId: this.idRange?.min ?? 0, maxId: this.idRange?.max ?? -1, flipped: this.flipped };
        const added = await addPostingDelta(async (sql, params) => (await this.c.query(sql, params)).rows, change, (step, ms) => {
          this.stats.rollupSteps[step] = (this.stats.rollupSteps[step] ?? 0) + ms;
        });
        await this.c.query(added ? 'RELEASE SAVEPOINT credpulse_rollups' : 'ROLLBACK TO SAVEPOINT credpulse_rollups');
        this.stats.rollups = added ? 'added' : 'refreshed after commit: the rollups were never built';
        return added;
      } catch (e) {
        await this.c.query('ROLLBACK TO SAVEPOINT credpulse_rollups');
        this.stats.rollups = `refreshed after commit: adding failed (${(e as Error).message})`;
        return false;
      }
    } finally {
      this.stats.rollupMs += performance.now() - t0;
    }
  }

  // ---- catalog ---------------------------------------------------------------------------------

  private async providerId(p: ProviderRecord | undefined): Promise<number | null> {
    if (!p) return null;
    const cached = this.providerIds.get(p.sourceKey);
    if (cached) return cached;
    await this.c.query(`INSERT INTO provider(source_key, name, url, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (source_key) DO NOTHING`, [p.sourceKey, p.name, p.url ?? null, p.kind ?? null]);
    const { rows } = await this.c.query<{ id: number }>('SELECT id FROM provider WHERE source_key = $1', [p.sourceKey]);
    this.providerIds.set(p.sourceKey, rows[0].id);
    return rows[0].id;
  }

  /** Finds a credential by source key (also the catalog's "catalog:" keys), CTID, achievement id, or exact name. */
  private async findCredential(ref: string): Promise<number | undefined> {
    const cached = this.credentialIds.get(ref);
    if (cached) return cached;
    const { rows } = await this.c.query<{ id: number }>(
      `SELECT id FROM credential
       WHERE source_key = $1 OR source_key = 'catalog:' || $1 OR ctdl_ctid = lower($1) OR ob_achievement_id = $1
          OR lower(name) = lower($1) OR lower($1) = ANY (SELECT lower(s) FROM unnest(short_names) s)
       ORDER BY (source_key = $1) DESC, id LIMIT 1`,
      [ref],
    );
    if (rows[0]) this.credentialIds.set(ref, rows[0].id);
    return rows[0]?.id;
  }

  /** Inserts a catalog entry (or finds the one already there, counting a duplicate) with its links. */
  private async upsertCredential(r: CredentialRecord, loc: RecordLocation): Promise<number | undefined> {
    const known = this.credentialIds.get(r.sourceKey);
    if (known) return known;
    const providerId = await this.providerId(r.provider);
    const ins = await this.c.query<{ id: number }>(
      `INSERT INTO credential(source_key, name, short_names, type, is_micro, provider_id, description, hours, cost, currency, ctdl_ctid, ob_achievement_id, external_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING id`,
      [r.sourceKey, r.name, r.shortNames, r.type, r.isMicro, providerId, r.description ?? null, r.hours ?? null, r.cost ?? null, r.currency ?? null, r.ctid ?? null, r.obAchievementId ?? null, JSON.stringify(r.externalIds)],
    );
    let id = ins.rows[0]?.id;
    if (id === undefined) {
      const { rows } = await this.c.query<{ id: number }>(
        `SELECT id FROM credential WHERE source_key = $1 OR ctdl_ctid = $2 OR ob_achievement_id = $3 ORDER BY (source_key = $1) DESC LIMIT 1`,
        [r.sourceKey, r.ctid ?? null, r.obAchievementId ?? null],
      );
      id = rows[0]?.id;
      this.t.duplicates++;
    }
    if (id === undefined) return undefined;
    this.credentialIds.set(r.sourceKey, id);
    const warnCode = (field: string, what: string, code: string) => this.t.warn(at(this.file, loc, field, `${what} ${code} is not in the loaded taxonomy; link skipped`));
    const soc = r.socCodes.filter((s) => this.refs.soc.has(s) || (warnCode('occupationType', 'SOC', s), false));
    const naics = r.naicsCodes.filter((s) => this.refs.naics.has(s) || (warnCode('industryType', 'NAICS', s), false));
    const cip = r.cipCodes.filter((s) => this.refs.cip.has(s) || (warnCode('instructionalProgramType', 'CIP', s), false));
    const skills = [...new Set(r.skills.map((s) => this.refs.skills.get(s.toLowerCase()) ?? (this.t.warn(at(this.file, loc, 'skills', `skill "${s}" is not in the skill taxonomy; link skipped`)), '')).filter(Boolean))];
    await insertIgnoring(this.c, 'credential_soc', ['credential_id', 'soc_code'], soc.map((s) => [id, s]));
    await insertIgnoring(this.c, 'credential_naics', ['credential_id', 'naics_code'], naics.map((s) => [id, s]));
    await insertIgnoring(this.c, 'credential_cip', ['credential_id', 'cip_code'], cip.map((s) => [id, s]));
    await insertIgnoring(this.c, 'credential_skill', ['credential_id', 'skill_id'], skills.map((s) => [id, s]));
    await insertIgnoring(
      this.c,
      'credential_outcome_profile',
      ['credential_id', 'source_key', 'description', 'date_effective', 'employment_rate', 'median_earnings', 'jobs_obtained', 'data'],
      r.outcomeProfiles.map((o) => [id, o.sourceKey, o.description ?? null, o.dateEffective ?? null, o.employmentRate ?? null, o.medianEarnings ?? null, o.jobsObtained === undefined ? null : Math.round(o.jobsObtained), JSON.stringify(o.data)]),
      ['', '', '', 'date', 'numeric', 'numeric', 'int', 'jsonb'],
    );
    return id;
  }

  private async addStack(r: StackRecord, loc: RecordLocation): Promise<void> {
    const part = await this.findCredential(r.partKey);
    const whole = await this.findCredential(r.wholeKey);
    if (part === undefined || whole === undefined) {
      this.t.warn(at(this.file, loc, 'stack', `stacking ${r.partKey} into ${r.wholeKey} skipped: ${part === undefined ? r.partKey : r.wholeKey} is not in the catalog (load it, then this file again)`));
      return;
    }
    if (part === whole) return;
    const n = await insertIgnoring(this.c, 'credential_stack', ['part_id', 'whole_id'], [[part, whole]]);
    if (n) this.t.accepted++;
    else this.t.duplicates++;
  }

  // ---- awards and outcomes ---------------------------------------------------------------------

  private async addAward(r: AwardRecord, loc: RecordLocation): Promise<void> {
    const issues: RecordIssue[] = [];
    if (r.countyFips && !this.refs.county.has(r.countyFips)) issues.push(at(this.file, loc, 'county_fips', unknownCode('county FIPS', r.countyFips, this.refs.county)));
    if (r.stateFips && !this.refs.state.has(r.stateFips)) issues.push(at(this.file, loc, 'state', unknownCode('state FIPS', r.stateFips, this.refs.state)));
    if (r.programCip && !this.refs.cip.has(r.programCip)) issues.push(at(this.file, loc, 'program_cip', unknownCode('CIP', r.programCip, this.refs.cip)));
    let credentialId: number | undefined;
    if (issues.length === 0) {
      if ('kind' in r.credential) credentialId = await this.upsertCredentialQuiet(r.credential, loc);
      else {
        credentialId = await this.findCredential(r.credential.ref);
        if (credentialId === undefined && r.credential.name) {
          const ref = r.credential;
          credentialId = await this.upsertCredentialQuiet(
            { kind: 'credential', sourceKey: ref.ref, name: ref.name!, shortNames: [], type: ref.type ?? 'certificate', isMicro: (ref.type ?? 'certificate') !== 'degree', provider: ref.provider, externalIds: {}, socCodes: [], naicsCodes: [], cipCodes: [], skills: [], partOf: [], hasPart: [], outcomeProfiles: [] },
            loc,
          );
        }
        if (credentialId === undefined) issues.push(at(this.file, loc, 'credential', `unknown credential ${JSON.stringify(r.credential.ref)}: not a source key, CTID, achievement id or name in the catalog; load the catalog entry first or give credential_name to add it`));
      }
    }
    if (issues.length || credentialId === undefined) return this.t.reject(issues);
    this.awards.push({ r, loc, credentialId });
    if (this.awards.length >= ROW_BATCH) await this.flushAwards();
  }

  /** Catalog entry carried by an award: created when new, never counted as a record of its own. */
  private async upsertCredentialQuiet(r: CredentialRecord, loc: RecordLocation): Promise<number | undefined> {
    const dup = this.t.duplicates;
    const id = await this.upsertCredential(r, loc);
    this.t.duplicates = dup;
    return id;
  }

  private async flushAwards(): Promise<void> {
    if (this.awards.length === 0) return;
    const batch = this.awards;
    this.awards = [];
    const existing = await existingKeys(this.c, 'credential_award', batch.map((a) => a.r.sourceKey));
    const seen = new Set<string>();
    const rows: unknown[][] = [];
    for (const { r, credentialId } of batch) {
      if (existing.has(r.sourceKey) || seen.has(r.sourceKey)) {
        this.t.duplicates++;
        continue;
      }
      seen.add(r.sourceKey);
      this.t.touch(r.awardDate, 'awards');
      rows.push([
        r.sourceKey, r.learnerKey, credentialId, r.awardDate, r.expiryDate ?? null, r.countyFips ?? null, r.stateFips ?? null, r.programCip ?? null,
        r.ageBand ?? null, r.sex ?? null, r.raceEthnicity ?? null, r.lowIncome ?? null, r.proofStatus, r.proofDetail ?? (r.expired ? 'expired' : null), r.credentialStatus ?? null, this.runId,
      ]);
    }
    const n = await insertIgnoring(
      this.c,
      'credential_award',
      ['source_key', 'learner_key', 'credential_id', 'award_date', 'expiry_date', 'county_fips', 'state_fips', 'program_cip', 'age_band', 'sex', 'race_ethnicity', 'low_income', 'proof_status', 'proof_detail', 'credential_status', 'ingest_run_id'],
      rows,
      ['', '', 'int', 'date', 'date', '', '', '', '', '', '', 'boolean', '', '', '', 'bigint'],
    );
    this.t.accepted += n;
    this.t.duplicates += rows.length - n;
  }

  private async flushOutcomes(): Promise<void> {
    if (this.outcomes.length === 0) return;
    const batch = this.outcomes;
    this.outcomes = [];
    const byKey = new Map<string, OutcomeRecord>();
    for (const o of batch) {
      const k = `${o.learnerKey}|${o.quarter}`;
      if (byKey.has(k)) this.t.duplicates++;
      else byKey.set(k, o);
    }
    const rows = [...byKey.values()].map((o) => [o.learnerKey, o.quarter, o.employed, o.wage ?? null, o.naicsCode ?? null, o.sourceKey, this.runId]);
    const n = await insertIgnoring(this.c, 'learner_outcome', ['learner_key', 'quarter', 'employed', 'wage', 'naics_code', 'source_key', 'ingest_run_id'], rows, ['', 'date', 'boolean', 'numeric', '', '', 'bigint']);
    this.t.accepted += n;
    this.t.duplicates += rows.length - n;
    for (const o of byKey.values()) this.t.touch(o.quarter, 'outcomes');
  }
}

function unknownCode(what: string, code: string, set: Set<string>): string {
  return set.size === 0
    ? `${what} ${code} cannot be checked: the ${what} taxonomy is not loaded (run "credpulse taxonomy load")`
    : `unknown ${what} code ${code}: not in the loaded taxonomy`;
}

/**
 * The dictionary ingest extracts with: one entry per skill concept (O*NET + ESCO, canonical), and
 * every credential's name, short names and admin aliases. Re-extraction uses the same.
 */
export async function loadPipelineDictionary(c: Pick<PoolClient, 'query'>): Promise<ExtractionDictionary> {
  const skills = (await c.query<{ id: string; source: string; name: string; alt: string[] }>('SELECT id, source, name, alt_labels AS alt FROM skill ORDER BY id')).rows;
  const creds = (await c.query<{ id: number; name: string; short: string[] }>(CREDENTIAL_DICTIONARY_SQL)).rows;
  return {
    ...canonicalSkillDictionary(skills.map((s) => ({ id: s.id, source: s.source, name: s.name, altLabels: s.alt ?? [] }))),
    credentials: creds.map((x) => ({ id: x.id, name: x.name, shortNames: x.short })),
  };
}
