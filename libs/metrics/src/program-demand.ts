/**
 * Average annual completions over the years given; null with fewer than `minYears` years (a single
 * year is too noisy for a dean's decision).
 */
export function averageCompletions(perYear: number[], minYears = 2): number | null {
  if (perYear.length < minYears) return null;
  return perYear.reduce((a, b) => a + b, 0) / perYear.length;
}

/**
 * Full-credit gap: gap_p = sum over the program's SOCs of openings_s - completions_p. Every program
 * that maps to a SOC sees all of its openings, so gaps of programs sharing SOCs overlap.
 */
export function programGap(openingsBySoc: ReadonlyMap<string, number>, completions: number): number {
  let openings = 0;
  for (const n of openingsBySoc.values()) openings += n;
  return openings - completions;
}

/**
 * Proportional many-to-many allocation: supply_p->s = completions_p * openings_s / sum_s' openings_s'.
 * With no openings at all, completions are spread evenly over the SOCs (stated in the methodology).
 */
export function allocateProportional(completions: number, openingsBySoc: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  let total = 0;
  for (const n of openingsBySoc.values()) total += n;
  const socs = [...openingsBySoc.keys()];
  for (const s of socs) out.set(s, total === 0 ? completions / socs.length : (completions * openingsBySoc.get(s)!) / total);
  return out;
}

/**
 * Gap per SOC after proportional allocation: openings_s - sum over programs p of supply_p->s.
 * `programs` maps each program to its completions and the openings of its SOCs.
 */
export function allocatedGapBySoc(
  openingsBySoc: ReadonlyMap<string, number>,
  programs: ReadonlyMap<string, { completions: number; socs: string[] }>,
): Map<string, number> {
  const supply = new Map<string, number>();
  for (const { completions, socs } of programs.values()) {
    const own = new Map(socs.map((s) => [s, openingsBySoc.get(s) ?? 0]));
    for (const [s, v] of allocateProportional(completions, own)) supply.set(s, (supply.get(s) ?? 0) + v);
  }
  const out = new Map<string, number>();
  for (const [s, openings] of openingsBySoc) out.set(s, openings - (supply.get(s) ?? 0));
  return out;
}
