import { NAICS_RANGE_OF as SECTOR_RANGE } from '@credpulse/taxonomy';
import type { DataSource } from 'typeorm';

// Postings grouped by the first two digits land on 31, 32, 33, ...: those parts take their range's title.

/** Titles for NAICS codes (2 to 6 digits), including the two-digit parts of range sectors. */
export async function naicsTitles(ds: DataSource, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const lookup = [...new Set(codes.map((c) => SECTOR_RANGE[c] ?? c))];
  const rows: { code: string; title: string }[] = await ds.query('SELECT code, title FROM naics WHERE code = ANY($1)', [lookup]);
  const byCode = new Map(rows.map((r) => [r.code, r.title]));
  const out = new Map<string, string>();
  for (const c of codes) {
    const t = byCode.get(SECTOR_RANGE[c] ?? c);
    if (t !== undefined) out.set(c, t);
  }
  return out;
}
