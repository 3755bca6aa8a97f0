import type { DataSource } from 'typeorm';

// NAICS writes three sectors as ranges (31-33 Manufacturing, 44-45 Retail Trade, 48-49
// Transportation and Warehousing); postings grouped by the first two digits land on 31, 32, 33, ...
const SECTOR_RANGE: Record<string, string> = { '31': '31-33', '32': '31-33', '33': '31-33', '44': '44-45', '45': '44-45', '48': '48-49', '49': '48-49' };

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
