import { CREDENTIAL_TYPES, type CredentialType } from '@credpulse/contracts';
import type { AwardRecord, ColumnMapping, NormalizedRecord, OutcomeRecord, ParseEvent, ParseOptions, PostingRecord, RecordIssue } from '../formats/types.js';
import { IngestFatalError } from '../formats/types.js';
import { annualize, cipCodeOf, degreeLevelOf, isIsoDate, naicsCodeOf, parseBool, salaryUnit, sha256, socCodeOf, SOC_2010_TO_2018, stateFips, toNumber } from '../formats/util.js';
import { resolveLocation } from '../formats/location.js';
import { codeOccupation } from '../formats/occupation.js';
import { readCsv } from './reader.js';
import { credentialAliases, credentialsCsvRow, CREDENTIALS_CSV_FIELDS, readSoc } from '@credpulse/taxonomy';
import type { CredentialRecord } from '../formats/types.js';

/** A CSV field: its name, other header spellings that map to it without a mapping file, and whether it is required. */
export interface FieldSpec {
  name: string;
  aliases?: string[];
  required?: boolean;
  description: string;
}

export const POSTING_FIELDS: FieldSpec[] = [
  { name: 'source_key', aliases: ['id', 'posting_id', 'job_id'], description: 'stable id of the posting (default: a hash of the row)' },
  { name: 'employer', aliases: ['company', 'company_name', 'hiring_organization'], description: 'employer name' },
  { name: 'title', aliases: ['job_title'], required: true, description: 'job title' },
  { name: 'naics_code', aliases: ['naics', 'industry'], description: 'NAICS 2-6 digit code' },
  { name: 'soc_code', aliases: ['soc', 'onet', 'onet_code', 'occupation'], description: 'SOC 2018 (or O*NET-SOC) code' },
  { name: 'county_fips', aliases: ['county', 'fips'], description: '5-digit county FIPS' },
  { name: 'state', aliases: ['state_fips', 'state_code'], description: 'state USPS code, FIPS or name' },
  { name: 'location', aliases: ['job_location', 'work_location', 'locations', 'place'], description: 'free-text place(s): "Austin, TX 78701", "Macon, Georgia, United States", "Remote"; several joined by " | " or ";" (geocoded when county_fips is absent)' },
  { name: 'city', aliases: ['town', 'locality'], description: 'city (geocoded with state and zip)' },
  { name: 'zip', aliases: ['zip_code', 'zipcode', 'postal_code', 'postcode'], description: 'ZIP or ZIP+4' },
  { name: 'address', aliases: ['street_address', 'street'], description: 'street address (geocoded with city, state and zip)' },
  { name: 'posted_date', aliases: ['date_posted', 'posted', 'first_seen'], required: true, description: 'date first posted' },
  { name: 'expires_date', aliases: ['valid_through', 'expires', 'expiry_date'], description: 'expiry date' },
  { name: 'last_seen_date', aliases: ['last_seen'], description: 'date last seen' },
  { name: 'description', aliases: ['job_description', 'body', 'text'], description: 'posting text' },
  { name: 'qualifications', aliases: ['requirements'], description: 'qualifications section' },
  { name: 'skills', description: 'skills section' },
  { name: 'education', aliases: ['education_requirements'], description: 'education section (text)' },
  { name: 'salary_min', aliases: ['min_salary'], description: 'lowest advertised pay' },
  { name: 'salary_max', aliases: ['max_salary'], description: 'highest advertised pay' },
  { name: 'salary_unit', aliases: ['pay_period', 'salary_period'], description: 'hour, day, week, month or year' },
  { name: 'degree_level', aliases: ['min_education'], description: 'none, high school, associate, bachelor, master (or 0-4)' },
  { name: 'in_lieu', aliases: ['experience_in_place_of_education'], description: 'true when experience is accepted instead of the degree' },
  { name: 'remote', aliases: ['telecommute'], description: 'true for remote postings' },
];

export const AWARD_FIELDS: FieldSpec[] = [
  { name: 'source_key', aliases: ['id', 'award_id'], description: 'stable id of the award (default: hash of learner, credential and date)' },
  { name: 'learner_id', aliases: ['learner', 'student_id', 'email', 'recipient'], required: true, description: 'learner identifier (hashed with the install secret; never stored)' },
  { name: 'credential', aliases: ['credential_id', 'credential_key', 'ctid'], required: true, description: 'credential source key, CTID, Open Badges achievement id, or exact name' },
  { name: 'credential_name', description: 'name, to add the credential to the catalog when it is not there yet' },
  { name: 'credential_type', description: `type of a new credential: ${CREDENTIAL_TYPES.join(', ')}` },
  { name: 'provider', aliases: ['issuer', 'provider_name'], description: 'provider name of a new credential' },
  { name: 'award_date', aliases: ['awarded', 'issued', 'issue_date', 'date'], required: true, description: 'date awarded' },
  { name: 'expiry_date', aliases: ['expires'], description: 'expiry date' },
  { name: 'county_fips', aliases: ['county'], description: 'learner county FIPS' },
  { name: 'state', aliases: ['state_fips'], description: 'learner state' },
  { name: 'program_cip', aliases: ['cip', 'cip_code'], description: 'program CIP code' },
  { name: 'age_band', description: 'age band' },
  { name: 'sex', description: 'sex' },
  { name: 'race_ethnicity', aliases: ['race'], description: 'race / ethnicity' },
  { name: 'low_income', description: 'true / false' },
];

export const OUTCOME_FIELDS: FieldSpec[] = [
  { name: 'learner_id', aliases: ['learner', 'student_id', 'ssn_hash'], required: true, description: 'learner identifier (hashed like awards)' },
  { name: 'quarter', aliases: ['year_quarter', 'period'], required: true, description: '2024Q1, 2024-Q1 or any date in the quarter' },
  { name: 'employed', required: false, description: 'true / false (default: true when wage > 0)' },
  { name: 'wage', aliases: ['wages', 'earnings', 'quarterly_wage'], description: 'quarterly earnings in dollars' },
  { name: 'naics_code', aliases: ['naics', 'industry'], description: "employer's NAICS code" },
  { name: 'source_key', description: 'stable id (default: learner and quarter)' },
];

const norm = (h: string) => h.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

export interface HeaderPlan {
  /** For each field, the column indexes whose values are joined (a mapping may join several). */
  index: Map<string, number[]>;
  width: number;
}

/** Matches the header to the fields through the mapping file, then by name or alias. */
export function planHeader(header: string[], fields: FieldSpec[], mapping: ColumnMapping | undefined, file: string): HeaderPlan {
  const normalized = header.map(norm);
  const index = new Map<string, number[]>();
  const known = new Set(fields.map((f) => f.name));
  for (const [field, cols] of Object.entries(mapping?.columns ?? {})) {
    if (!known.has(field)) throw new IngestFatalError(`${file}: mapping names an unknown field "${field}"; fields are: ${[...known].join(', ')}`);
    const idx = [cols].flat().map((col) => {
      const i = header.findIndex((h) => h.trim() === col);
      const j = i >= 0 ? i : normalized.indexOf(norm(col));
      // a preset (a mapping naming its format) maps every column of its export; a file may leave some out
      if (j < 0 && mapping?.format) return -1;
      if (j < 0) throw new IngestFatalError(`${file}: mapping maps field "${field}" to column "${col}", which is not in the header (${header.join(', ')})`);
      return j;
    });
    if (idx.some((i) => i >= 0)) index.set(field, idx.filter((i) => i >= 0));
  }
  for (const f of fields) {
    if (index.has(f.name)) continue;
    const i = normalized.findIndex((h) => h === f.name || (f.aliases ?? []).includes(h));
    if (i >= 0) index.set(f.name, [i]);
  }
  const missing = fields.filter((f) => f.required && !index.has(f.name) && mapping?.defaults?.[f.name] === undefined);
  if (missing.length) {
    throw new IngestFatalError(
      `${file}:1: header: no column for required field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m.name}"`).join(', ')}; ` +
        `the header has ${header.map((h) => JSON.stringify(h)).join(', ')}. Rename the column or map it with --mapping (see docs/ingest-mapping.md)`,
    );
  }
  return { index, width: header.length };
}

/** Parses a date in the mapping's format to YYYY-MM-DD; undefined when it is not a real date. */
export function parseDate(v: string, format: ColumnMapping['dateFormat'] = 'ISO'): string | undefined {
  const s = v.trim();
  let y: string, m: string, d: string;
  let r: RegExpExecArray | null;
  if (format === 'MM/DD/YYYY' && (r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*[AaPp][Mm])?)?$/.exec(s))) [m, d, y] = [r[1], r[2], r[3]];
  else if (format === 'DD/MM/YYYY' && (r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) [d, m, y] = [r[1], r[2], r[3]];
  else if (format === 'YYYYMMDD' && (r = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) [y, m, d] = [r[1], r[2], r[3]];
  else if ((r = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s))) [y, m, d] = [r[1], r[2], r[3]];
  else return undefined;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

type Getter = (field: string) => string | undefined;
type RowResult = { record?: NormalizedRecord; issues: RecordIssue[]; warnings: RecordIssue[] };

function makeGetter(fields: string[], plan: HeaderPlan, mapping: ColumnMapping | undefined): Getter {
  const values = mapping?.values;
  const defaults = mapping?.defaults;
  return (field) => {
    const idx = plan.index.get(field);
    let v: string | undefined;
    if (idx) v = idx.length === 1 ? fields[idx[0]] : idx.map((i) => fields[i] ?? '').filter((x) => x !== '').join(' ');
    if (v !== undefined) v = v.trim();
    if ((v === undefined || v === '') && defaults?.[field] !== undefined) v = defaults[field];
    if (v !== undefined && values?.[field]?.[v] !== undefined) v = values[field][v];
    return v === '' ? undefined : v;
  };
}

function postingRow(get: Getter, line: number, o: ParseOptions, issue: (field: string, reason: string) => void, warnRow: (field: string, reason: string) => void): PostingRecord | undefined {
  const fmt = o.mapping?.dateFormat;
  const title = get('title');
  if (!title) issue('title', 'required: empty');
  const postedRaw = get('posted_date');
  const posted = postedRaw ? parseDate(postedRaw, fmt) : undefined;
  if (!postedRaw) issue('posted_date', 'required: empty');
  else if (!posted) issue('posted_date', `not a date${fmt && fmt !== 'ISO' ? ` in ${fmt}` : ' (expected YYYY-MM-DD, or set dateFormat in the mapping)'}: ${JSON.stringify(postedRaw)}`);
  const date = (f: string) => {
    const raw = get(f);
    if (!raw) return undefined;
    const d = parseDate(raw, fmt);
    if (!d) issue(f, `not a date: ${JSON.stringify(raw)}`);
    return d;
  };
  const expires = date('expires_date');
  const lastSeen = date('last_seen_date');
  if (posted && expires && expires < posted) issue('expires_date', `${expires} is before posted_date ${posted}`);
  const countyRaw = get('county_fips');
  let county: string | undefined;
  if (countyRaw) {
    county = /^\d{4,5}$/.test(countyRaw) ? countyRaw.padStart(5, '0') : undefined;
    if (!county) issue('county_fips', `expected a 5-digit county FIPS code, got ${JSON.stringify(countyRaw)}`);
  }
  const stateRaw = get('state');
  let st = stateRaw ? stateFips(stateRaw) : undefined;
  if (stateRaw && !st) issue('state', `unknown state ${JSON.stringify(stateRaw)}; expected a USPS code (WA), FIPS (53) or name`);
  if (county && st && county.slice(0, 2) !== st) issue('county_fips', `county ${county} is not in state ${stateRaw}`);
  st ??= county?.slice(0, 2);
  const locText = get('location');
  const city = get('city');
  const zip = get('zip');
  const address = get('address');
  const loc =
    locText || city || zip || address
      ? resolveLocation({ countyFips: county, stateFips: st, text: locText, city, zip, address, state: stateRaw }, (reason) => warnRow(locText ? 'location' : city ? 'city' : zip ? 'zip' : 'address', reason))
      : undefined;
  const socRaw = get('soc_code');
  let soc = socRaw ? socCodeOf(socRaw) : undefined;
  if (socRaw && !soc) issue('soc_code', `expected a SOC code like 15-1252, got ${JSON.stringify(socRaw)}`);
  if (soc && SOC_2010_TO_2018[soc]) {
    warnRow('soc_code', `SOC 2010 code ${soc} mapped to SOC 2018 ${SOC_2010_TO_2018[soc]}`);
    soc = SOC_2010_TO_2018[soc];
  }
  const naicsRaw = get('naics_code');
  const naics = naicsRaw ? naicsCodeOf(naicsRaw) : undefined;
  if (naicsRaw && !naics) issue('naics_code', `expected a 2-6 digit NAICS code, got ${JSON.stringify(naicsRaw)}`);
  const num = (f: string) => {
    const raw = get(f);
    if (raw === undefined) return undefined;
    const n = toNumber(raw);
    if (n === undefined || n < 0) issue(f, `expected a non-negative number, got ${JSON.stringify(raw)}`);
    return n;
  };
  const min = num('salary_min');
  const max = num('salary_max');
  if (min !== undefined && max !== undefined && min > max) issue('salary_max', `${max} is below salary_min ${min}`);
  const unitRaw = get('salary_unit');
  const unit = unitRaw ? salaryUnit(unitRaw) : undefined;
  if (unitRaw && !unit) issue('salary_unit', `expected hour, day, week, month or year, got ${JSON.stringify(unitRaw)}`);
  const degRaw = get('degree_level');
  let degree: PostingRecord['degreeLevel'];
  if (degRaw) {
    degree = /^[0-4]$/.test(degRaw) ? (Number(degRaw) as PostingRecord['degreeLevel']) : degreeLevelOf(degRaw);
    if (degree === undefined) issue('degree_level', `expected none, high school, associate, bachelor, master or 0-4, got ${JSON.stringify(degRaw)}`);
  }
  const bool = (f: string) => {
    const raw = get(f);
    if (raw === undefined) return undefined;
    const b = parseBool(raw);
    if (b === undefined) issue(f, `expected true or false, got ${JSON.stringify(raw)}`);
    return b;
  };
  const inLieu = bool('in_lieu');
  const remote = bool('remote') ?? loc?.remote ?? false;
  if (!title || !posted) return undefined;
  const occ = codeOccupation(title, soc, (reason) => warnRow('title', reason));
  const employer = get('employer');
  const description = get('description');
  return {
    kind: 'posting',
    sourceKey: get('source_key') ?? `csv:${sha256([employer, title, posted, county ?? st, description].join('\u0001'))}`,
    employer,
    title,
    naicsCode: naics,
    ...occ,
    countyFips: loc ? loc.countyFips : county,
    stateFips: loc ? loc.stateFips : st,
    locationMethod: loc ? loc.locationMethod : county || st ? 'fips' : undefined,
    locationConfidence: loc ? loc.locationConfidence : county || st ? 1 : undefined,
    locations: loc?.locations,
    postedDate: posted,
    expiresDate: expires,
    lastSeenDate: lastSeen,
    description,
    qualifications: get('qualifications'),
    skillsText: get('skills'),
    educationText: get('education'),
    salaryMin: min,
    salaryMax: max,
    salaryUnit: min !== undefined || max !== undefined ? (unit ?? 'year') : unit,
    salaryAnnual: annualize(min, max, unit),
    degreeLevel: degree,
    inLieu,
    remote,
  };
  void line;
}

function awardRow(get: Getter, o: ParseOptions, issue: (field: string, reason: string) => void): AwardRecord | undefined {
  const fmt = o.mapping?.dateFormat;
  const learner = get('learner_id');
  if (!learner) issue('learner_id', 'required: empty');
  const cred = get('credential');
  if (!cred) issue('credential', 'required: empty');
  const dateRaw = get('award_date');
  const awardDate = dateRaw ? parseDate(dateRaw, fmt) : undefined;
  if (!dateRaw) issue('award_date', 'required: empty');
  else if (!awardDate) issue('award_date', `not a date: ${JSON.stringify(dateRaw)}`);
  const expRaw = get('expiry_date');
  const expiry = expRaw ? parseDate(expRaw, fmt) : undefined;
  if (expRaw && !expiry) issue('expiry_date', `not a date: ${JSON.stringify(expRaw)}`);
  const typeRaw = get('credential_type');
  if (typeRaw && !(CREDENTIAL_TYPES as readonly string[]).includes(typeRaw)) issue('credential_type', `expected one of ${CREDENTIAL_TYPES.join(', ')}, got ${JSON.stringify(typeRaw)}`);
  const countyRaw = get('county_fips');
  const county = countyRaw && /^\d{4,5}$/.test(countyRaw) ? countyRaw.padStart(5, '0') : undefined;
  if (countyRaw && !county) issue('county_fips', `expected a 5-digit county FIPS code, got ${JSON.stringify(countyRaw)}`);
  const stRaw = get('state');
  const st = stRaw ? stateFips(stRaw) : county?.slice(0, 2);
  if (stRaw && !st) issue('state', `unknown state ${JSON.stringify(stRaw)}`);
  const cipRaw = get('program_cip');
  const cip = cipRaw ? cipCodeOf(cipRaw) : undefined;
  if (cipRaw && !cip) issue('program_cip', `expected a CIP code like 11.0701, got ${JSON.stringify(cipRaw)}`);
  const liRaw = get('low_income');
  const lowIncome = liRaw === undefined ? undefined : parseBool(liRaw);
  if (liRaw !== undefined && lowIncome === undefined) issue('low_income', `expected true or false, got ${JSON.stringify(liRaw)}`);
  if (!learner || !cred || !awardDate) return undefined;
  const learnerKey = o.learnerKey(learner);
  const now = (o.now ?? new Date()).toISOString().slice(0, 10);
  const providerName = get('provider');
  return {
    kind: 'award',
    sourceKey: get('source_key') ?? `csv:${sha256([learnerKey, cred, awardDate].join('\u0001'))}`,
    learnerKey,
    credential: {
      ref: cred,
      name: get('credential_name'),
      type: typeRaw as CredentialType | undefined,
      provider: providerName ? { sourceKey: `name:${providerName.toLowerCase()}`, name: providerName } : undefined,
    },
    awardDate,
    expiryDate: expiry,
    expired: expiry !== undefined && expiry < now,
    countyFips: county,
    stateFips: st,
    programCip: cip,
    ageBand: get('age_band'),
    sex: get('sex'),
    raceEthnicity: get('race_ethnicity'),
    lowIncome,
    proofStatus: 'none',
  };
}

/** "2024Q1", "2024-Q1", "2024 Q1" or a date -> the first day of that quarter. */
export function quarterStart(v: string, fmt?: ColumnMapping['dateFormat']): string | undefined {
  const m = /^(\d{4})\s*-?\s*[Qq]([1-4])$/.exec(v.trim());
  if (m) return `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  const d = parseDate(v, fmt);
  if (!d) return undefined;
  const month = Math.floor((Number(d.slice(5, 7)) - 1) / 3) * 3 + 1;
  return `${d.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
}

function outcomeRow(get: Getter, o: ParseOptions, issue: (field: string, reason: string) => void): OutcomeRecord | undefined {
  const learner = get('learner_id');
  if (!learner) issue('learner_id', 'required: empty');
  const qRaw = get('quarter');
  const quarter = qRaw ? quarterStart(qRaw, o.mapping?.dateFormat) : undefined;
  if (!qRaw) issue('quarter', 'required: empty');
  else if (!quarter) issue('quarter', `expected 2024Q1 or a date, got ${JSON.stringify(qRaw)}`);
  const wageRaw = get('wage');
  const wage = wageRaw === undefined ? undefined : toNumber(wageRaw);
  if (wageRaw !== undefined && (wage === undefined || wage < 0)) issue('wage', `expected a non-negative amount, got ${JSON.stringify(wageRaw)}`);
  const empRaw = get('employed');
  let employed = empRaw === undefined ? undefined : parseBool(empRaw);
  if (empRaw !== undefined && employed === undefined) issue('employed', `expected true or false, got ${JSON.stringify(empRaw)}`);
  if (empRaw === undefined) {
    if (wage === undefined) issue('employed', 'neither employed nor wage is given');
    employed = (wage ?? 0) > 0;
  }
  const naicsRaw = get('naics_code');
  const naics = naicsRaw ? naicsCodeOf(naicsRaw) : undefined;
  if (naicsRaw && !naics) issue('naics_code', `expected a 2-6 digit NAICS code, got ${JSON.stringify(naicsRaw)}`);
  if (!learner || !quarter || employed === undefined) return undefined;
  const learnerKey = o.learnerKey(learner);
  return { kind: 'outcome', sourceKey: get('source_key') ?? `${learnerKey}:${quarter}`, learnerKey, quarter, employed, wage, naicsCode: naics };
}

/** Detailed SOC 2018 codes (the bundled taxonomy), read once: a credential list naming another code is wrong. */
let knownSocs: Set<string> | undefined;
const socSet = () => (knownSocs ??= new Set(readSoc().filter((s) => s.level === 'detailed').map((s) => s.code)));

function credentialRow(get: Getter, line: number, o: ParseOptions, issue: (field: string, reason: string) => void): CredentialRecord | undefined {
  const { record, problems } = credentialsCsvRow(get, socSet());
  for (const p of problems) issue(p.field, p.reason);
  if (!record) return undefined;
  const key = record.sourceKey ?? `${record.issuer ?? ''}|${record.name}`.toLowerCase().replace(/\s+/g, ' ');
  return {
    kind: 'credential',
    sourceKey: `credentials-csv:${record.sourceKey ?? sha256(key).slice(0, 24)}`,
    name: record.name,
    // the written forms employers use, as for the built-in catalog ("CISSP" for "(ISC)2 CISSP")
    shortNames: [...new Set([...record.shortNames, ...credentialAliases(record.name, { type: record.type, issuer: record.issuer })])].slice(0, 40),
    type: record.type,
    isMicro: record.type !== 'degree' && record.type !== 'license',
    provider: record.issuer ? { sourceKey: `name:${record.issuer.toLowerCase()}`, name: record.issuer } : undefined,
    description: record.description ?? undefined,
    externalIds: { source: `${o.file}:${line}`, ...(record.url ? { url: record.url } : {}) },
    socCodes: record.socs,
    naicsCodes: [],
    cipCodes: [],
    skills: record.skills,
    partOf: [],
    hasPart: [],
    outcomeProfiles: [],
  };
}

const SPECS = { 'postings-csv': POSTING_FIELDS, 'awards-csv': AWARD_FIELDS, 'outcomes-csv': OUTCOME_FIELDS, 'credentials-csv': CREDENTIALS_CSV_FIELDS } as const;
export type CsvFormat = keyof typeof SPECS;

/** Streams a CSV file of one of the three CSV formats into records and per-row rejects. */
export async function* parseCsvFormat(format: CsvFormat, source: AsyncIterable<Buffer | string>, o: ParseOptions): AsyncGenerator<ParseEvent> {
  const fields = SPECS[format];
  let plan: HeaderPlan | undefined;
  for await (const ev of readCsv(source, o.mapping?.delimiter ?? ',')) {
    if (ev.kind === 'error') {
      yield { type: 'reject', issues: [{ file: o.file, line: ev.line, field: '(row)', reason: ev.reason }], loc: { line: ev.line } };
      continue;
    }
    const { line, fields: cells } = ev.row;
    if (cells.length === 1 && cells[0].trim() === '') continue;
    if (!plan) {
      plan = planHeader(cells, fields, o.mapping, o.file);
      continue;
    }
    if (cells.length !== plan.width) {
      yield { type: 'reject', issues: [{ file: o.file, line, field: '(row)', reason: `has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${plan.width} (an unquoted comma or a missing column?)` }], loc: { line }, raw: cells.join(',').slice(0, 500) };
      continue;
    }
    const issues: RecordIssue[] = [];
    const warnings: RecordIssue[] = [];
    const issue = (field: string, reason: string) => issues.push({ file: o.file, line, field, reason });
    const warnRow = (field: string, reason: string) => warnings.push({ file: o.file, line, field, reason });
    const get = makeGetter(cells, plan, o.mapping);
    const r: RowResult = {
      issues,
      warnings,
      record:
        format === 'postings-csv'
          ? postingRow(get, line, o, issue, warnRow)
          : format === 'awards-csv'
            ? awardRow(get, o, issue)
            : format === 'credentials-csv'
              ? credentialRow(get, line, o, issue)
              : outcomeRow(get, o, issue),
    };
    for (const w of r.warnings) yield { type: 'warning', issue: w };
    if (issues.length || !r.record) yield { type: 'reject', issues, loc: { line }, raw: cells.join(',').slice(0, 500) };
    else yield { type: 'record', record: r.record, loc: { line } };
  }
  if (!plan) throw new IngestFatalError(`${o.file}: the file is empty; expected a header line`);
}
