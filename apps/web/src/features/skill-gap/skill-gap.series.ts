import type { SkillGapRow } from '@credpulse/contracts';

/** Demand minus supply per row (how many more postings than awards); null when supply is hidden. */
export function shortfall(r: SkillGapRow): number | null {
  return r.supply.suppressed || r.supply.value === null ? null : r.demand - r.supply.value;
}

/** Rows with demand, the ones a gap can be computed for. */
export function withDemand(rows: readonly SkillGapRow[]): SkillGapRow[] {
  return rows.filter((r) => r.demand > 0);
}
