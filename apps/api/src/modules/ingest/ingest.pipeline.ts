import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { MENTION_LEVEL_CODE, type IngestFileSummary, type IngestIssue } from '@credpulse/contracts';
import {
  createExtractor,
  learnerKeyHasher,
  parseFile,
  IngestFatalError,
  type AwardRecord,
  type ColumnMapping,
  type CredentialRecord,
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
import { bulkWrite, existingKeys, finishRun, insertIgnoring, insertRejects, insertRun, learnerSecret, loadReferenceCodes, reserveIds, type ReferenceCodes } from './ingest.repository.js';

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
}

export interface IngestDeps {
  ds: DataSource;
  embedded: boolean;
  secret?: string;
  now?: Date;
  /** Reuses the extractor across files while the skill and credential tables are unchanged (it takes seconds to build). */
  extractorCache?: { key?: string; extractor?: Extractor };
  /** Called with the earliest affected date after a successful load (rollup refresh, meta). */
  afterLoad?: (since: string | null) => Promise<void>;
}

const MAX_LISTED = 1000;
const POSTING_BATCH = 2000;
const ROW_BATCH = 1000;
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
  touch(date: string) {
    if (this.minDate === null || date < this.minDate) this.minDate = date;
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
  try {
    await qr.startTransaction();
    // One ingest at a time: the duplicate checks below read what earlier ingests committed.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('credpulse:ingest'))`);
    const refs = await loadReferenceCodes(client);
    const secret = await learnerSecret(client, deps.secret);
    runId = await insertRun(client, input.format, input.file, null);
    const loader = new Loader(client, deps.embedded, runId, refs, tally, input.file, deps.extractorCache ?? {});
    for await (const ev of parseFile(input.format, source, { file: input.file, learnerKey: learnerKeyHasher(secret), mapping: input.mapping, now: deps.now })) {
      if (ev.type === 'warning') tally.warn(ev.issue);
      else if (ev.type === 'reject') tally.reject(ev.issues, ev.raw);
      else {
        if (input.includeRecords && tally.records.length < RECORDS_CAP) tally.records.push(ev.record);
        await loader.add(ev.record, ev.loc);
      }
      if (tally.pendingRejects.length >= 1000) await flushRejects(client, runId, tally);
    }
    await loader.finish();
    await flushRejects(client, runId, tally);
    const status = tally.rejected === 0 ? 'succeeded' : 'partial';
    if (input.allOrNothing && tally.rejected > 0) {
      detail = `all-or-nothing: ${tally.rejected} record${tally.rejected === 1 ? ' was' : 's were'} rejected, so nothing was loaded`;
      await qr.rollbackTransaction();
      runId = input.dryRun ? null : await recordFailedRun(deps.ds, input, tally, sha, detail);
    } else if (input.dryRun) {
      await qr.rollbackTransaction();
      runId = null;
    } else {
      await client.query('UPDATE ingest_run SET file_sha256 = $2 WHERE id = $1', [runId, sha.digest('hex')]);
      await finishRun(client, runId, status, tally, tally.warnings);
      await qr.commitTransaction();
      committed = true;
    }
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    if (!(e instanceof IngestFatalError)) throw e;
    detail = e.message;
    tally.errors.push({ file: input.file, field: '(file)', reason: e.message });
    runId = input.dryRun ? null : await recordFailedRun(deps.ds, input, tally, sha, detail);
  } finally {
    await qr.release();
  }
  if (committed && tally.accepted > 0 && deps.afterLoad) await deps.afterLoad(tally.minDate);
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

const POSTING_COLUMNS = [
  'id', 'source_key', 'employer', 'title', 'naics_code', 'soc_code', 'county_fips', 'state_fips', 'posted_date', 'expires_date', 'last_seen_date',
  'description', 'salary_min', 'salary_max', 'salary_unit', 'salary_annual', 'degree_level', 'in_lieu', 'remote', 'dedup_group', 'is_duplicate', 'ingest_run_id',
];

interface PendingPosting {
  r: PostingRecord;
  loc: RecordLocation;
}

/** Writes normalized records: postings in COPY batches (with extraction), the rest in small batches. */
class Loader {
  private postings: PendingPosting[] = [];
  private awards: { r: AwardRecord; loc: RecordLocation; credentialId: number }[] = [];
  private outcomes: OutcomeRecord[] = [];
  private stacks: { r: StackRecord; loc: RecordLocation }[] = [];
  private inflight: Promise<void> = Promise.resolve();
  private extractor: Extractor | undefined;
  private credentialIds = new Map<string, number>();
  private providerIds = new Map<string, number>();
  private sawPostings = false;

  constructor(
    private readonly c: PoolClient,
    private readonly embedded: boolean,
    private readonly runId: number,
    private readonly refs: ReferenceCodes,
    private readonly t: Tally,
    private readonly file: string,
    private readonly cache: { key?: string; extractor?: Extractor },
  ) {}

  async add(rec: NormalizedRecord, loc: RecordLocation): Promise<void> {
    switch (rec.kind) {
      case 'posting': {
        const issues = this.checkPosting(rec, loc);
        if (issues.length) return this.t.reject(issues);
        this.postings.push({ r: rec, loc });
        if (this.postings.length >= POSTING_BATCH) await this.flushPostings();
        return;
      }
      case 'credential': {
        const before = this.t.duplicates;
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
        this.stacks.push({ r: rec, loc });
        return;
    }
  }

  async finish(): Promise<void> {
    await this.flushPostings();
    await this.inflight;
    await this.flushAwards();
    await this.flushOutcomes();
    for (const { r, loc } of this.stacks) await this.addStack(r, loc);
    if (this.sawPostings) await this.dedup();
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

  private async getExtractor(): Promise<Extractor> {
    if (!this.extractor) {
      const [{ key }] = (await this.c.query<{ key: string }>(
        `SELECT (SELECT count(*) FROM skill) || ':' || (SELECT count(*) || ':' || coalesce(max(id), 0) FROM credential) AS key`,
      )).rows;
      if (this.cache.key === key && this.cache.extractor) return (this.extractor = this.cache.extractor);
      const skills = (await this.c.query<{ id: string; name: string; alt: string[] }>('SELECT id, name, alt_labels AS alt FROM skill')).rows;
      const creds = (await this.c.query<{ id: number; name: string; short: string[] }>('SELECT id, name, short_names AS short FROM credential')).rows;
      this.extractor = createExtractor({
        skills: skills.map((s) => ({ id: s.id, name: s.name, altLabels: s.alt })),
        credentials: creds.map((c) => ({ id: c.id, name: c.name, shortNames: c.short })),
      });
      this.cache.key = key;
      this.cache.extractor = this.extractor;
    }
    return this.extractor;
  }

  private async flushPostings(): Promise<void> {
    if (this.postings.length === 0) return;
    this.sawPostings = true;
    const batch = this.postings;
    this.postings = [];
    const extractor = await this.getExtractor();
    // Extraction (CPU) runs while the previous batch's COPY is still being written by the server.
    const extracted = batch.map(({ r }) =>
      extractor.extract(r.description ?? '', { sections: { qualifications: r.qualifications, skills: r.skillsText, education: r.educationText } }),
    );
    await this.inflight;
    const seen = new Set<string>();
    const existing = await existingKeys(this.c, 'job_posting', batch.map((p) => p.r.sourceKey));
    const keep: number[] = [];
    batch.forEach((p, i) => {
      if (existing.has(p.r.sourceKey) || seen.has(p.r.sourceKey)) this.t.duplicates++;
      else {
        seen.add(p.r.sourceKey);
        keep.push(i);
      }
    });
    if (keep.length === 0) return;
    const ids = await reserveIds(this.c, 'job_posting_id_seq', keep.length);
    const rows: unknown[][] = [];
    const skillRows: unknown[][] = [];
    const credRows: unknown[][] = [];
    keep.forEach((i, k) => {
      const r = batch[i].r;
      const x = extracted[i];
      const id = ids[k];
      const group = createHash('sha1').update(dedupKey(r.employer ?? null, r.title, r.countyFips ?? r.stateFips ?? null)).digest('hex').slice(0, 20);
      rows.push([
        id, r.sourceKey, r.employer, r.title, r.naicsCode, r.socCode, r.countyFips, r.stateFips, r.postedDate, r.expiresDate, r.lastSeenDate,
        r.description, r.salaryMin, r.salaryMax, r.salaryUnit, r.salaryAnnual, r.degreeLevel ?? x.degreeLevel, r.inLieu ?? x.inLieu, r.remote, group, false, this.runId,
      ]);
      for (const m of x.skills) skillRows.push([id, m.id, MENTION_LEVEL_CODE[m.level]]);
      for (const m of x.credentials) credRows.push([id, m.id, MENTION_LEVEL_CODE[m.level]]);
      this.t.touch(r.postedDate);
    });
    this.t.accepted += keep.length;
    const write = async () => {
      await bulkWrite(this.c, this.embedded, 'job_posting', POSTING_COLUMNS, rows);
      await bulkWrite(this.c, this.embedded, 'posting_skill', ['posting_id', 'skill_id', 'level'], skillRows);
      await bulkWrite(this.c, this.embedded, 'posting_credential', ['posting_id', 'credential_id', 'level'], credRows);
    };
    // Keep a rejection handled even before the next await picks it up.
    const p = write();
    p.catch(() => undefined);
    this.inflight = p;
  }

  /** Marks reposts (METRICS.md): same employer + normalised title + region within 60 days of the cluster's first posting. */
  private async dedup(): Promise<void> {
    const { rows } = await this.c.query<{ id: string; g: string; d: string; dup: boolean }>(
      `WITH touched AS (SELECT DISTINCT dedup_group FROM job_posting WHERE ingest_run_id = $1),
            multi AS (SELECT p.dedup_group FROM job_posting p JOIN touched t USING (dedup_group) GROUP BY 1 HAVING count(*) > 1)
       SELECT p.id::text AS id, p.dedup_group AS g, to_char(p.posted_date, 'YYYY-MM-DD') AS d, p.is_duplicate AS dup
       FROM job_posting p JOIN multi USING (dedup_group)`,
      [this.runId],
    );
    if (rows.length === 0) return;
    const current = new Map(rows.map((r) => [r.id, r.dup]));
    const changed = assignDedupGroups(rows.map((r) => ({ id: r.id.padStart(20, '0'), key: r.g, posted: r.d })))
      .map((x) => ({ id: x.id.replace(/^0+/, ''), dup: x.duplicate }))
      .filter((x) => current.get(x.id) !== x.dup);
    for (let i = 0; i < changed.length; i += 10_000) {
      const part = changed.slice(i, i + 10_000);
      await this.c.query(`UPDATE job_posting p SET is_duplicate = v.dup FROM unnest($1::bigint[], $2::boolean[]) AS v(id, dup) WHERE p.id = v.id`, [part.map((x) => x.id), part.map((x) => x.dup)]);
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
      this.t.touch(r.awardDate);
      rows.push([
        r.sourceKey, r.learnerKey, credentialId, r.awardDate, r.expiryDate ?? null, r.countyFips ?? null, r.stateFips ?? null, r.programCip ?? null,
        r.ageBand ?? null, r.sex ?? null, r.raceEthnicity ?? null, r.lowIncome ?? null, r.proofStatus, r.proofDetail ?? (r.expired ? 'expired' : null), this.runId,
      ]);
    }
    const n = await insertIgnoring(
      this.c,
      'credential_award',
      ['source_key', 'learner_key', 'credential_id', 'award_date', 'expiry_date', 'county_fips', 'state_fips', 'program_cip', 'age_band', 'sex', 'race_ethnicity', 'low_income', 'proof_status', 'proof_detail', 'ingest_run_id'],
      rows,
      ['', '', 'int', 'date', 'date', '', '', '', '', '', '', 'boolean', '', '', 'bigint'],
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
    for (const o of byKey.values()) this.t.touch(o.quarter);
  }
}

function unknownCode(what: string, code: string, set: Set<string>): string {
  return set.size === 0
    ? `${what} ${code} cannot be checked: the ${what} taxonomy is not loaded (run "credpulse taxonomy load")`
    : `unknown ${what} code ${code}: not in the loaded taxonomy`;
}
