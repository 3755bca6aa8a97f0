import { STATE_POPULATION_THOUSANDS } from './state-population.js';
import type { DataSource } from 'typeorm';

/** A detailed occupation with what the generator needs to write postings for it. */
export interface SocRef {
  code: string;
  title: string;
  definition: string | null;
  employment: number;
  /** Annual wage percentiles from OEWS (p90 may be the top-code). */
  wages: [p10: number, p25: number, p50: number, p75: number, p90: number];
  jobZone: number;
  titles: string[];
  skills: SkillRef[];
  credentials: CredentialRef[];
}

export interface SkillRef {
  id: string;
  name: string;
  hot: boolean;
}

export interface CredentialRef {
  id: number;
  sourceKey: string;
  name: string;
  shortNames: string[];
  type: string;
  isMicro: boolean;
  socs: string[];
  stacksInto: number[];
  validityYears: number | null;
  skills: SkillRef[];
  /** from the editorial catalog (catalog.json) rather than a state or institution list */
  editorial: boolean;
}

export interface CountyRef {
  fips: string;
  stateFips: string;
  usps: string;
  name: string;
  /** Population proxy used as the sampling weight (see DEVELOPMENT.md "Demo data"). */
  weight: number;
  rural: boolean;
}

export interface DemoReference {
  socs: SocRef[];
  counties: CountyRef[];
  credentials: CredentialRef[];
  naics: Set<string>;
  cipBySoc: Map<string, string[]>;
}

/** Reads the loaded taxonomies and the credential catalog, in a fixed order (determinism). */
export async function loadDemoReference(ds: DataSource): Promise<DemoReference> {
  const socRows: {
    code: string; title: string; definition: string | null; employment: number;
    p10: string; p25: string; p50: string; p75: string; p90: string | null;
  }[] = await ds.query(`
    SELECT s.code, s.title, s.definition, o.employment,
           o.annual_p10 AS p10, o.annual_p25 AS p25, o.annual_median AS p50, o.annual_p75 AS p75, o.annual_p90 AS p90
    FROM soc s JOIN oews_national o ON o.soc_code = s.code
    WHERE s.level = 'detailed' AND o.employment > 0
      AND o.annual_p10 IS NOT NULL AND o.annual_p25 IS NOT NULL AND o.annual_median IS NOT NULL AND o.annual_p75 IS NOT NULL
    ORDER BY s.code`);
  const onet: { soc_code: string; job_zone: number | null; titles: string[] }[] = await ds.query(`
    SELECT soc_code, round(avg(job_zone))::int AS job_zone, array_agg(title ORDER BY code) AS titles
    FROM onet_occupation GROUP BY soc_code ORDER BY soc_code`);
  const skillRows: { soc_code: string; id: string; name: string; hot: boolean }[] = await ds.query(`
    SELECT DISTINCT ON (os.soc_code, c.id) os.soc_code, c.id, c.name, (os.hot OR os.in_demand) AS hot
    FROM occupation_skill os JOIN skill s ON s.id = os.skill_id JOIN skill c ON c.id = COALESCE(s.canonical_id, s.id)
    ORDER BY os.soc_code, c.id, (os.hot OR os.in_demand) DESC`);
  const credRows: {
    id: number; source_key: string; name: string; short_names: string[]; type: string; is_micro: boolean; validity: string | null; editorial: boolean;
    socs: string[] | null; stacks: number[] | null; skills: { id: string; name: string }[] | null;
  }[] = await ds.query(`
    SELECT c.id, c.source_key, c.name, c.short_names, c.type, c.is_micro, c.external_ids->>'validityYears' AS validity,
           coalesce(c.external_ids->>'source' LIKE 'credential-catalog/catalog.json%', true) AS editorial,
           (SELECT array_agg(soc_code ORDER BY soc_code) FROM credential_soc cs WHERE cs.credential_id = c.id) AS socs,
           (SELECT array_agg(whole_id ORDER BY whole_id) FROM credential_stack st WHERE st.part_id = c.id) AS stacks,
           (SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.id)
              FROM credential_skill ck JOIN skill s ON s.id = ck.skill_id WHERE ck.credential_id = c.id) AS skills
    FROM credential c WHERE c.source_key LIKE 'catalog:%' ORDER BY c.source_key`);
  const countyRows: { fips: string; state_fips: string; usps: string; name: string; kind: string | null; central: boolean | null; rural: boolean; n: number }[] = await ds.query(`
    SELECT c.fips, c.state_fips, st.usps, c.name, cb.kind, c.central, c.rural,
           count(*) OVER (PARTITION BY c.cbsa_code)::int AS n
    FROM county c JOIN state st ON st.fips = c.state_fips LEFT JOIN cbsa cb ON cb.code = c.cbsa_code
    ORDER BY c.fips`);
  const naicsRows: { code: string }[] = await ds.query('SELECT code FROM naics ORDER BY code');
  const cipRows: { soc_code: string; cips: string[] }[] = await ds.query(`
    SELECT soc_code, array_agg(cip_code ORDER BY cip_code) AS cips FROM cip_soc GROUP BY soc_code ORDER BY soc_code`);

  const credentials: CredentialRef[] = credRows.map((r) => ({
    id: r.id,
    sourceKey: r.source_key,
    name: r.name,
    shortNames: r.short_names,
    type: r.type,
    isMicro: r.is_micro,
    socs: r.socs ?? [],
    stacksInto: r.stacks ?? [],
    validityYears: r.validity === null ? null : Number(r.validity),
    editorial: r.editorial,
    skills: (r.skills ?? []).map((s) => ({ id: s.id, name: s.name, hot: false })),
  }));
  const credsBySoc = new Map<string, CredentialRef[]>();
  for (const c of credentials) for (const s of c.socs) credsBySoc.set(s, [...(credsBySoc.get(s) ?? []), c]);
  const onetBySoc = new Map(onet.map((o) => [o.soc_code, o]));
  const skillsBySoc = new Map<string, SkillRef[]>();
  for (const r of skillRows) {
    const list = skillsBySoc.get(r.soc_code) ?? [];
    list.push({ id: r.id, name: r.name, hot: r.hot });
    skillsBySoc.set(r.soc_code, list);
  }

  const socs: SocRef[] = socRows.map((r) => {
    const p75 = Number(r.p75);
    const o = onetBySoc.get(r.code);
    return {
      code: r.code,
      title: r.title,
      definition: r.definition,
      employment: Number(r.employment),
      wages: [Number(r.p10), Number(r.p25), Number(r.p50), p75, r.p90 === null ? p75 * 1.25 : Number(r.p90)],
      jobZone: o?.job_zone ?? guessJobZone(Number(r.p50)),
      titles: dedupe([...(o?.titles ?? []), r.title]),
      skills: skillsBySoc.get(r.code) ?? [],
      credentials: credsBySoc.get(r.code) ?? [],
    };
  });

  // Where people live: states by their population (Census Vintage 2023, state-population.ts); within
  // a state, a proxy: counties of a metropolitan area weigh more the larger the area (its county count
  // stands in for size), central counties most; micropolitan and rural counties little.
  const proxy = (r: (typeof countyRows)[number]) => (r.kind === 'metropolitan' ? (r.central ? 10 * r.n : 3 * Math.sqrt(r.n)) : r.kind === 'micropolitan' ? 2 : 1);
  const proxyByState = new Map<string, number>();
  for (const r of countyRows) proxyByState.set(r.state_fips, (proxyByState.get(r.state_fips) ?? 0) + proxy(r));
  const counties: CountyRef[] = countyRows.map((r) => ({
    fips: r.fips,
    stateFips: r.state_fips,
    usps: r.usps,
    name: r.name,
    rural: r.rural,
    weight: ((STATE_POPULATION_THOUSANDS[r.usps] ?? 500) * proxy(r)) / proxyByState.get(r.state_fips)!,
  }));

  return {
    socs,
    counties,
    credentials,
    naics: new Set(naicsRows.map((r) => r.code)),
    cipBySoc: new Map(cipRows.map((r) => [r.soc_code, r.cips])),
  };
}

// Occupations O*NET has no job zone for: a rough zone from the median wage.
function guessJobZone(median: number): number {
  return median < 35_000 ? 1 : median < 48_000 ? 2 : median < 65_000 ? 3 : median < 100_000 ? 4 : 5;
}

function dedupe(xs: string[]): string[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.toLowerCase()) ? false : (seen.add(x.toLowerCase()), true)));
}
