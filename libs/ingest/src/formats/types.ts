import type { CredentialType, ProofStatus } from '@credpulse/contracts';

export const INGEST_FORMATS = ['obv3', 'clr', 'ctdl', 'jobposting', 'postings-csv', 'awards-csv', 'outcomes-csv', 'credentials-csv'] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];

export function isIngestFormat(v: string): v is IngestFormat {
  return (INGEST_FORMATS as readonly string[]).includes(v);
}

/** Where a record sits in its file: a 1-based line (CSV, JSON Lines) and/or an RFC 6901 pointer. */
export interface RecordLocation {
  line?: number;
  pointer?: string;
}

/** One thing wrong with a record (reject) or worth knowing about it (warning). */
export interface RecordIssue extends RecordLocation {
  file: string;
  field: string;
  reason: string;
}

export interface ProviderRecord {
  sourceKey: string;
  name: string;
  url?: string;
  kind?: string;
}

export interface OutcomeProfileRecord {
  sourceKey: string;
  description?: string;
  dateEffective?: string;
  employmentRate?: number;
  medianEarnings?: number;
  jobsObtained?: number;
  /** The profile as published (with the data sets it references resolved where the document holds them). */
  data: unknown;
}

export interface CredentialRecord {
  kind: 'credential';
  sourceKey: string;
  name: string;
  shortNames: string[];
  type: CredentialType;
  isMicro: boolean;
  provider?: ProviderRecord;
  description?: string;
  hours?: number;
  cost?: number;
  currency?: string;
  ctid?: string;
  obAchievementId?: string;
  externalIds: Record<string, unknown>;
  socCodes: string[];
  naicsCodes: string[];
  cipCodes: string[];
  /** Skill names or ids (resolved against the skill table at load time). */
  skills: string[];
  /** Source keys of credentials this one stacks into / that stack into it. */
  partOf: string[];
  hasPart: string[];
  outcomeProfiles: OutcomeProfileRecord[];
}

export interface AwardRecord {
  kind: 'award';
  sourceKey: string;
  /**
   * HMAC-SHA256 of the subject id or identifier with the install's secret; never the raw id. Null when
   * the subject only names the learner (Open Badges as many issuers sign them): the award counts but
   * is not linkable to a learner, so it has no outcomes and no pathways.
   */
  learnerKey: string | null;
  /** The credential awarded: a full catalog entry (badge formats) or a reference by key or name (CSV). */
  credential: CredentialRecord | { ref: string; name?: string; type?: CredentialType; provider?: ProviderRecord };
  awardDate: string;
  expiryDate?: string;
  expired: boolean;
  countyFips?: string;
  stateFips?: string;
  programCip?: string;
  ageBand?: string;
  sex?: string;
  raceEthnicity?: string;
  lowIncome?: boolean;
  proofStatus: ProofStatus;
  proofDetail?: string;
  /** 'unchecked' when the credential has a credentialStatus: status lists are not read offline. */
  credentialStatus?: 'unchecked';
}

export interface StackRecord {
  kind: 'stack';
  partKey: string;
  wholeKey: string;
}

export type SalaryUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

export interface PostingRecord {
  kind: 'posting';
  sourceKey: string;
  employer?: string;
  title: string;
  naicsCode?: string;
  socCode?: string;
  countyFips?: string;
  stateFips?: string;
  postedDate: string;
  expiresDate?: string;
  lastSeenDate?: string;
  description?: string;
  qualifications?: string;
  skillsText?: string;
  educationText?: string;
  experienceMonths?: number;
  salaryMin?: number;
  salaryMax?: number;
  salaryUnit?: SalaryUnit;
  salaryAnnual?: number;
  /** Set only when the source states it in a structured field; otherwise extraction derives it. */
  degreeLevel?: 0 | 1 | 2 | 3 | 4;
  inLieu?: boolean;
  remote: boolean;
  /** How the place was found: 'fips' (given as codes) or a geocoder method (zip, county, place, ...). */
  locationMethod?: string;
  /** 0-1: the geocoder's confidence in the county (1 for given codes). */
  locationConfidence?: number;
  /** Every place of a posting that names several, the first being countyFips/stateFips. */
  locations?: PostingPlace[];
  /** 'given' when the source states the SOC, 'coded' when the title coder assigned it. */
  socSource?: 'given' | 'coded';
  socMethod?: string;
  socConfidence?: number;
}

export interface PostingPlace {
  stateFips: string;
  countyFips: string;
  method: string;
  confidence: number;
}

export interface OutcomeRecord {
  kind: 'outcome';
  sourceKey: string;
  learnerKey: string;
  /** First day of the calendar quarter, YYYY-MM-DD. */
  quarter: string;
  employed: boolean;
  wage?: number;
  naicsCode?: string;
}

export type NormalizedRecord = CredentialRecord | AwardRecord | StackRecord | PostingRecord | OutcomeRecord;

export type ParseEvent =
  | { type: 'record'; record: NormalizedRecord; loc: RecordLocation }
  | { type: 'reject'; issues: RecordIssue[]; loc: RecordLocation; raw?: string }
  | { type: 'warning'; issue: RecordIssue };

export interface ParseOptions {
  /** File name used in every issue. */
  file: string;
  /** Hashes a learner's subject id / identifier (HMAC with the install's secret). */
  learnerKey: (subject: string) => string;
  /** CSV column mapping (see docs/ingest-mapping.md). */
  mapping?: ColumnMapping;
  /** Today, for "expired" flags and defaults (tests pin it). */
  now?: Date;
  /** Offline proof checks: where did:web DID documents are kept (CREDPULSE_DID_WEB_DIR). */
  proof?: { didWebDir?: string };
}

/** The JSON column mapping file of the CSV formats. */
export interface ColumnMapping {
  /** field name -> CSV header (or a list of headers joined with a space). */
  columns?: Record<string, string | string[]>;
  delimiter?: string;
  /** How dates are written: ISO (default), MM/DD/YYYY, DD/MM/YYYY, YYYYMMDD. */
  dateFormat?: 'ISO' | 'MM/DD/YYYY' | 'DD/MM/YYYY' | 'YYYYMMDD';
  /** field -> value used when the column is absent or empty. */
  defaults?: Record<string, string>;
  /** A preset names the format it is for and says what it reads. */
  format?: string;
  description?: string;
  /** field -> { raw value -> value } recoding (e.g. "Y" -> "true"). */
  values?: Record<string, Record<string, string>>;
}

/** Thrown for a file that cannot be read at all (bad mapping file, binary junk): a fatal error. */
export class IngestFatalError extends Error {}
