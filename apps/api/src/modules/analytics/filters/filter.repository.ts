import type { DataSource } from 'typeorm';

/** Code tables the filters are checked against: what exists, and the codes near a bad one. */
export type CodeTable = 'county' | 'cbsa' | 'cip' | 'naics' | 'soc';
const CODE_COLUMN: Record<CodeTable, string> = { county: 'fips', cbsa: 'code', cip: 'code', naics: 'code', soc: 'code' };

/** The filters' reads: the data's months and the taxonomies' codes (FilterService holds the logic). */
export class FilterRepository {
  constructor(private readonly ds: DataSource) {}

  /** The first and last months (YYYY-MM) with postings or awards. */
  async dataMonths(): Promise<{ first: string | null; last: string | null }> {
    const [row]: { first: string | null; last: string | null }[] = await this.ds.query(
      `SELECT to_char(LEAST((SELECT min(posted_date) FROM job_posting), (SELECT min(award_date) FROM credential_award)), 'YYYY-MM') AS first,
              to_char(GREATEST((SELECT max(posted_date) FROM job_posting), (SELECT max(award_date) FROM credential_award)), 'YYYY-MM') AS last`,
    );
    return { first: row?.first ?? null, last: row?.last ?? null };
  }

  /** The latest month (YYYY-MM) with postings or awards. */
  async latestMonth(): Promise<string | null> {
    const [row]: { m: string | null }[] = await this.ds.query(
      `SELECT to_char(GREATEST((SELECT max(posted_date) FROM job_posting), (SELECT max(award_date) FROM credential_award)), 'YYYY-MM') AS m`,
    );
    return row?.m ?? null;
  }

  /** The FIPS code of a state given by FIPS or USPS code. */
  async stateFips(code: string): Promise<string | undefined> {
    const rows: { fips: string }[] = await this.ds.query('SELECT fips FROM state WHERE fips = $1 OR usps = $1', [code]);
    return rows[0]?.fips;
  }

  /** Every state's FIPS code by its FIPS and by its USPS code. */
  async stateAliases(): Promise<Map<string, string>> {
    const rows: { fips: string; usps: string }[] = await this.ds.query('SELECT fips, usps FROM state');
    const byCode = new Map<string, string>();
    for (const r of rows) byCode.set(r.fips, r.fips).set(r.usps, r.fips);
    return byCode;
  }

  async stateCodes(): Promise<string[]> {
    return (await this.ds.query('SELECT fips FROM state ORDER BY fips')).map((s: { fips: string }) => s.fips);
  }

  async customRegionExists(id: number): Promise<boolean> {
    return (await this.ds.query('SELECT id FROM custom_region WHERE id = $1', [id])).length > 0;
  }

  async customRegionIds(): Promise<number[]> {
    return (await this.ds.query('SELECT id FROM custom_region ORDER BY id LIMIT 50')).map((c: { id: number }) => c.id);
  }

  /** Whether any of `codes` is in the code table. */
  async anyCode(table: CodeTable, codes: readonly string[]): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM ${table} WHERE ${CODE_COLUMN[table]} = ANY($1) LIMIT 1`, [codes])).length > 0;
  }

  /** Every code of the table (trimmed: some code columns are fixed-width). */
  async allCodes(table: CodeTable): Promise<string[]> {
    const rows: { c: string }[] = await this.ds.query(`SELECT ${CODE_COLUMN[table]} AS c FROM ${table}`);
    return rows.map((r) => String(r.c).trim());
  }

  /** Codes of the table starting with `prefix` (suggestions for a bad code). */
  async codesNear(table: CodeTable, prefix: string): Promise<string[]> {
    const col = CODE_COLUMN[table];
    const rows: { c: string }[] = await this.ds.query(`SELECT ${col} AS c FROM ${table} WHERE ${col} LIKE $1 || '%' ORDER BY ${col} LIMIT 500`, [prefix]);
    return rows.map((r) => String(r.c).trim());
  }

  async socLevel(code: string): Promise<'major' | 'minor' | 'broad' | 'detailed' | undefined> {
    const rows: { level: 'major' | 'minor' | 'broad' | 'detailed' }[] = await this.ds.query('SELECT level FROM soc WHERE code = $1', [code]);
    return rows[0]?.level;
  }

  /** The concept representative of a skill given by a source id (onet:..., esco:...) or the name of any member. */
  async skillConcept(id: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.ds.query('SELECT COALESCE(canonical_id, id) AS id FROM skill WHERE id = $1 OR lower(name) = lower($1) ORDER BY (id = $1) DESC LIMIT 1', [id]);
    return rows[0]?.id;
  }

  async skillsNear(prefix: string): Promise<string[]> {
    return (await this.ds.query(`SELECT id FROM skill WHERE id LIKE $1 || '%' ORDER BY id LIMIT 500`, [prefix])).map((r: { id: string }) => r.id);
  }

  /** The id of a credential or provider given by id or source key. */
  async keyedId(table: 'credential' | 'provider', v: string): Promise<number | undefined> {
    const rows: { id: number }[] = /^\d{1,9}$/.test(v)
      ? await this.ds.query(`SELECT id FROM ${table === 'credential' ? 'credential' : 'provider'} WHERE id = $1`, [Number(v)])
      : await this.ds.query(`SELECT id FROM ${table === 'credential' ? 'credential' : 'provider'} WHERE source_key = $1`, [v]);
    return rows[0]?.id;
  }

  async firstIds(table: 'credential' | 'provider'): Promise<string[]> {
    return (await this.ds.query(`SELECT id::text AS k FROM ${table === 'credential' ? 'credential' : 'provider'} ORDER BY id LIMIT 50`)).map((r: { k: string }) => r.k);
  }
}
