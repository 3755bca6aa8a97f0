/**
 * Program demand on public data (methods `programDemandPublic` and `programDemandPublicFullCredit`):
 * openings of occupations in a region, allocated to programs and award levels, against IPEDS
 * completions. Pure functions; docs/methodology.md states the definitions.
 */

export type Tier = 'certificate' | 'associate' | 'bachelor' | 'master' | 'doctor';
export type GapLabel = 'gap' | 'balanced' | 'surplus';

/** completions / openings below `gapBelow` is a gap, above `surplusAbove` a surplus, balanced between. */
export const GAP_THRESHOLDS = { gapBelow: 0.8, surplusAbove: 1.25 } as const;

/**
 * Demand tier of an occupation from the BLS "typical education needed for entry". Occupations that
 * need a high-school diploma, some college or no formal credential meet sub-baccalaureate
 * certificates (the closest postsecondary award); null for text that names no level.
 */
export function tierOfEducation(text: string | null | undefined): Tier | null {
  if (!text) return null;
  const t = text.toLowerCase();
  if (/doctoral|professional degree/.test(t)) return 'doctor';
  if (/master/.test(t)) return 'master';
  if (/bachelor/.test(t)) return 'bachelor';
  if (/associate/.test(t)) return 'associate';
  if (/postsecondary nondegree|certificate|high school|no formal|some college/.test(t)) return 'certificate';
  return null;
}

/** Demand tier from the O*NET job zone when no projections education is loaded: 1-2 certificate, 3 associate, 4 bachelor, 5 master. */
export function tierOfJobZone(zone: number | null | undefined): Tier | null {
  if (zone === null || zone === undefined) return null;
  if (zone <= 2) return 'certificate';
  if (zone === 3) return 'associate';
  if (zone === 4) return 'bachelor';
  return 'master';
}

/** Annual openings of an occupation in a region: the projections' openings rate applied to the region's employment. */
export function regionalOpenings(openingsRate: number | null, employment: number | null): number | null {
  if (openingsRate === null || employment === null) return null;
  return openingsRate * employment;
}

/**
 * Openings of each occupation shared among the programs that lead to it, in proportion to the
 * programs' completions (of the occupation's tier) in the region; evenly when none of them has
 * completions. The mirror of METRICS.md's supply allocation: a program's share of a market is its
 * share of the graduates entering it. Returns program -> openings.
 */
export function allocateOpeningsToPrograms(
  openingsBySoc: ReadonlyMap<string, number>,
  programsBySoc: ReadonlyMap<string, readonly string[]>,
  completions: (program: string, soc: string) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [soc, openings] of openingsBySoc) {
    const programs = programsBySoc.get(soc) ?? [];
    if (programs.length === 0) continue;
    let total = 0;
    for (const p of programs) total += completions(p, soc);
    for (const p of programs) {
      const share = total > 0 ? completions(p, soc) / total : 1 / programs.length;
      if (share > 0) out.set(p, (out.get(p) ?? 0) + openings * share);
    }
  }
  return out;
}

/**
 * gap / balanced / surplus from completions against openings. A suppressed count (fewer than k)
 * only gets a label when every value it could hide (1 .. k-1) gets the same one, so the label never
 * narrows a hidden count.
 */
export function gapLabel(completions: number | null, openings: number | null, opts: { suppressed?: boolean; k?: number } = {}): GapLabel | null {
  if (openings === null) return null;
  const label = (c: number): GapLabel | null => {
    if (openings <= 0) return c > 0 ? 'surplus' : null;
    const r = c / openings;
    return r < GAP_THRESHOLDS.gapBelow ? 'gap' : r > GAP_THRESHOLDS.surplusAbove ? 'surplus' : 'balanced';
  };
  if (opts.suppressed) {
    const k = opts.k ?? 10;
    const lo = label(1);
    return lo !== null && lo === label(k - 1) ? lo : null;
  }
  return completions === null ? null : label(completions);
}

/** Employment-weighted mean of occupation medians (medians cannot be combined exactly; stated as such). */
export function weightedWage(items: readonly { wage: number | null; employment: number | null }[]): number | null {
  let w = 0;
  let s = 0;
  for (const i of items) {
    if (i.wage === null || i.employment === null || i.employment <= 0) continue;
    w += i.employment;
    s += i.wage * i.employment;
  }
  return w > 0 ? Math.round(s / w) : null;
}
