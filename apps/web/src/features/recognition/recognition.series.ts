import type { RecognitionRow } from '@credpulse/contracts';

export const NAICS_LEVELS = ['naics2', 'naics3', 'naics4'] as const;
export type NaicsLevel = (typeof NAICS_LEVELS)[number];

/** The next industry level to group by when a reader drills into a NAICS code. */
export function drillDown(code: string): { naics: string; groupBy: NaicsLevel } | null {
  const digits = code.replace(/-.*/, '').length;
  // sector ranges (31-33) drill into their 3-digit subsectors
  if (code.includes('-') || digits === 2) return { naics: code, groupBy: 'naics3' };
  if (digits === 3) return { naics: code, groupBy: 'naics4' };
  return null;
}

/** The level to show for the current industry filter (no filter: sectors). */
export function levelFor(naics: string | undefined): NaicsLevel {
  if (!naics) return 'naics2';
  const d = naics.includes('-') ? 2 : naics.length;
  return d <= 2 ? 'naics3' : 'naics4';
}

/** Breadcrumb trail of a NAICS filter: 5415 -> [54, 541, 5415]. */
export function naicsTrail(naics: string | undefined): string[] {
  if (!naics) return [];
  if (naics.includes('-')) return [naics];
  const out: string[] = [];
  for (let n = 2; n <= naics.length; n++) out.push(naics.slice(0, n));
  return out;
}

/** Credential rows without the 'any micro-credential' aggregate, which is shown as a headline. */
export function credentialRows(rows: readonly RecognitionRow[]): RecognitionRow[] {
  return rows.filter((r) => r.key !== 'any');
}

export function anyRow(rows: readonly RecognitionRow[]): RecognitionRow | undefined {
  return rows.find((r) => r.key === 'any');
}

/** Industry rows with a known code. */
export function industryRows(rows: readonly RecognitionRow[]): RecognitionRow[] {
  return rows.filter((r) => r.key !== '--' && r.postings > 0);
}
