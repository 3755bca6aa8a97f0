import type { ExportColumn, RecordDataset } from '@credpulse/contracts';
import type { ExportFilterParam, ExportFilters, SqlParams } from '../queries/export-filters.js';
import { postingsInCounties } from '../../analytics/filters/sql-builder.js';

// A skill filter given any O*NET or ESCO id of a concept selects the concept (skill.canonical_id).
const skillConcept = (param: string): string => `(SELECT COALESCE(canonical_id, id) FROM skill WHERE id = ${param})`;

/** A column of a SQL-backed export: its dictionary entry and the SQL expression that yields it. */
export interface SqlColumn extends ExportColumn {
  sql: string;
  /** Few distinct values (codes, names): dictionary-encoded in Parquet. */
  repeats?: true;
}

/** A record-level dataset: one SQL source, streamed by COPY. */
export interface RecordDatasetDef {
  name: RecordDataset;
  title: string;
  methodVersion: string;
  columns: SqlColumn[];
  /** FROM clause (tables and joins). */
  from: string;
  /** WHERE conditions for the filters (values bound through SqlParams). */
  where(f: ExportFilters, p: SqlParams): string[];
  /** Filters that mean nothing for this dataset: a 400 rather than a silently ignored filter. */
  unsupported: readonly ExportFilterParam[];
}

const LEVEL_NAME = (col: string) => `CASE ${col} WHEN 1 THEN 'required' WHEN 2 THEN 'preferred' WHEN 3 THEN 'in_lieu' END`;

function regionCond(a: string, f: ExportFilters, p: SqlParams, posting = false): string[] {
  if (!f.region) return [];
  const { kind, code } = f.region;
  if (kind === 'state') return [`${a}.state_fips = ${p.text(code)}::bpchar`];
  const counties =
    kind === 'county'
      ? `= ${p.text(code)}::bpchar`
      : kind === 'cbsa'
        ? `IN (SELECT fips FROM county WHERE cbsa_code = ${p.text(code)}::bpchar)`
        : `IN (SELECT county_fips FROM custom_region_county WHERE region_id = ${p.int(Number(code))})`;
  // a posting with several places is in the region when any of them is (docs/methodology.md)
  // (an array computed once rather than an OR with a sub-plan, which scanned every posting: sql-builder.ts)
  if (posting) return [`${a}.id = ANY (ARRAY(${postingsInCounties(counties)}))`];
  return [`${a}.county_fips ${counties}`];
}

function dateRange(col: string, f: ExportFilters, p: SqlParams): string[] {
  const out: string[] = [];
  if (f.fromDate) out.push(`${col} >= ${p.text(f.fromDate)}::date`);
  if (f.toEnd) out.push(`${col} < ${p.text(f.toEnd)}::date`);
  return out;
}

function socCond(col: string, f: ExportFilters, p: SqlParams): string {
  const prefix = f.socPrefix as string;
  return prefix.length === 7 ? `${col} = ${p.text(prefix)}` : `${col} LIKE (${p.text(prefix)} || '%')`;
}

/** Conditions on a job_posting row aliased `a`; `skip` leaves out filters the caller applies to its own rows. */
function postingWhere(a: string, f: ExportFilters, p: SqlParams, skip: readonly ExportFilterParam[] = []): string[] {
  const w = [...dateRange(`${a}.posted_date`, f, p), ...regionCond(a, f, p, true)];
  if (f.naicsPrefixes) w.push(`${a}.naics_code LIKE ANY (${p.textArray(f.naicsPrefixes.map((x) => `${x}%`))})`);
  if (f.socPrefix) w.push(socCond(`${a}.soc_code`, f, p));
  if (f.cipPrefix) w.push(`${a}.soc_code IN (SELECT soc_code FROM cip_soc WHERE cip_code LIKE (${p.text(f.cipPrefix)} || '%'))`);
  if (f.skill !== undefined && !skip.includes('skill')) w.push(`EXISTS (SELECT 1 FROM posting_skill fs WHERE fs.posting_id = ${a}.id AND fs.skill_id = ${skillConcept(p.text(f.skill))})`);
  if (f.credential !== undefined && !skip.includes('credential')) w.push(`EXISTS (SELECT 1 FROM posting_credential fc WHERE fc.posting_id = ${a}.id AND fc.credential_id = ${p.int(f.credential)})`);
  if (f.provider !== undefined && !skip.includes('provider')) {
    w.push(`EXISTS (SELECT 1 FROM posting_credential fc JOIN credential fcc ON fcc.id = fc.credential_id WHERE fc.posting_id = ${a}.id AND fcc.provider_id = ${p.int(f.provider)})`);
  }
  return w;
}

/** Conditions on a credential_award row aliased `a` joined to its credential `c`. */
function awardWhere(a: string, c: string, f: ExportFilters, p: SqlParams, withDates: boolean): string[] {
  const w = [...(withDates ? dateRange(`${a}.award_date`, f, p) : []), ...regionCond(a, f, p)];
  if (f.naicsPrefixes) w.push(`EXISTS (SELECT 1 FROM credential_naics fn WHERE fn.credential_id = ${a}.credential_id AND fn.naics_code LIKE ANY (${p.textArray(f.naicsPrefixes.map((x) => `${x}%`))}))`);
  if (f.socPrefix) w.push(`EXISTS (SELECT 1 FROM credential_soc fo WHERE fo.credential_id = ${a}.credential_id AND ${socCond('fo.soc_code', f, p)})`);
  if (f.cipPrefix) w.push(`${a}.program_cip LIKE (${p.text(f.cipPrefix)} || '%')`);
  if (f.skill !== undefined) w.push(`EXISTS (SELECT 1 FROM credential_skill fk WHERE fk.credential_id = ${a}.credential_id AND fk.skill_id = ${skillConcept(p.text(f.skill))})`);
  if (f.credential !== undefined) w.push(`${a}.credential_id = ${p.int(f.credential)}`);
  if (f.provider !== undefined) w.push(`${c}.provider_id = ${p.int(f.provider)}`);
  return w;
}

const POSTING_COLUMNS: SqlColumn[] = [
  { name: 'posting_id', type: 'int64', unit: null, sql: 'p.id', description: 'Posting id in this Credential Pulse database (joins posting-skills and posting-credentials).' },
  { name: 'source_key', type: 'utf8', unit: null, sql: 'p.source_key', description: 'Identifier of the posting in its source feed.' },
  { name: 'employer', type: 'utf8', unit: null, repeats: true, sql: 'p.employer', description: 'Employer name as advertised.' },
  { name: 'title', type: 'utf8', unit: null, sql: 'p.title', description: 'Job title as advertised.' },
  { name: 'naics_code', type: 'utf8', unit: null, repeats: true, sql: 'p.naics_code', description: 'Industry, NAICS 2022 code (2 to 6 digits).' },
  { name: 'soc_code', type: 'utf8', unit: null, repeats: true, sql: 'p.soc_code', description: 'Occupation, SOC 2018 code XX-XXXX.' },
  { name: 'county_fips', type: 'utf8', unit: null, repeats: true, sql: 'p.county_fips', description: 'County of the job, 5-digit FIPS code.' },
  { name: 'state_fips', type: 'utf8', unit: null, repeats: true, sql: 'p.state_fips', description: 'State of the job, 2-digit FIPS code.' },
  { name: 'posted_date', type: 'date', unit: null, sql: 'p.posted_date', description: 'Date the posting was first seen.' },
  { name: 'expires_date', type: 'date', unit: null, sql: 'p.expires_date', description: 'Advertised expiry date, if any.' },
  { name: 'last_seen_date', type: 'date', unit: null, sql: 'p.last_seen_date', description: 'Date the posting was last seen in the feed.' },
  { name: 'salary_min', type: 'float64', unit: 'USD per salary_unit', sql: 'p.salary_min', description: 'Lower bound of the advertised pay, in salary_unit.' },
  { name: 'salary_max', type: 'float64', unit: 'USD per salary_unit', sql: 'p.salary_max', description: 'Upper bound of the advertised pay, in salary_unit.' },
  { name: 'salary_unit', type: 'utf8', unit: null, repeats: true, sql: 'p.salary_unit', description: 'Pay period of salary_min/max: hour, day, week, month or year.' },
  { name: 'salary_annual', type: 'float64', unit: 'USD per year', sql: 'p.salary_annual', description: 'Advertised pay annualised (hourly x 2080, monthly x 12), nominal dollars.' },
  { name: 'degree_level', type: 'int16', unit: null, sql: 'p.degree_level', description: 'Minimum education asked: 0 none, 1 high school, 2 associate, 3 bachelor, 4 master or higher.' },
  { name: 'in_lieu', type: 'bool', unit: null, sql: 'p.in_lieu', description: 'True when experience or a credential is accepted in place of the degree.' },
  { name: 'remote', type: 'bool', unit: null, sql: 'p.remote', description: 'True when the job is advertised as remote.' },
  { name: 'dedup_group', type: 'utf8', unit: null, sql: 'p.dedup_group', description: 'Deduplication group: same employer, normalised title and region within 60 days.' },
  { name: 'is_duplicate', type: 'bool', unit: null, sql: 'p.is_duplicate', description: 'True when the posting repeats an earlier one of its dedup_group (unique postings: is_duplicate = false).' },
];

const MENTION_LEVEL_DOC = 'How the posting names it: 1 required, 2 preferred, 3 accepted in lieu of a degree.';

export const RECORD_DATASET_DEFS: Record<RecordDataset, RecordDatasetDef> = {
  postings: {
    name: 'postings',
    title: 'Job postings',
    methodVersion: 'records-1',
    columns: POSTING_COLUMNS,
    from: 'job_posting p',
    where: (f, p) => postingWhere('p', f, p),
    unsupported: [],
  },
  'posting-skills': {
    name: 'posting-skills',
    title: 'Skills named by job postings',
    methodVersion: 'records-1',
    columns: [
      { name: 'posting_id', type: 'int64', unit: null, sql: 'ps.posting_id', description: 'Posting id (joins postings.posting_id).' },
      { name: 'skill_id', type: 'utf8', unit: null, repeats: true, sql: 'ps.skill_id', description: 'Skill concept id (the id of the O*NET or ESCO skill that represents the concept).' },
      { name: 'skill_name', type: 'utf8', unit: null, repeats: true, sql: 'sk.name', description: 'Preferred label of the skill concept.' },
      {
        name: 'skill_source_ids',
        type: 'utf8',
        unit: null,
        repeats: true,
        sql: `sk.id || COALESCE('|' || skm.members, '')`,
        description: 'Every O*NET and ESCO skill id of the concept, "|"-separated (one identity per skill: see the methodology).',
      },
      { name: 'level', type: 'int16', unit: null, sql: 'ps.level', description: MENTION_LEVEL_DOC },
      { name: 'level_name', type: 'utf8', unit: null, repeats: true, sql: LEVEL_NAME('ps.level'), description: 'level as a word: required, preferred, in_lieu.' },
      { name: 'posted_date', type: 'date', unit: null, sql: 'p.posted_date', description: 'Date the posting was first seen.' },
    ],
    from: `posting_skill ps JOIN job_posting p ON p.id = ps.posting_id JOIN skill sk ON sk.id = ps.skill_id
           LEFT JOIN (SELECT canonical_id, string_agg(id, '|' ORDER BY id) AS members FROM skill WHERE canonical_id IS NOT NULL GROUP BY 1) skm ON skm.canonical_id = ps.skill_id`,
    // skill filters the mention rows themselves; the other filters select postings
    where: (f, p) => [...postingWhere('p', f, p, ['skill']), ...(f.skill !== undefined ? [`ps.skill_id = ${skillConcept(p.text(f.skill))}`] : [])],
    unsupported: [],
  },
  'posting-credentials': {
    name: 'posting-credentials',
    title: 'Credentials named by job postings',
    methodVersion: 'records-1',
    columns: [
      { name: 'posting_id', type: 'int64', unit: null, sql: 'pc.posting_id', description: 'Posting id (joins postings.posting_id).' },
      { name: 'credential_id', type: 'int32', unit: null, sql: 'pc.credential_id', description: 'Credential id in this Credential Pulse database.' },
      { name: 'credential_name', type: 'utf8', unit: null, repeats: true, sql: 'c.name', description: 'Credential name.' },
      { name: 'provider_id', type: 'int32', unit: null, sql: 'c.provider_id', description: 'Provider (issuer) id of the credential.' },
      { name: 'level', type: 'int16', unit: null, sql: 'pc.level', description: MENTION_LEVEL_DOC },
      { name: 'level_name', type: 'utf8', unit: null, repeats: true, sql: LEVEL_NAME('pc.level'), description: 'level as a word: required, preferred, in_lieu.' },
      { name: 'posted_date', type: 'date', unit: null, sql: 'p.posted_date', description: 'Date the posting was first seen.' },
    ],
    from: 'posting_credential pc JOIN job_posting p ON p.id = pc.posting_id JOIN credential c ON c.id = pc.credential_id',
    where: (f, p) => [
      ...postingWhere('p', f, p, ['credential', 'provider']),
      ...(f.credential !== undefined ? [`pc.credential_id = ${p.int(f.credential)}`] : []),
      ...(f.provider !== undefined ? [`c.provider_id = ${p.int(f.provider)}`] : []),
    ],
    unsupported: [],
  },
  awards: {
    name: 'awards',
    title: 'Credential awards',
    methodVersion: 'records-1',
    columns: [
      { name: 'award_id', type: 'int64', unit: null, sql: 'a.id', description: 'Award id in this Credential Pulse database.' },
      { name: 'learner_key', type: 'utf8', unit: null, sql: 'a.learner_key', description: 'Pseudonymous learner key as supplied by the issuer (joins outcomes.learner_key); empty when the award names its learner without an id (not linkable: no outcomes, no pathways).' },
      { name: 'credential_id', type: 'int32', unit: null, sql: 'a.credential_id', description: 'Credential id.' },
      { name: 'credential_name', type: 'utf8', unit: null, repeats: true, sql: 'c.name', description: 'Credential name.' },
      { name: 'provider_id', type: 'int32', unit: null, sql: 'c.provider_id', description: 'Provider (issuer) id.' },
      { name: 'award_date', type: 'date', unit: null, sql: 'a.award_date', description: 'Date the credential was awarded.' },
      { name: 'expiry_date', type: 'date', unit: null, sql: 'a.expiry_date', description: 'Expiry date of the award, if any.' },
      { name: 'county_fips', type: 'utf8', unit: null, repeats: true, sql: 'a.county_fips', description: 'County of the learner, 5-digit FIPS code.' },
      { name: 'state_fips', type: 'utf8', unit: null, repeats: true, sql: 'a.state_fips', description: 'State of the learner, 2-digit FIPS code.' },
      { name: 'program_cip', type: 'utf8', unit: null, repeats: true, sql: 'a.program_cip', description: 'Program of study, CIP 2020 code.' },
      { name: 'age_band', type: 'utf8', unit: null, repeats: true, sql: 'a.age_band', description: 'Age band of the learner at award.' },
      { name: 'sex', type: 'utf8', unit: null, repeats: true, sql: 'a.sex', description: 'Sex of the learner as reported.' },
      { name: 'race_ethnicity', type: 'utf8', unit: null, repeats: true, sql: 'a.race_ethnicity', description: 'Race/ethnicity of the learner as reported.' },
      { name: 'low_income', type: 'bool', unit: null, sql: 'a.low_income', description: 'True when the learner was reported low-income.' },
      { name: 'proof_status', type: 'utf8', unit: null, repeats: true, sql: 'a.proof_status', description: 'Offline check of the award proof: verified, invalid (signature does not match), unverifiable (key, context or suite not available offline) or none.' },
      { name: 'credential_status', type: 'utf8', unit: null, repeats: true, sql: 'a.credential_status', description: 'Revocation status: unchecked when the credential has a status list entry (not read offline), empty when it has none.' },
    ],
    from: 'credential_award a JOIN credential c ON c.id = a.credential_id',
    where: (f, p) => awardWhere('a', 'c', f, p, true),
    unsupported: [],
  },
  outcomes: {
    name: 'outcomes',
    title: 'Learner employment outcomes by quarter',
    methodVersion: 'records-1',
    columns: [
      { name: 'learner_key', type: 'utf8', unit: null, sql: 'o.learner_key', description: 'Pseudonymous learner key (joins awards.learner_key).' },
      { name: 'quarter', type: 'date', unit: null, sql: 'o.quarter', description: 'First day of the calendar quarter.' },
      { name: 'employed', type: 'bool', unit: null, sql: 'o.employed', description: 'True when the learner had covered employment in the quarter.' },
      { name: 'wage', type: 'float64', unit: 'USD per quarter (nominal)', sql: 'o.wage', description: 'Quarterly earnings, nominal dollars.' },
      { name: 'naics_code', type: 'utf8', unit: null, repeats: true, sql: 'o.naics_code', description: 'Industry of the main employer in the quarter, NAICS code.' },
    ],
    from: 'learner_outcome o',
    // from/to select quarters; every other filter selects learners through their awards
    where: (f, p) => {
      const w = dateRange('o.quarter', f, p);
      const award = awardWhere('a', 'c', f, p, false);
      if (award.length > 0) {
        w.push(`EXISTS (SELECT 1 FROM credential_award a JOIN credential c ON c.id = a.credential_id WHERE a.learner_key = o.learner_key AND ${award.join(' AND ')})`);
      }
      return w;
    },
    unsupported: [],
  },
};
