import { naicsTitles } from '../analytics/naics-titles.js';
import { Injectable } from '@nestjs/common';
import { GROUP_BY, type SkillGapResponse, type SkillGapRow, SkillGapQuery } from '@credpulse/contracts';
import { applyDisclosure, methodVersion, supplyDemand, type DisclosureGroup } from '@credpulse/metrics';
import { DataSource } from 'typeorm';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { rollupCanAnswer, source } from '../analytics/catalogue/source.js';
import { limitRows, SqlParams, where } from '../analytics/filters/sql-builder.js';
import { periodCoverage } from '../analytics/periods/period-coverage.js';

export const SKILL_GAP_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'naics', 'skill', 'groupBy', 'limit'],
  groupBy: GROUP_BY.skillGap,
  defaultGroupBy: 'skill',
  extra: { proof: PROOF_PARAM },
};

@Injectable()
export class SkillGapService {
  constructor(
    private readonly ds: DataSource,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<SkillGapResponse> {
    const groupBy = f.groupBy ?? 'skill';
    const needs = groupBy === 'naics2' ? ['naics2'] : [];
    const forceRaw = opts.raw === true || !rollupCanAnswer('postingSkill', f, { needs }) || !rollupCanAnswer('awardCredential', f, { skip: ['naics', 'skill'] });
    const dimP = groupBy === 'month' ? `to_char(month, 'YYYY-MM')` : groupBy === 'naics2' ? 'naics2' : 'skill_id';

    const p1 = new SqlParams();
    const ps = source('postingSkill', f, p1, { forceRaw, needs });
    const demand: { key: string; n: number }[] = await this.ds.query(`SELECT ${dimP} AS key, sum(n)::int AS n FROM ${ps.from} ${where(ps.where)} GROUP BY 1`, p1.values);
    // Supply: awards of credentials aligned to the skill. Awards carry no industry: by industry,
    // an award counts where its credential targets that sector (credential_naics).
    const p2 = new SqlParams();
    const aw = source('awardCredential', f, p2, { forceRaw, skip: ['naics', 'skill'] });
    const awardConds = aw.where;
    const skillCond = f.skill !== undefined ? `AND cs.skill_id = ${p2.add(f.skill)}` : '';
    const naicsCond = f.naics ? `AND EXISTS (SELECT 1 FROM credential_naics cn WHERE cn.credential_id = a.credential_id AND left(cn.naics_code, ${f.naics.digits}) = ANY(${p2.add(f.naics.prefixes)}::text[]))` : '';
    const supplySql =
      groupBy === 'skill'
        ? `WITH a AS (SELECT credential_id, sum(n) AS n FROM ${aw.from} ${where(awardConds)} GROUP BY 1)
           SELECT cs.skill_id AS key, sum(a.n)::int AS n FROM a JOIN credential_skill cs ON cs.credential_id = a.credential_id WHERE true ${skillCond} ${naicsCond} GROUP BY 1`
        : groupBy === 'month'
          ? `WITH a AS (SELECT to_char(month, 'YYYY-MM') AS key, credential_id, sum(n) AS n FROM ${aw.from} ${where(awardConds)} GROUP BY 1, 2)
             SELECT a.key, sum(a.n)::int AS n FROM a WHERE EXISTS (SELECT 1 FROM credential_skill cs WHERE cs.credential_id = a.credential_id ${skillCond}) ${naicsCond} GROUP BY 1`
          : `WITH a AS (SELECT credential_id, sum(n) AS n FROM ${aw.from} ${where(awardConds)} GROUP BY 1)
             SELECT sec.key, sum(a.n)::int AS n FROM a
             JOIN LATERAL (SELECT DISTINCT left(cn.naics_code, 2) AS key FROM credential_naics cn WHERE cn.credential_id = a.credential_id) sec ON true
             WHERE EXISTS (SELECT 1 FROM credential_skill cs WHERE cs.credential_id = a.credential_id ${skillCond}) ${naicsCond} GROUP BY 1`;
    const supply: { key: string; n: number }[] = await this.ds.query(supplySql, p2.values);

    const keys = new Set([...demand.map((d) => d.key), ...supply.map((s) => s.key)]);
    if (groupBy === 'month') for (let m = f.from; m <= f.to; m = nextMonth(m)) keys.add(m);
    const dMap = new Map(demand.map((d) => [d.key, d.n]));
    const sMap = new Map(supply.map((s) => [s.key, s.n]));
    // Supply counts people: disclosure control. Months add up to the period total (published), so
    // they form a group; skills and sectors overlap (an award aligns to several), so no total is published.
    const cells = [...keys].map((k) => ({ id: k, count: sMap.get(k) ?? 0 }));
    const groups: DisclosureGroup[] = [];
    let totalSupply: number | null = null;
    if (groupBy === 'month') {
      cells.push({ id: '__total', count: cells.reduce((s, c) => s + c.count, 0) });
      groups.push({ total: '__total', parts: [...keys] });
    }
    const prot = applyDisclosure(cells, groups, this.envelope.k);
    let suppressed = 0;
    for (const v of prot.values()) if (v.suppressed) suppressed++;
    if (groupBy === 'month') totalSupply = prot.get('__total')!.value;

    const [labels, aligned, data] = await Promise.all([this.labels(groupBy, [...keys]), this.aligned(groupBy, [...keys], f.skill), this.envelope.dataRange()]);
    const rows: SkillGapRow[] = [...keys].map((key) => {
      const d = dMap.get(key) ?? 0;
      const s = prot.get(key)!;
      const isAligned = aligned(key);
      const sd = s.value === null ? null : supplyDemand(s.value, d, { aligned: isAligned });
      return {
        key,
        label: labels.get(key) ?? key,
        demand: d,
        supply: { value: s.value, suppressed: s.suppressed },
        ratio: sd?.ratio ?? null,
        bucket: isAligned ? (sd?.bucket ?? null) : 'no_credential_aligned',
        aligned: isAligned,
        ...(groupBy === 'month' ? { partial: periodCoverage(key, key, f, data).partial } : {}),
      };
    });
    if (groupBy === 'month') rows.sort((a, b) => a.key.localeCompare(b.key));
    else rows.sort((a, b) => b.demand - a.demand || a.key.localeCompare(b.key));
    const cut = limitRows(rows, f.limit);
    const totalDemand = groupBy === 'month' ? rows.reduce((s, r) => s + r.demand, 0) : null;
    const sd = totalDemand !== null && totalSupply !== null ? supplyDemand(totalSupply, totalDemand) : null;
    return this.envelope.buildResponse({
      querySchema: SkillGapQuery,
      query: f,
      rows: cut.rows,
      totals: { demand: totalDemand ?? rows.reduce((s, r) => s + r.demand, 0), supply: totalSupply, ratio: sd?.ratio ?? null },
      truncated: cut.truncated,
      suppressedCells: suppressed,
      methodVersion: methodVersion('skillGap', true),
      notes: [
        'Demand: unique postings naming the skill (required, preferred, or accepted in lieu of a degree). Supply: awards of credentials aligned to it; an award counts for every skill its credential covers.',
        ...(groupBy === 'month' ? [] : ['Supply is not additive across rows (overlapping skills/sectors), so no supply total is published.']),
        'aligned: false means no catalogued credential teaches the skill: such a row has no ratio (bucket no_credential_aligned) and is not a gap.',
      ],
    });
  }

  /**
   * Which rows have a supply side at all: a skill with at least one catalogued credential aligned
   * to it (by skill); by month, whether any credential is aligned to the filtered skill (or to any
   * skill); by sector, whether a credential targeting the sector is.
   */
  private async aligned(groupBy: string, keys: string[], skill: string | undefined): Promise<(key: string) => boolean> {
    if (groupBy === 'skill') {
      const r: { id: string }[] = await this.ds.query('SELECT DISTINCT skill_id AS id FROM credential_skill WHERE skill_id = ANY($1)', [keys]);
      const set = new Set(r.map((x) => x.id));
      return (k) => set.has(k);
    }
    const skillCond = skill !== undefined ? 'AND cs.skill_id = $1' : '';
    const params = skill !== undefined ? [skill] : [];
    if (groupBy === 'naics2') {
      const r: { key: string }[] = await this.ds.query(
        `SELECT DISTINCT left(cn.naics_code, 2) AS key FROM credential_naics cn WHERE EXISTS (SELECT 1 FROM credential_skill cs WHERE cs.credential_id = cn.credential_id ${skillCond})`,
        params,
      );
      const set = new Set(r.map((x) => x.key));
      return (k) => set.has(k);
    }
    const [r]: { any: boolean }[] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM credential_skill cs WHERE true ${skillCond}) AS any`, params);
    return () => r.any;
  }

  private async labels(groupBy: string, keys: string[]): Promise<Map<string, string>> {
    if (groupBy === 'skill') {
      const r: { id: string; name: string }[] = await this.ds.query('SELECT id, name FROM skill WHERE id = ANY($1)', [keys]);
      return new Map(r.map((x) => [x.id, x.name]));
    }
    if (groupBy === 'naics2') {
      return naicsTitles(this.ds, keys);
    }
    return new Map();
  }
}

function nextMonth(m: string): string {
  const [y, mm] = m.split('-').map(Number);
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
}
