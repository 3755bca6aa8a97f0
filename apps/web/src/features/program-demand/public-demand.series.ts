import type { CompletionsYear, GapLabel, ProgramAwardLevelRow, ProtectedCount } from "@credpulse/contracts";
import type { ChartTable } from "@credpulse/web-charts";

/** "gap" reads as "Gap (undersupplied)" etc.; null as "n/a". */
export function gapLabelText(label: GapLabel | null | undefined): string {
  if (label === "gap") return "Gap (fewer graduates than openings)";
  if (label === "surplus") return "Surplus (more graduates than openings)";
  if (label === "balanced") return "Balanced";
  return "n/a";
}

/**
 * Completions by award level (rows) and IPEDS year (columns), for the table behind the award-level
 * chart. Suppressed cells stay suppressed (never 0); years a level has no row are 0.
 */
export function completionsByYearTable(rows: readonly ProgramAwardLevelRow[], years: readonly number[]): ChartTable {
  const cell = (t: CompletionsYear | undefined) => (t === undefined ? 0 : t.suppressed ? { suppressed: true as const } : t.value);
  return {
    columns: [{ key: "level", label: "Award level" }, ...years.map((y) => ({ key: String(y), label: `${y - 1}-${String(y).slice(2)}` }))],
    rows: rows.map((r) => [r.label, ...years.map((y) => cell(r.completionsTrend.find((t) => t.year === y)))]),
  };
}

/** A protected count for a figure: the value, or the reason it is not shown. */
export function countText(c: ProtectedCount | null | undefined, k: number): string {
  if (!c) return "no data";
  if (c.suppressed) return `suppressed (fewer than ${k})`;
  return c.value === null ? "no data" : Math.round(c.value).toLocaleString("en-US");
}
