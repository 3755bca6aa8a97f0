import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { credentialAliases, credentialsCsvRow } from '@credpulse/taxonomy';
import { csvSafeText } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import { badParameter, notFound, Problem } from '../../common/problem.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { enqueueReextract, latestReextractJob, runReextract, type ReextractJob } from './reextract.js';

// "Credentials employers name that the catalog lacks": candidates found by extraction, with their
// support (postings naming them, repost duplicates left out) by month, state and industry, example
// snippets, and the admin's decision: add to the catalog, merge into a credential as an alias, or
// ignore. Every decision is audited; add and merge queue a re-extraction of stored postings.

export interface CandidateFilters {
  status: string[];
  minSupport: number;
  from?: string;
  to?: string;
  state?: string;
  limit: number;
  q?: string;
}

export interface CandidateRow {
  id: number;
  name: string;
  key: string;
  pattern: string;
  status: string;
  credentialId: number | null;
  credentialName: string | null;
  postings: number;
  firstMonth: string | null;
  lastMonth: string | null;
  byMonth: { month: string; postings: number }[];
  byState: { state: string; postings: number }[];
  byIndustry: { naics: string; postings: number }[];
  examples: string[];
}

const STATUSES = ['open', 'added', 'merged', 'ignored'];
const TYPES = ['badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential', 'apprenticeship'];

export function parseCandidateFilters(q: Record<string, unknown>): CandidateFilters {
  const str = (k: string) => (typeof q[k] === 'string' && (q[k] as string).trim() !== '' ? (q[k] as string).trim() : undefined);
  const status = (str('status') ?? 'open').split(',').map((s) => s.trim());
  for (const s of status) if (s !== 'all' && !STATUSES.includes(s)) throw badParameter('status', `status must be one of ${STATUSES.join(', ')} or all`, STATUSES, s);
  const int = (k: string, def: number, min: number, max: number) => {
    const v = str(k);
    if (v === undefined) return def;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw badParameter(k, `${k} must be a whole number from ${min} to ${max}`);
    return Number(v);
  };
  const date = (k: string) => {
    const v = str(k);
    if (v !== undefined && !/^\d{4}-\d{2}(-\d{2})?$/.test(v)) throw badParameter(k, `${k} must be YYYY-MM or YYYY-MM-DD`);
    return v === undefined ? undefined : v.length === 7 ? `${v}-01` : v;
  };
  const state = str('state');
  if (state !== undefined && !/^\d{2}$/.test(state)) throw badParameter('state', 'state must be a 2-digit state FIPS code');
  return { status: status.includes('all') ? STATUSES : status, minSupport: int('minSupport', 3, 1, 1_000_000), from: date('from'), to: date('to'), state, limit: int('limit', 200, 1, 5000), q: str('q')?.toLowerCase() };
}

@Injectable()
export class CredentialDiscoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Reextract');
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuthRepository,
  ) {}

  onApplicationBootstrap(): void {
    // a job left unfinished (server stopped mid-way) resumes in the background
    void this.ds
      .query(`SELECT 1 FROM reextract_job WHERE status IN ('queued', 'running') LIMIT 1`)
      .then((r: unknown[]) => (r.length ? this.kick() : undefined))
      .catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  /** Runs queued jobs in the background, one at a time; resolves when none is left. */
  kick(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (;;) {
          const [job] = await this.ds.query(`SELECT id FROM reextract_job WHERE status IN ('queued', 'running') ORDER BY id LIMIT 1`);
          if (!job || this.stopping) return;
          const r = await runReextract(this.ds, job.id, { shouldStop: () => this.stopping });
          if (r === null || this.stopping) return; // another process runs it, or we are stopping
        }
      } catch (e) {
        this.log.error(`re-extraction failed: ${(e as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Resolves when the background runner is idle (tests, CLI). */
  async idle(): Promise<void> {
    await this.running;
  }

  status(): Promise<ReextractJob | null> {
    return latestReextractJob(this.ds);
  }

  async startReextract(actor: { name: string; role: string }, force: boolean): Promise<ReextractJob | null> {
    const { queued } = await enqueueReextract(this.ds, `requested by ${actor.name}`, { force });
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'reextract.start', detail: queued ? 'queued' : 'nothing to do: postings are extracted with the current catalog' });
    if (queued) void this.kick();
    return this.status();
  }

  async list(f: CandidateFilters): Promise<CandidateRow[]> {
    const where = [`NOT p.is_duplicate`];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.from) add('p.posted_date >= ?::date', f.from);
    if (f.to) add(`p.posted_date < (?::date + interval '1 month')`, f.to);
    if (f.state) add('p.state_fips = ?', f.state);
    const supportCte = `support AS (
      SELECT pcc.candidate_id, count(*)::int AS postings, to_char(min(p.posted_date), 'YYYY-MM') AS first, to_char(max(p.posted_date), 'YYYY-MM') AS last
      FROM posting_credential_candidate pcc JOIN job_posting p ON p.id = pcc.posting_id WHERE ${where.join(' AND ')} GROUP BY 1)`;
    const whereParams = [...params];
    params.push(f.status, f.minSupport, f.limit, f.q ? `%${f.q}%` : null);
    const n = params.length;
    const rows: { id: number; name: string; key: string; pattern: string; status: string; credential_id: number | null; credential_name: string | null; postings: number; first: string | null; last: string | null; examples: string[] }[] =
      await this.ds.query(
        `WITH ${supportCte}
         SELECT c.id, c.name, c.key, c.pattern, c.status, c.credential_id, cr.name AS credential_name, coalesce(s.postings, 0) AS postings, s.first, s.last, c.examples
         FROM credential_candidate c LEFT JOIN support s ON s.candidate_id = c.id LEFT JOIN credential cr ON cr.id = c.credential_id
         WHERE c.status = ANY($${n - 3}::text[]) AND (coalesce(s.postings, 0) >= $${n - 2} OR c.status <> 'open') AND ($${n}::text IS NULL OR c.key LIKE $${n})
         ORDER BY coalesce(s.postings, 0) DESC, c.key LIMIT $${n - 1}`,
        params,
      );
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const breakdown = async (expr: string, join = '') => {
      const r: { id: number; k: string; n: number }[] = await this.ds.query(
        `SELECT pcc.candidate_id AS id, ${expr} AS k, count(*)::int AS n FROM posting_credential_candidate pcc JOIN job_posting p ON p.id = pcc.posting_id ${join}
         WHERE pcc.candidate_id = ANY($${whereParams.length + 1}::int[]) AND ${where.join(' AND ')} GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
        [...whereParams, ids],
      );
      const m = new Map<number, { k: string; n: number }[]>();
      for (const x of r) m.set(x.id, [...(m.get(x.id) ?? []), { k: x.k, n: x.n }]);
      return m;
    };
    const months = await breakdown(`to_char(p.posted_date, 'YYYY-MM')`);
    const states = await breakdown(`coalesce(st.usps, 'unknown')`, 'LEFT JOIN state st ON st.fips = p.state_fips');
    const industries = await breakdown(`coalesce(left(p.naics_code, 2), 'unknown')`);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      key: r.key,
      pattern: r.pattern,
      status: r.status,
      credentialId: r.credential_id,
      credentialName: r.credential_name,
      postings: r.postings,
      firstMonth: r.first,
      lastMonth: r.last,
      byMonth: (months.get(r.id) ?? []).map((x) => ({ month: x.k, postings: x.n })).sort((a, b) => a.month.localeCompare(b.month)),
      byState: (states.get(r.id) ?? []).slice(0, 10).map((x) => ({ state: x.k, postings: x.n })),
      byIndustry: (industries.get(r.id) ?? []).slice(0, 10).map((x) => ({ naics: x.k, postings: x.n })),
      examples: r.examples ?? [],
    }));
  }

  /** CSV: one line per candidate, month, state and industry (2-digit NAICS) with postings naming it. */
  async exportCsv(f: CandidateFilters): Promise<string> {
    const list = await this.list({ ...f, limit: Math.max(f.limit, 5000) });
    const out = ['candidate_id,name,pattern,status,merged_or_added_as,postings_total,month,state,industry_naics2,postings'];
    if (list.length) {
      const params: unknown[] = [list.map((c) => c.id)];
      const where = ['pcc.candidate_id = ANY($1::int[])', 'NOT p.is_duplicate'];
      if (f.from) where.push(`p.posted_date >= $${params.push(f.from)}::date`);
      if (f.to) where.push(`p.posted_date < ($${params.push(f.to)}::date + interval '1 month')`);
      if (f.state) where.push(`p.state_fips = $${params.push(f.state)}`);
      const rows: { id: number; month: string; state: string; naics: string; n: number }[] = await this.ds.query(
        `SELECT pcc.candidate_id AS id, to_char(p.posted_date, 'YYYY-MM') AS month, coalesce(st.usps, '') AS state, coalesce(left(p.naics_code, 2), '') AS naics, count(*)::int AS n
         FROM posting_credential_candidate pcc JOIN job_posting p ON p.id = pcc.posting_id LEFT JOIN state st ON st.fips = p.state_fips
         WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        params,
      );
      const byId = new Map(list.map((c) => [c.id, c]));
      const cell = (s: string | number | null) => {
        const v = typeof s === 'number' ? String(s) : csvSafeText(s ?? '');
        return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
      };
      for (const r of rows) {
        const c = byId.get(r.id)!;
        out.push([c.id, c.name, c.pattern, c.status, c.credentialName, c.postings, r.month, r.state, r.naics, r.n].map(cell).join(','));
      }
    }
    return `${out.join('\n')}\n`;
  }

  private async openCandidate(id: number): Promise<{ id: number; name: string; key: string; status: string }> {
    const [c] = await this.ds.query('SELECT id, name, key, status FROM credential_candidate WHERE id = $1', [id]);
    if (!c) throw notFound(`no credential candidate with id ${id}`);
    if (c.status !== 'open') throw new Problem(HttpStatus.CONFLICT, 'Already decided', `candidate ${id} ("${c.name}") is already ${c.status}`);
    return c;
  }

  /** Adds the candidate to the catalog as a credential (name, type, issuer, target SOC). */
  async add(id: number, body: Record<string, unknown> | undefined, actor: { name: string; role: string }): Promise<{ candidateId: number; credentialId: number; reextract: ReextractJob | null }> {
    const c = await this.openCandidate(id);
    const b = body ?? {};
    const text = (k: string) => (b[k] === undefined || b[k] === null ? undefined : typeof b[k] === 'string' ? (b[k] as string) : Array.isArray(b[k]) ? (b[k] as unknown[]).map(String).join('|') : String(b[k]));
    const socRows: { code: string }[] = await this.ds.query(`SELECT code FROM soc WHERE level = 'detailed'`);
    const { record, problems } = credentialsCsvRow(
      (f) => (f === 'name' ? (text('name') ?? c.name) : f === 'type' ? text('type') : f === 'issuer' ? text('issuer') : f === 'target_soc' ? text('targetSoc') : f === 'short_names' ? text('shortNames') : f === 'url' ? text('url') : undefined),
      new Set(socRows.map((r) => r.code)),
    );
    if (!record) {
      throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), {
        errors: problems.map((p) => ({ field: p.field === 'target_soc' ? 'targetSoc' : p.field === 'short_names' ? 'shortNames' : p.field, reason: p.reason })) as never,
      });
    }
    if (!TYPES.includes(record.type)) throw badParameter('type', `type must be one of ${TYPES.join(', ')}`);
    const credentialId = await this.ds.transaction(async (m) => {
      let providerId: number | null = null;
      if (record.issuer) {
        const [p] = await m.query(
          `INSERT INTO provider (source_key, name) VALUES ($1, $2) ON CONFLICT (source_key) DO UPDATE SET name = provider.name RETURNING id`,
          [`name:${record.issuer.toLowerCase()}`, record.issuer],
        );
        providerId = p.id;
      }
      const shortNames = [...new Set([c.name, ...record.shortNames, ...credentialAliases(record.name, { type: record.type, issuer: record.issuer })])].filter((s) => s.toLowerCase() !== record.name.toLowerCase());
      const [cred] = await m.query(
        `INSERT INTO credential (source_key, name, short_names, type, is_micro, provider_id, description, external_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          `discovered:${c.key.replace(/\s+/g, '-')}`,
          record.name,
          shortNames,
          record.type,
          record.type !== 'degree' && record.type !== 'license',
          providerId,
          `${record.name}: ${record.type}${record.issuer ? ` issued by ${record.issuer}` : ''}. Added from postings by ${actor.name}.`,
          JSON.stringify({ source: `discovered in postings (candidate ${c.id}, "${c.name}")`, addedBy: actor.name, ...(record.url ? { url: record.url } : {}) }),
        ],
      );
      if (record.socs.length) await m.query('INSERT INTO credential_soc (credential_id, soc_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [cred.id, record.socs]);
      await m.query(`UPDATE credential_candidate SET status = 'added', credential_id = $2, decided_by = $3, decided_at = now() WHERE id = $1`, [id, cred.id, actor.name]);
      return cred.id as number;
    });
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'credential-candidate.add', dataset: 'credential', detail: `"${c.name}" added as credential ${credentialId} "${record.name}" (${record.type}${record.issuer ? `, ${record.issuer}` : ''}${record.socs.length ? `, SOC ${record.socs.join(' ')}` : ''})` });
    return { candidateId: id, credentialId, reextract: await this.queue(`candidate ${id} added to the catalog`) };
  }

  /** Merges the candidate into an existing credential as an alias. */
  async merge(id: number, body: Record<string, unknown> | undefined, actor: { name: string; role: string }): Promise<{ candidateId: number; credentialId: number; reextract: ReextractJob | null }> {
    const c = await this.openCandidate(id);
    const raw = body?.credentialId;
    const credentialId = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(credentialId) || credentialId < 1 || credentialId > 2_147_483_647) throw badParameter('credentialId', 'credentialId must be the id of a credential in the catalog');
    const [cred] = await this.ds.query('SELECT id, name FROM credential WHERE id = $1', [credentialId]);
    if (!cred) throw notFound(`no credential with id ${credentialId}`);
    await this.ds.transaction(async (m) => {
      await m.query('INSERT INTO credential_alias (credential_id, alias, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [credentialId, c.name, actor.name]);
      await m.query(`UPDATE credential_candidate SET status = 'merged', credential_id = $2, decided_by = $3, decided_at = now() WHERE id = $1`, [id, credentialId, actor.name]);
    });
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'credential-candidate.merge', dataset: 'credential', detail: `"${c.name}" merged as an alias of credential ${credentialId} "${cred.name}"` });
    return { candidateId: id, credentialId, reextract: await this.queue(`candidate ${id} merged into credential ${credentialId}`) };
  }

  async ignore(id: number, actor: { name: string; role: string }): Promise<{ candidateId: number; status: string }> {
    const c = await this.openCandidate(id);
    await this.ds.query(`UPDATE credential_candidate SET status = 'ignored', decided_by = $2, decided_at = now() WHERE id = $1`, [id, actor.name]);
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'credential-candidate.ignore', dataset: 'credential', detail: `"${c.name}" ignored` });
    return { candidateId: id, status: 'ignored' };
  }

  private async queue(reason: string): Promise<ReextractJob | null> {
    const { queued } = await enqueueReextract(this.ds, reason);
    if (queued) void this.kick();
    return this.status();
  }
}
