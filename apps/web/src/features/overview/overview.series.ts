import type { PostingsRow } from '@credpulse/contracts';

/** Rows with a real area code (the API groups unknown locations under '--'). */
export function knownAreas(rows: readonly PostingsRow[]): PostingsRow[] {
  return rows.filter((r) => /^\d{2}(\d{3})?$/.test(r.key));
}

/** The region filter for a clicked map area. */
export function regionForFips(fips: string): string {
  return fips.length === 2 ? `state:${fips}` : `county:${fips}`;
}
