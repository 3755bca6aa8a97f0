import type { PathwayRow } from '@credpulse/contracts';
import type { DisclosureTable } from '@credpulse/metrics';
import type { PairAggregate } from './pathways.repository.js';

// The people cells of a set of stacking pairs in a disclosure table, and the answer's rows from
// them: the ungrouped answer has one set, a series one per period and one for the range (`prefix`
// keeps them apart). Earners of A (E, shared by every pair from A) = later earners of B (L) + those
// who did not (N, derivable, never shown).

export const earnersCell = (prefix: string, x: Pick<PairAggregate, 'fromId'>): string => `${prefix}E${x.fromId}`;
export const laterCell = (prefix: string, x: Pick<PairAggregate, 'fromId' | 'toId'>): string => `${prefix}L${x.fromId}>${x.toId}`;

/** Registers the pairs' cells and the sums between them. */
export function pairCells(t: DisclosureTable, prefix: string, pairs: readonly PairAggregate[]): void {
  const seen = new Set<number>();
  for (const x of pairs) {
    if (!seen.has(x.fromId)) t.cell(earnersCell(prefix, x), x.earners);
    seen.add(x.fromId);
    t.sum(earnersCell(prefix, x), [t.cell(laterCell(prefix, x), x.later), t.cell(`${prefix}N${x.fromId}>${x.toId}`, x.earners - x.later, false)]);
  }
}

/** The pairs as the answer shows them once `t` is applied (k: the least later earners for a median), most later earners first. */
export function pathwayRows(t: DisclosureTable, prefix: string, pairs: readonly PairAggregate[], k: number): PathwayRow[] {
  const rows: PathwayRow[] = pairs.map((x) => {
    const earnersFrom = t.people(earnersCell(prefix, x));
    const laterTo = t.people(laterCell(prefix, x));
    return {
      fromCredential: { id: x.fromId, name: x.fromName },
      toCredential: { id: x.toId, name: x.toName },
      earnersFrom,
      laterTo,
      share: earnersFrom.value !== null && laterTo.value !== null && earnersFrom.value > 0 ? laterTo.value / earnersFrom.value : null,
      medianMonths: x.later >= k ? x.medianMonths : null,
    };
  });
  return rows.sort((a, b) => (b.laterTo.value ?? -1) - (a.laterTo.value ?? -1) || a.fromCredential.id - b.fromCredential.id || a.toCredential.id - b.toCredential.id);
}
