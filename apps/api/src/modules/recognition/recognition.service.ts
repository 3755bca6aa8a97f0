import { naicsTitles } from '../analytics/naics-titles.js';
import { Injectable } from '@nestjs/common';
import { GROUP_BY, type RecognitionResponse, type RecognitionRow, RecognitionQuery } from '@credpulse/contracts';
import { degreeRequirementShare as degreeShare, methodVersion, recognitionRates, round, skillsFirstShare as sfShare } from '@credpulse/metrics';
import { DataSource } from 'typeorm';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { FilterSpec, ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows, SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { nationCondition, pickSource, type Source } from '../analytics/rollups/sources.js';

export const RECOGNITION_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'naics', 'credential', 'groupBy', 'limit'],
  groupBy: GROUP_BY.recognition,
  defaultGroupBy: 'credential',
};

const LEVEL_NAMES = { 1: 'required', 2: 'preferred', 3: 'in_lieu' } as const;
type Naming = RecognitionRow['naming'];

@Injectable()
export class RecognitionService {
  constructor(
    private readonly ds: DataSource,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<RecognitionResponse> {
    const groupBy = f.groupBy ?? 'credential';
    const needs = groupBy === 'naics3' || groupBy === 'naics4' ? [groupBy] : [];
    const forceRaw = opts.raw === true;
    const base = pickSource('posting', f, { needs, forceRaw, skip: ['credential'] });
    const mentions = pickSource('postingCredential', f, { needs, forceRaw });
    // Target-SOC denominators: postings per SOC, or under a sector filter (postings per SOC carry
    // no sector) postings in each credential's target SOCs by sector.
    const targetSource = f.naics ? 'credentialMarket' : 'postingSoc';
    const socs = pickSource(targetSource, f, { forceRaw, skip: ['credential'] });
    // one path for the whole answer, so its figures are consistent
    const raw = !base.rollup || !mentions.rollup || !socs.rollup;
    const src = (s: 'posting' | 'postingCredential' | 'credentialNaming' | 'postingSoc' | 'credentialMarket') =>
      pickSource(s, f, { needs, forceRaw: raw, skip: s === 'postingCredential' || s === 'credentialNaming' ? [] : ['credential'] });

    const totals = await this.degreeShares(f, src('posting'));
    let rows: RecognitionRow[];
    // mentions per credential: without a sector filter, the rollup summed over sectors
    if (groupBy === 'credential') rows = await this.byCredential(f, src(f.naics ? 'postingCredential' : 'credentialNaming'), src(targetSource), totals.postings);
    else rows = await this.byIndustry(f, groupBy, src('posting'), src('postingCredential'));
    const cut = limitRows(rows, f.limit);
    return this.envelope.buildResponse({
      querySchema: RecognitionQuery,
      query: f,
      rows: cut.rows,
      totals: { postings: totals.postings, degreeRequirementShare: degreeRequirementShare(totals.bachelor, totals.postings), skillsFirstShare: skillsFirstShare(totals.skillsFirst, totals.postings) },
      truncated: cut.truncated,
      suppressedCells: 0,
      methodVersion: methodVersion('recognition'),
      notes: [
        'Credential rows: postings naming the credential among postings in its target SOCs. "any": postings naming any micro-credential, each once at its strongest level (required, then in lieu, then preferred), among all postings.',
        ...(raw ? [] : ['Answered from the monthly rollups.']),
      ],
    });
  }

  /** Unique postings, bachelor's-required and skills-first counts per month: the share trends of the reports (one query). */
  async degreeCountsByMonth(f: ParsedFilters): Promise<{ month: string; postings: number; bachelor: number; skillsFirst: number }[]> {
    const s = pickSource('posting', f, { skip: ['credential'] });
    const p = new SqlParams();
    const conds = [...whereFilters(f, s.map, p, ['credential']), ...nationCondition(s, f)];
    return this.ds.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, COALESCE(sum(unique_n), 0)::int AS postings, COALESCE(sum(unique_n) FILTER (WHERE degree_level >= 3), 0)::int AS bachelor,
              COALESCE(sum(unique_n) FILTER (WHERE degree_level = 0 OR in_lieu), 0)::int AS "skillsFirst"
       FROM ${s.from} x ${where(conds)} GROUP BY 1 ORDER BY 1`,
      p.values,
    );
  }

  private async degreeShares(f: ParsedFilters, s: Source): Promise<{ postings: number; bachelor: number; skillsFirst: number }> {
    const p = new SqlParams();
    const conds = [...whereFilters(f, s.map, p, ['credential']), ...nationCondition(s, f)];
    const [r] = await this.ds.query(
      `SELECT COALESCE(sum(unique_n), 0)::int AS postings, COALESCE(sum(unique_n) FILTER (WHERE degree_level >= 3), 0)::int AS bachelor,
              COALESCE(sum(unique_n) FILTER (WHERE degree_level = 0 OR in_lieu), 0)::int AS "skillsFirst"
       FROM ${s.from} x ${where(conds)}`,
      p.values,
    );
    return r;
  }

  private async byCredential(f: ParsedFilters, m: Source, s: Source, allPostings: number): Promise<RecognitionRow[]> {
    const p1 = new SqlParams();
    const c1 = [...whereFilters(f, m.map, p1, ['credential']), ...nationCondition(m, f), 'in_target'];
    if (f.credential !== undefined) c1.push(`credential_id IN (0, ${p1.add(f.credential)})`);
    const named: { id: number; level: 1 | 2 | 3; n: number }[] = await this.ds.query(
      `SELECT credential_id AS id, level, sum(n)::int AS n FROM ${m.from} x ${where(c1)} GROUP BY 1, 2`,
      p1.values,
    );
    const p2 = new SqlParams();
    const c2 = [...whereFilters(f, s.map, p2, ['credential']), ...nationCondition(s, f)];
    const credFilter = f.credential !== undefined ? `WHERE cs.credential_id = ${p2.add(f.credential)}` : '';
    // every credential with target SOCs gets a row, with 0 postings where its SOCs had none
    const targets: { id: number; n: number }[] = await this.ds.query(
      f.naics
        ? `WITH s AS (SELECT credential_id, sum(target_n) AS n FROM ${s.from} x ${where(c2)} GROUP BY 1)
           SELECT cs.credential_id AS id, COALESCE(max(s.n), 0)::int AS n FROM credential_soc cs LEFT JOIN s ON s.credential_id = cs.credential_id ${credFilter} GROUP BY 1`
        : `WITH s AS (SELECT soc_code, sum(unique_n) AS n FROM ${s.from} x ${where(c2)} GROUP BY 1)
           SELECT cs.credential_id AS id, COALESCE(sum(s.n), 0)::int AS n FROM credential_soc cs LEFT JOIN s ON s.soc_code = cs.soc_code ${credFilter} GROUP BY 1`,
      p2.values,
    );
    const ids = new Set<number>([...targets.map((t) => t.id), ...named.map((n) => n.id)]);
    const names: { id: number; name: string }[] = await this.ds.query('SELECT id, name FROM credential WHERE id = ANY($1)', [[...ids]]);
    const label = new Map(names.map((n) => [n.id, n.name]));
    const denom = new Map(targets.map((t) => [t.id, t.n]));
    denom.set(0, allPostings);
    const counts = new Map<number, Naming>();
    for (const r of named) {
      const c = counts.get(r.id) ?? { any: 0, required: 0, preferred: 0, in_lieu: 0 };
      c[LEVEL_NAMES[r.level]] += r.n;
      c.any += r.n;
      counts.set(r.id, c);
    }
    ids.add(0);
    const rows: RecognitionRow[] = [...ids].map((id) => {
      const naming = counts.get(id) ?? { any: 0, required: 0, preferred: 0, in_lieu: 0 };
      const postings = denom.get(id) ?? 0;
      return { key: id === 0 ? 'any' : String(id), label: id === 0 ? 'Any micro-credential' : (label.get(id) ?? String(id)), postings, naming, rates: rates(naming, postings) };
    });
    // 'any' first, then by recognition rate, then by volume
    return rows.sort((a, b) => (a.key === 'any' ? -1 : b.key === 'any' ? 1 : (b.rates.any ?? -1) - (a.rates.any ?? -1) || b.naming.any - a.naming.any || a.key.localeCompare(b.key)));
  }

  private async byIndustry(f: ParsedFilters, groupBy: string, b: Source, m: Source): Promise<RecognitionRow[]> {
    const col = groupBy === 'naics3' ? 'naics3' : groupBy === 'naics4' ? 'naics4' : 'naics2';
    const p1 = new SqlParams();
    const base: { key: string; postings: number; bachelor: number; sf: number }[] = await this.ds.query(
      `SELECT ${col} AS key, sum(unique_n)::int AS postings, COALESCE(sum(unique_n) FILTER (WHERE degree_level >= 3), 0)::int AS bachelor,
              COALESCE(sum(unique_n) FILTER (WHERE degree_level = 0 OR in_lieu), 0)::int AS sf
       FROM ${b.from} x ${where([...whereFilters(f, b.map, p1, ['credential']), ...nationCondition(b, f)])} GROUP BY 1`,
      p1.values,
    );
    const p2 = new SqlParams();
    const named: { key: string; level: 1 | 2 | 3; n: number }[] = await this.ds.query(
      `SELECT ${col} AS key, level, sum(n)::int AS n FROM ${m.from} x
       ${where([...whereFilters(f, m.map, p2, ['credential']), ...nationCondition(m, f), `credential_id = ${p2.add(f.credential ?? 0)}`, ...(f.credential !== undefined ? ['in_target'] : [])])} GROUP BY 1, 2`,
      p2.values,
    );
    const title = await naicsTitles(this.ds, base.map((r) => r.key));
    const rows = base
      .filter((r) => r.postings > 0)
      .map((r): RecognitionRow => {
        const naming: Naming = { any: 0, required: 0, preferred: 0, in_lieu: 0 };
        for (const n of named) {
          if (n.key !== r.key) continue;
          naming[LEVEL_NAMES[n.level]] += n.n;
          naming.any += n.n;
        }
        return {
          key: r.key,
          label: title.get(r.key) ?? r.key,
          postings: r.postings,
          naming,
          rates: rates(naming, r.postings),
          degreeRequirementShare: degreeRequirementShare(r.bachelor, r.postings),
          skillsFirstShare: skillsFirstShare(r.sf, r.postings),
        };
      });
    return rows.sort((a, b) => b.postings - a.postings || a.key.localeCompare(b.key));
  }
}

// Chart-ready: shares to 4 decimals.
function rates(naming: Naming, postings: number): RecognitionRow['rates'] {
  const r = recognitionRates(naming.any, naming, postings);
  return { any: round(r.any), required: round(r.required), preferred: round(r.preferred), in_lieu: round(r.in_lieu) };
}
const degreeRequirementShare = (n: number, d: number) => round(degreeShare(n, d));
const skillsFirstShare = (n: number, d: number) => round(sfShare(n, d));
