// The credentials-csv format: one credential a row, for any state or institution list.
//   name, short_names, type, issuer, target_soc, skills, url[, source_key, description]
// Lists inside a cell are separated by "|" (short names, skills) or by "|", ";" or "," (SOCs).
// See docs/ingest-mapping.md. Shared by the built-in catalog (libs/taxonomy/data/credential-catalog)
// and the ingest format `credentials-csv`; each row gives a record or its per-field problems.

import { SOC_CODE } from './soc.js';

export const CATALOG_CREDENTIAL_TYPES = ['badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential', 'apprenticeship'] as const;

export interface CredentialsCsvField {
  name: string;
  aliases: string[];
  required?: boolean;
  description: string;
}

export const CREDENTIALS_CSV_FIELDS: CredentialsCsvField[] = [
  { name: 'name', aliases: ['credential', 'credential_name', 'title'], required: true, description: 'published name of the credential' },
  { name: 'short_names', aliases: ['aliases', 'short_name', 'acronyms', 'abbreviations'], description: 'short names and acronyms employers write, separated by "|"' },
  { name: 'type', aliases: ['credential_type', 'kind'], required: true, description: `one of ${CATALOG_CREDENTIAL_TYPES.join(', ')} ("licence" is accepted)` },
  { name: 'issuer', aliases: ['provider', 'issuer_name', 'awarding_body', 'owner'], description: 'issuing organisation' },
  { name: 'target_soc', aliases: ['soc', 'soc_code', 'soc_codes', 'onet_soc', 'occupations'], description: 'target occupations: SOC 2018 or O*NET-SOC codes separated by "|", ";" or ","' },
  { name: 'skills', aliases: ['skill_names'], description: 'aligned skills by O*NET technology skill or ESCO label, separated by "|"' },
  { name: 'url', aliases: ['link', 'website', 'subject_webpage'], description: "the credential's web page (http or https)" },
  { name: 'source_key', aliases: ['id', 'credential_id', 'code'], description: 'stable id within the list (default: the name)' },
  { name: 'description', aliases: ['summary'], description: 'free text' },
];

export interface CredentialsCsvRecord {
  name: string;
  shortNames: string[];
  type: (typeof CATALOG_CREDENTIAL_TYPES)[number];
  issuer: string | null;
  socs: string[];
  skills: string[];
  url: string | null;
  sourceKey: string | null;
  description: string | null;
}

export interface FieldProblem {
  field: string;
  reason: string;
}

const TYPE_SYNONYMS: Record<string, (typeof CATALOG_CREDENTIAL_TYPES)[number]> = {
  licence: 'license',
  licensure: 'license',
  'occupational license': 'license',
  'industry certification': 'certification',
  'industry credential': 'certification',
  'registered apprenticeship': 'apprenticeship',
  'digital badge': 'badge',
  'open badge': 'badge',
  microcredential: 'micro-credential',
};

/** "29-1171.00", "29-1171", "291171" -> "29-1171"; undefined when it is not in that form. */
export function socOf(v: string): string | undefined {
  const s = v.trim();
  const m = /^(\d{2})-?(\d{4})(?:\.\d{2})?$/.exec(s);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

/**
 * Turns one row (a field getter) into a record, or lists what is wrong with it. `knownSocs`, when
 * given, is the set of detailed SOC 2018 codes: a code outside it is an error ("unknown SOC"), not
 * silently dropped.
 */
export function credentialsCsvRow(get: (field: string) => string | undefined, knownSocs?: ReadonlySet<string>): { record?: CredentialsCsvRecord; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, reason: string) => problems.push({ field, reason });
  const name = get('name')?.replace(/\s+/g, ' ').trim();
  if (!name) problem('name', 'required: empty');
  else if (name.length > 300) problem('name', `longer than 300 characters (${name.length})`);
  const typeRaw = get('type')?.trim().toLowerCase();
  let type: CredentialsCsvRecord['type'] | undefined;
  if (!typeRaw) problem('type', 'required: empty');
  else {
    type = (CATALOG_CREDENTIAL_TYPES as readonly string[]).includes(typeRaw) ? (typeRaw as CredentialsCsvRecord['type']) : TYPE_SYNONYMS[typeRaw];
    if (!type) problem('type', `expected one of ${CATALOG_CREDENTIAL_TYPES.join(', ')}, got ${JSON.stringify(get('type'))}`);
  }
  const list = (v: string | undefined, sep: RegExp) =>
    (v ?? '')
      .split(sep)
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
  const shortNames = list(get('short_names'), /\|/);
  shortNames.forEach((s) => s.length > 100 && problem('short_names', `"${s.slice(0, 40)}..." is longer than 100 characters`));
  const socs: string[] = [];
  for (const raw of list(get('target_soc'), /[|;,]/)) {
    const soc = socOf(raw);
    if (!soc || !SOC_CODE.test(soc)) problem('target_soc', `${JSON.stringify(raw)} is not a SOC code (expected 29-1141 or O*NET-SOC 29-1141.00)`);
    else if (knownSocs && !knownSocs.has(soc)) problem('target_soc', `unknown SOC ${soc}: not a detailed SOC 2018 occupation`);
    else if (!socs.includes(soc)) socs.push(soc);
  }
  const url = get('url')?.trim() || null;
  if (url && !/^https?:\/\/[^\s]+$/i.test(url)) problem('url', `expected an http(s) URL, got ${JSON.stringify(url.slice(0, 80))}`);
  if (problems.length || !name || !type) return { problems };
  return {
    problems,
    record: {
      name,
      shortNames: [...new Set(shortNames)],
      type,
      issuer: get('issuer')?.replace(/\s+/g, ' ').trim() || null,
      socs,
      skills: list(get('skills'), /\|/),
      url,
      sourceKey: get('source_key')?.trim() || null,
      description: get('description')?.trim() || null,
    },
  };
}
