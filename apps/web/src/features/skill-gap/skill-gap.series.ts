import type { SkillGapRow } from '@credpulse/contracts';

/** Demand minus supply per row (how many more postings than awards); null when supply is hidden. */
export function shortfall(r: SkillGapRow): number | null {
  return r.supply.suppressed || r.supply.value === null ? null : r.demand - r.supply.value;
}

/** Rows with demand, the ones a gap can be computed for. */
export function withDemand(rows: readonly SkillGapRow[]): SkillGapRow[] {
  return rows.filter((r) => r.demand > 0);
}

/**
 * Rows a gap ranking may hold: demand, and at least one catalogued credential aligned (a skill no
 * credential teaches has no supply side; its ratio of 0 would read as a gap and is not one).
 */
export function rankable(rows: readonly SkillGapRow[]): SkillGapRow[] {
  return rows.filter((r) => r.demand > 0 && r.aligned !== false);
}

/** Skills in demand that no catalogued credential teaches, most demanded first (shown apart). */
export function notAligned(rows: readonly SkillGapRow[]): SkillGapRow[] {
  return rows.filter((r) => r.demand > 0 && r.aligned === false).sort((a, b) => b.demand - a.demand || a.label.localeCompare(b.label));
}
