import { Injectable } from '@nestjs/common';
import { GROUP_BY, type SkillGapResponse, type SkillGapRow, SkillGapQuery } from '@credpulse/contracts';
import { applyDisclosure, methodVersion, monthRange, supplyDemand, type DisclosureGroup } from '@credpulse/metrics';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { rollupCanAnswer } from '../analytics/catalogue/source.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { periodCoverage } from '../analytics/periods/period-coverage.js';
import { SkillGapRepository } from './skill-gap.repository.js';

export const SKILL_GAP_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'naics', 'skill', 'groupBy', 'limit'],
  groupBy: GROUP_BY.skillGap,
  defaultGroupBy: 'skill',
  extra: { proof: PROOF_PARAM },
};

@Injectable()
export class SkillGapService {
  constructor(
    private readonly repo: SkillGapRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<SkillGapResponse> {
    const groupBy = f.groupBy ?? 'skill';
    const needs = groupBy === 'naics2' ? ['naics2'] : [];
    const forceRaw = opts.raw === true || !rollupCanAnswer('postingSkill', f, { needs }) || !rollupCanAnswer('awardCredential', f, { skip: ['naics', 'skill'] });
    const [demand, supply] = await Promise.all([this.repo.demand(f, groupBy, forceRaw, needs), this.repo.supply(f, groupBy, forceRaw)]);

    const keys = new Set([...demand.map((d) => d.key), ...supply.map((s) => s.key)]);
    if (groupBy === 'month') for (const m of monthRange(f.from, f.to)) keys.add(m);
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

    // Order and cut the keys first: names and alignment are looked up for the rows answered only
    // (a national year names ~2,000 skills; the answer shows `limit` of them).
    const demandOf = (k: string) => dMap.get(k) ?? 0;
    const ordered = [...keys];
    if (groupBy === 'month') ordered.sort((a, b) => a.localeCompare(b));
    else ordered.sort((a, b) => demandOf(b) - demandOf(a) || a.localeCompare(b));
    const cut = limitRows(ordered, f.limit);
    const [labels, aligned, data] = await Promise.all([this.repo.labels(groupBy, cut.rows), this.repo.aligned(groupBy, cut.rows, f.skill), this.envelope.dataRange()]);
    const rows: SkillGapRow[] = cut.rows.map((key) => {
      const d = demandOf(key);
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
    const allDemand = ordered.reduce((sum, k) => sum + demandOf(k), 0);
    const totalDemand = groupBy === 'month' ? allDemand : null;
    const sd = totalDemand !== null && totalSupply !== null ? supplyDemand(totalSupply, totalDemand) : null;
    return this.envelope.buildResponse({
      querySchema: SkillGapQuery,
      query: f,
      rows,
      totals: { demand: allDemand, supply: totalSupply, ratio: sd?.ratio ?? null },
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
}

