import { Injectable } from '@nestjs/common';
import type { CandidateFilters, CredentialCandidate, CredentialType } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import { SqlParams } from '../analytics/filters/sql-builder.js';

/** A candidate as listed: its row and its support over the filtered postings. */
export type CandidateSummary = Omit<CredentialCandidate, 'byMonth' | 'byState' | 'byIndustry'>;

/** What a candidate's support is broken down by (the key of each count). */
export type SupportDimension = 'month' | 'state' | 'industry';
const SUPPORT_KEYS: Record<SupportDimension, { key: string; join: string }> = {
  month: { key: `to_char(p.posted_date, 'YYYY-MM')`, join: '' },
  state: {
    key: `coalesce(st.usps, 'unknown')`,
    join: 'LEFT JOIN state st ON st.fips = p.state_fips',
  },
  industry: { key: `coalesce(left(p.naics_code, 2), 'unknown')`, join: '' },
};

/** A decided candidate's new credential, as the catalog stores it. */
export interface NewCredential {
  sourceKey: string;
  name: string;
  shortNames: string[];
  type: CredentialType;
  issuer: string | undefined;
  socs: string[];
  description: string;
  externalIds: Record<string, unknown>;
}

const OPEN_JOB = `status IN ('queued', 'running')`;

/** Credential candidates, their support in the postings (reposts left out), and the decisions on them. */
@Injectable()
export class DiscoveryRepository {
  constructor(private readonly ds: DataSource) {}

  /** The oldest re-extraction job not finished (queued, or running when the server stopped). */
  async openJob(): Promise<number | null> {
    const [job] = await this.ds.query(`SELECT id FROM reextract_job WHERE ${OPEN_JOB} ORDER BY id LIMIT 1`);
    return job ? (job.id as number) : null;
  }

  /** The filters on postings `p`: never a repost, in the months and state asked for. */
  private postingConds(f: CandidateFilters, p: SqlParams): string[] {
    const conds = ['NOT p.is_duplicate'];
    if (f.from) conds.push(`p.posted_date >= ${p.add(f.from)}::date`);
    if (f.to) conds.push(`p.posted_date < (${p.add(f.to)}::date + interval '1 month')`);
    if (f.state) conds.push(`p.state_fips = ${p.add(f.state)}`);
    return conds;
  }

  /** Candidates of the statuses asked for, by support (open ones only with at least minSupport), at most `limit`. */
  async candidates(f: CandidateFilters): Promise<CandidateSummary[]> {
    const p = new SqlParams();
    const conds = this.postingConds(f, p);
    const [status, minSupport, like, limit] = [f.status, f.minSupport, f.q ? `%${f.q}%` : null, f.limit].map((v) => p.add(v));
    const rows: (Omit<CandidateSummary, 'credentialId' | 'credentialName' | 'firstMonth' | 'lastMonth'> & {
      credential_id: number | null;
      credential_name: string | null;
      first: string | null;
      last: string | null;
    })[] = await this.ds.query(
      `WITH support AS (
           SELECT pcc.candidate_id, count(*)::int AS postings, to_char(min(p.posted_date), 'YYYY-MM') AS first, to_char(max(p.posted_date), 'YYYY-MM') AS last
           FROM posting_credential_candidate pcc JOIN job_posting p ON p.id = pcc.posting_id WHERE ${conds.join(' AND ')} GROUP BY 1)
         SELECT c.id, c.name, c.key, c.pattern, c.status, c.credential_id, cr.name AS credential_name, coalesce(s.postings, 0) AS postings, s.first, s.last, c.examples
         FROM credential_candidate c LEFT JOIN support s ON s.candidate_id = c.id LEFT JOIN credential cr ON cr.id = c.credential_id
         WHERE c.status = ANY(${status}::text[]) AND (coalesce(s.postings, 0) >= ${minSupport} OR c.status <> 'open') AND (${like}::text IS NULL OR c.key LIKE ${like})
         ORDER BY coalesce(s.postings, 0) DESC, c.key LIMIT ${limit}`,
      p.values,
    );
    return rows.map(({ credential_id, credential_name, first, last, examples, ...r }) => ({
      ...r,
      credentialId: credential_id,
      credentialName: credential_name,
      firstMonth: first,
      lastMonth: last,
      examples: examples ?? [],
    }));
  }

  /** Support of each candidate of `ids` by `dim`, largest first. */
  async support(f: CandidateFilters, ids: number[], dim: SupportDimension): Promise<Map<number, { key: string; n: number }[]>> {
    const p = new SqlParams();
    const conds = [...this.postingConds(f, p), `pcc.candidate_id = ANY(${p.add(ids)}::int[])`];
    const { key, join } = SUPPORT_KEYS[dim];
    const rows: { id: number; key: string; n: number }[] = await this.ds.query(
      `SELECT pcc.candidate_id AS id, ${key} AS key, count(*)::int AS n FROM posting_credential_candidate pcc JOIN job_posting p ON p.id = pcc.posting_id ${join}
       WHERE ${conds.join(' AND ')} GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
      p.values,
    );
    const by = new Map<number, { key: string; n: number }[]>();
    for (const r of rows) by.set(r.id, [...(by.get(r.id) ?? []), { key: r.key, n: r.n }]);
    return by;
  }

  /** Support of each candidate of `ids` per month, state and 2-digit industry (the CSV's lines). */
  supportCells(f: CandidateFilters, ids: number[]): Promise<{ id: number; month: string; state: string; naics: string; n: number }[]> {
    const p = new SqlParams();
    const conds = [`pcc.candidate_id = ANY(${p.add(ids)}::int[])`, ...this.postingConds(f, p)];
    return this.ds.query(
      `SELECT pcc.candidate_id AS id, to_char(p.posted_date, 'YYYY-MM') AS month, coalesce(st.usps, '') AS state, coalesce(left(p.naics_code, 2), '') AS naics, count(*)::int AS n
       FROM posting_credential_candidate pcc JOIN job_posting p ON p.id = pcc.posting_id LEFT JOIN state st ON st.fips = p.state_fips
       WHERE ${conds.join(' AND ')} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      p.values,
    );
  }

  async candidate(id: number): Promise<{ id: number; name: string; key: string; status: string } | undefined> {
    const [c] = await this.ds.query('SELECT id, name, key, status FROM credential_candidate WHERE id = $1', [id]);
    return c;
  }

  async credential(id: number): Promise<{ id: number; name: string } | undefined> {
    const [c] = await this.ds.query('SELECT id, name FROM credential WHERE id = $1', [id]);
    return c;
  }

  async detailedSocs(): Promise<Set<string>> {
    const rows: { code: string }[] = await this.ds.query(`SELECT code FROM soc WHERE level = 'detailed'`);
    return new Set(rows.map((r) => r.code));
  }

  /** In one transaction: the credential (and its issuer as a provider, its SOCs), and the candidate marked added as it. */
  addCredential(candidateId: number, c: NewCredential, actor: string): Promise<number> {
    return this.ds.transaction(async (m) => {
      let providerId: number | null = null;
      if (c.issuer) {
        const [p] = await m.query(`INSERT INTO provider (source_key, name) VALUES ($1, $2) ON CONFLICT (source_key) DO UPDATE SET name = provider.name RETURNING id`, [
          `name:${c.issuer.toLowerCase()}`,
          c.issuer,
        ]);
        providerId = p.id;
      }
      const [cred] = await m.query(
        `INSERT INTO credential (source_key, name, short_names, type, is_micro, provider_id, description, external_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [c.sourceKey, c.name, c.shortNames, c.type, c.type !== 'degree' && c.type !== 'license', providerId, c.description, JSON.stringify(c.externalIds)],
      );
      if (c.socs.length) await m.query('INSERT INTO credential_soc (credential_id, soc_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [cred.id, c.socs]);
      await m.query(`UPDATE credential_candidate SET status = 'added', credential_id = $2, decided_by = $3, decided_at = now() WHERE id = $1`, [candidateId, cred.id, actor]);
      return cred.id as number;
    });
  }

  /** In one transaction: the candidate's name as an alias of the credential, and the candidate marked merged into it. */
  async mergeAsAlias(candidate: { id: number; name: string }, credentialId: number, actor: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query('INSERT INTO credential_alias (credential_id, alias, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [credentialId, candidate.name, actor]);
      await m.query(`UPDATE credential_candidate SET status = 'merged', credential_id = $2, decided_by = $3, decided_at = now() WHERE id = $1`, [candidate.id, credentialId, actor]);
    });
  }

  async ignore(id: number, actor: string): Promise<void> {
    await this.ds.query(`UPDATE credential_candidate SET status = 'ignored', decided_by = $2, decided_at = now() WHERE id = $1`, [id, actor]);
  }
}
