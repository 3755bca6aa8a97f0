import type { DataSource } from 'typeorm';

/** The findings' own reads: credentials aligned to skills, region names. */
export class FindingsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Credential names aligned to each skill, alphabetical. */
  credentialsTeaching(skills: string[]): Promise<{ skill: string; name: string }[]> {
    return this.ds.query(
      `SELECT cs.skill_id AS skill, c.name FROM credential_skill cs JOIN credential c ON c.id = cs.credential_id WHERE cs.skill_id = ANY($1) ORDER BY c.name`,
      [skills],
    );
  }

  /** The name of a state, county ("Alameda County, CA"), CBSA or custom region. */
  async regionName(kind: string, code: string): Promise<string | undefined> {
    const sql: Record<string, string> = {
      state: 'SELECT name FROM state WHERE fips = $1',
      county: `SELECT c.name || ', ' || s.usps AS name FROM county c JOIN state s ON s.fips = c.state_fips WHERE c.fips = $1`,
      cbsa: 'SELECT title AS name FROM cbsa WHERE code = $1',
      custom: `SELECT name FROM custom_region WHERE id::text = $1`,
    };
    if (!Object.prototype.hasOwnProperty.call(sql, kind)) return undefined;
    const rows: { name: string }[] = await this.ds.query(sql[kind], [code]);
    return rows[0]?.name;
  }
}
