import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { credentialAliases, credentialsCsvRow } from '@credpulse/taxonomy';
import { CANDIDATE_STATUSES, CREDENTIAL_TYPES, csvSafeText, type CandidateFilters, type CandidateStatus, type CredentialCandidate, type CredentialType } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import { badParameter, notFound, Problem } from '../../common/problem.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { DiscoveryRepository } from './discovery.repository.js';
import { enqueueReextract, latestReextractJob, runReextract, type ReextractJob } from './reextract.js';

// "Credentials employers name that the catalog lacks": candidates found by extraction, with their
// support (postings naming them, repost duplicates left out) by month, state and industry, example
// snippets, and the admin's decision: add to the catalog, merge into a credential as an alias, or
// ignore. Every decision is audited; add and merge queue a re-extraction of stored postings.

const isStatus = (s: string): s is CandidateStatus => (CANDIDATE_STATUSES as readonly string[]).includes(s);

/** The candidate query parameters (CandidateQuery) parsed; a bad one is a 400 naming it. */
export function parseCandidateFilters(q: Record<string, unknown>): CandidateFilters {
  const str = (k: string) => (typeof q[k] === 'string' && (q[k] as string).trim() !== '' ? (q[k] as string).trim() : undefined);
  const asked = (str('status') ?? 'open').split(',').map((s) => s.trim());
  for (const s of asked) if (s !== 'all' && !isStatus(s)) throw badParameter('status', `status must be one of ${CANDIDATE_STATUSES.join(', ')} or all`, CANDIDATE_STATUSES, s);
  const status: CandidateStatus[] = asked.includes('all') ? [...CANDIDATE_STATUSES] : asked.filter(isStatus);
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
  return { status, minSupport: int('minSupport', 3, 1, 1_000_000), from: date('from'), to: date('to'), state, limit: int('limit', 200, 1, 5000), q: str('q')?.toLowerCase() };
}

@Injectable()
export class CredentialDiscoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Reextract');
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: DiscoveryRepository,
    private readonly audit: AuthRepository,
  ) {}

  onApplicationBootstrap(): void {
    // a job left unfinished (server stopped mid-way) resumes in the background
    void this.repo
      .openJob()
      .then((id) => (id !== null ? this.kick() : undefined))
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
          const job = await this.repo.openJob();
          if (job === null || this.stopping) return;
          const r = await runReextract(this.ds, job, { shouldStop: () => this.stopping });
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

  /** The candidates with their support by month (oldest first), and their ten largest states and industries. */
  async list(f: CandidateFilters): Promise<CredentialCandidate[]> {
    const rows = await this.repo.candidates(f);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [months, states, industries] = await Promise.all((['month', 'state', 'industry'] as const).map((d) => this.repo.support(f, ids, d)));
    return rows.map((r) => ({
      ...r,
      byMonth: (months.get(r.id) ?? []).map((x) => ({ month: x.key, postings: x.n })).sort((a, b) => a.month.localeCompare(b.month)),
      byState: (states.get(r.id) ?? []).slice(0, 10).map((x) => ({ state: x.key, postings: x.n })),
      byIndustry: (industries.get(r.id) ?? []).slice(0, 10).map((x) => ({ naics: x.key, postings: x.n })),
    }));
  }

  /** CSV: one line per candidate, month, state and industry (2-digit NAICS) with postings naming it. */
  async exportCsv(f: CandidateFilters): Promise<string> {
    const list = await this.list({ ...f, limit: Math.max(f.limit, 5000) });
    const out = ['candidate_id,name,pattern,status,merged_or_added_as,postings_total,month,state,industry_naics2,postings'];
    if (list.length) {
      const rows = await this.repo.supportCells(f, list.map((c) => c.id));
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
    const c = await this.repo.candidate(id);
    if (!c) throw notFound(`no credential candidate with id ${id}`);
    if (c.status !== 'open') throw new Problem(HttpStatus.CONFLICT, 'Already decided', `candidate ${id} ("${c.name}") is already ${c.status}`);
    return c;
  }

  /** Adds the candidate to the catalog as a credential (name, type, issuer, target SOC). */
  async add(id: number, body: Record<string, unknown> | undefined, actor: { name: string; role: string }): Promise<{ candidateId: number; credentialId: number; reextract: ReextractJob | null }> {
    const c = await this.openCandidate(id);
    const b = body ?? {};
    const text = (k: string) => (b[k] === undefined || b[k] === null ? undefined : typeof b[k] === 'string' ? (b[k] as string) : Array.isArray(b[k]) ? (b[k] as unknown[]).map(String).join('|') : String(b[k]));
    const { record, problems } = credentialsCsvRow(
      (f) => (f === 'name' ? (text('name') ?? c.name) : f === 'type' ? text('type') : f === 'issuer' ? text('issuer') : f === 'target_soc' ? text('targetSoc') : f === 'short_names' ? text('shortNames') : f === 'url' ? text('url') : undefined),
      await this.repo.detailedSocs(),
    );
    if (!record) {
      throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), {
        errors: problems.map((p) => ({ field: p.field === 'target_soc' ? 'targetSoc' : p.field === 'short_names' ? 'shortNames' : p.field, reason: p.reason })) as never,
      });
    }
    const type = record.type as CredentialType;
    if (!CREDENTIAL_TYPES.includes(type)) throw badParameter('type', `type must be one of ${CREDENTIAL_TYPES.join(', ')}`);
    const credentialId = await this.repo.addCredential(
      id,
      {
        sourceKey: `discovered:${c.key.replace(/\s+/g, '-')}`,
        name: record.name,
        shortNames: [...new Set([c.name, ...record.shortNames, ...credentialAliases(record.name, { type: record.type, issuer: record.issuer })])].filter((s) => s.toLowerCase() !== record.name.toLowerCase()),
        type,
        issuer: record.issuer || undefined,
        socs: record.socs,
        description: `${record.name}: ${record.type}${record.issuer ? ` issued by ${record.issuer}` : ''}. Added from postings by ${actor.name}.`,
        externalIds: { source: `discovered in postings (candidate ${c.id}, "${c.name}")`, addedBy: actor.name, ...(record.url ? { url: record.url } : {}) },
      },
      actor.name,
    );
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'credential-candidate.add', dataset: 'credential', detail: `"${c.name}" added as credential ${credentialId} "${record.name}" (${record.type}${record.issuer ? `, ${record.issuer}` : ''}${record.socs.length ? `, SOC ${record.socs.join(' ')}` : ''})` });
    return { candidateId: id, credentialId, reextract: await this.queue(`candidate ${id} added to the catalog`) };
  }

  /** Merges the candidate into an existing credential as an alias. */
  async merge(id: number, body: Record<string, unknown> | undefined, actor: { name: string; role: string }): Promise<{ candidateId: number; credentialId: number; reextract: ReextractJob | null }> {
    const c = await this.openCandidate(id);
    const raw = body?.credentialId;
    const credentialId = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(credentialId) || credentialId < 1 || credentialId > 2_147_483_647) throw badParameter('credentialId', 'credentialId must be the id of a credential in the catalog');
    const cred = await this.repo.credential(credentialId);
    if (!cred) throw notFound(`no credential with id ${credentialId}`);
    await this.repo.mergeAsAlias(c, credentialId, actor.name);
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'credential-candidate.merge', dataset: 'credential', detail: `"${c.name}" merged as an alias of credential ${credentialId} "${cred.name}"` });
    return { candidateId: id, credentialId, reextract: await this.queue(`candidate ${id} merged into credential ${credentialId}`) };
  }

  async ignore(id: number, actor: { name: string; role: string }): Promise<{ candidateId: number; status: string }> {
    const c = await this.openCandidate(id);
    await this.repo.ignore(id, actor.name);
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'credential-candidate.ignore', dataset: 'credential', detail: `"${c.name}" ignored` });
    return { candidateId: id, status: 'ignored' };
  }

  private async queue(reason: string): Promise<ReextractJob | null> {
    const { queued } = await enqueueReextract(this.ds, reason);
    if (queued) void this.kick();
    return this.status();
  }
}
