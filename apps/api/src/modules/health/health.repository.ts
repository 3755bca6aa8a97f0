import type { DataSource } from 'typeorm';

// Reference tables are counted exactly (they are small and the counts are checked against the
// published files). Large fact tables use the planner's estimate once they pass a million rows,
// so /api/health stays fast at 10M postings.
const EXACT: Record<string, string> = {
  states: 'state',
  counties: 'county',
  cbsas: 'cbsa',
  naics: 'naics',
  soc: 'soc',
  onetOccupations: 'onet_occupation',
  cip: 'cip',
  cipSoc: 'cip_soc',
  skills: 'skill',
  oews: 'oews_national',
  providers: 'provider',
  credentials: 'credential',
  customRegions: 'custom_region',
};
const LARGE: Record<string, string> = {
  postings: 'job_posting',
  awards: 'credential_award',
  outcomes: 'learner_outcome',
  postingSkills: 'posting_skill',
  postingCredentials: 'posting_credential',
};

export async function countRows(ds: DataSource): Promise<Record<string, number>> {
  const exact = Object.entries(EXACT)
    .map(([k, t]) => `(SELECT count(*) FROM ${t})::bigint AS "${k}"`)
    .join(', ');
  const [row] = await ds.query(`SELECT ${exact}`);
  const estimates: { relname: string; n: string }[] = await ds.query(
    `SELECT relname, reltuples::bigint AS n FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`,
    [Object.values(LARGE)],
  );
  const est = new Map(estimates.map((e) => [e.relname, Number(e.n)]));
  const out: Record<string, number> = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  for (const [k, t] of Object.entries(LARGE)) {
    const e = est.get(t) ?? -1;
    if (e > 1_000_000) out[k] = e;
    else {
      const [c] = await ds.query(`SELECT count(*)::bigint AS n FROM ${t}`);
      out[k] = Number(c.n);
    }
  }
  return out;
}

/** The migrations applied to the database, in order (TypeORM's table). */
export function appliedMigrations(ds: DataSource): Promise<{ name: string }[]> {
  return ds.query('SELECT name FROM migrations ORDER BY id');
}
