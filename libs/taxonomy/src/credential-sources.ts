// The credential catalog at real size: the editorial catalog.json, every live credential of the
// New Jersey ETPL industry-credential and licence tables, and credentials-csv lists kept in
// data/credential-catalog (credentials-*.csv). Each credential keeps its source (file and record),
// its issuer (named where the list names it or the name carries the brand), its type and target
// occupations, and the written forms employers use (credential-names.ts). Duplicates across lists
// are merged into one credential (the editorial entry wins) with every source kept.

import { CATALOG_FILE, parseCredentialCatalog, type CatalogCredential, type CatalogProvider, type CredentialCatalog, type CredentialType } from './credential-catalog.js';
import { cleanCredentialName, credentialAliases, isBareName, isDistinctiveName, nameKey, parentheticalAcronyms, titleCaseIfUpper } from './credential-names.js';
import { credentialsCsvRow, CREDENTIALS_CSV_FIELDS } from './credentials-csv.js';
import { readCsv } from './csv.js';
import { TaxonomyFileError } from './errors.js';
import { readTaxonomyFile, TAXONOMY_DATA_DIR } from './sources.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const NJ_ETPL_DIR = 'credentials_nj_etpl';
export const NJ_CREDENTIAL_FILE = 'nj_etpl_TBLINDUSTRYCREDENTIAL_DATA_TABLE.csv';
export const NJ_LICENSE_FILE = 'nj_etpl_TBLLICENSE_DATA_TABLE.csv';

/** A problem with one record of a reference list that did not stop the load (the record or field was left out). */
export interface CatalogWarning {
  file: string;
  line: number;
  field: string;
  reason: string;
}

export interface FullCatalog extends CredentialCatalog {
  /** Files read, with their record counts. */
  files: { file: string; records: number }[];
  warnings: CatalogWarning[];
}

/** Brands a credential name may start with, and the issuer they stand for. */
const BRANDS: [RegExp, string][] = [
  [/^(cisco|ccna|ccnp|ccie|ccda|ccdp)\b/i, 'Cisco'],
  [/^(microsoft|mcsa|mcse|mcsd|mcp|mcitp|mcts|mcdba|mcpd|mos\b|ms )/i, 'Microsoft'],
  [/^comptia\b/i, 'CompTIA'],
  [/^(oracle|learning tree int)/i, 'Oracle'],
  [/^ibm\b/i, 'IBM'],
  [/^(novell|certified novell)/i, 'Novell'],
  [/^(lotus|certified lotus)/i, 'Lotus (IBM)'],
  [/^(sun certified|scjp|scmad|scwcd|scbcd|scea|scnp|scsa)/i, 'Sun Microsystems'],
  [/^red hat\b/i, 'Red Hat'],
  [/^(sap)\b/i, 'SAP'],
  [/^ciw\b/i, 'CIW'],
  [/^ascp\b/i, 'ASCP Board of Certification'],
  [/^ase\b/i, 'National Institute for Automotive Service Excellence (ASE)'],
  [/^lucent\b/i, 'Lucent Technologies'],
  [/^autodesk\b/i, 'Autodesk'],
  [/^adobe\b/i, 'Adobe'],
  [/^citrix\b/i, 'Citrix'],
  [/^(vmware|vcp)\b/i, 'VMware'],
  [/^check point\b/i, 'Check Point'],
  [/^(isc2|sscp|cissp)\b/i, 'ISC2'],
  [/^(nccer)\b/i, 'NCCER'],
  [/^(nims)\b/i, 'NIMS'],
  [/^(osha)\b/i, 'OSHA'],
  [/^(aws)\b/i, 'AWS'],
  [/^(ec-council)\b/i, 'EC-Council'],
  [/^(pmi)\b/i, 'PMI'],
  [/^(computer associates)\b/i, 'Computer Associates'],
  [/^(intuit|quickbooks)\b/i, 'Intuit'],
  [/^(google)\b/i, 'Google'],
  [/^(salesforce)\b/i, 'Salesforce'],
];

/**
 * SOC 2010 codes of the NJ licence table whose number changed in SOC 2018, mapped to the 2018 code of
 * the same occupation (BLS 2010-to-2018 crosswalk, for these occupations only). Codes with no clear
 * successor (a licence table entry coded to an unrelated occupation) stay warnings.
 */
export const LICENCE_SOC_2010_TO_2018: Record<string, string> = {
  '29-1199': '29-1291', '19-4091': '19-4042', '47-5031': '47-5032', '53-3021': '53-3052', '41-3099': '41-3091',
  '23-2091': '27-3092', '29-2021': '29-1292', '29-2041': '29-2042', '39-1021': '39-1022', '11-9061': '11-9171',
  '29-1121': '29-1181', '31-1011': '31-1121', '25-4021': '25-4022', '39-9021': '31-1122', '29-1069': '29-1229',
  '53-1031': '53-1047', '29-1111': '29-1141', '13-2021': '13-2023', '47-5021': '47-5023',
};

export const brandOf = (name: string): string | null => BRANDS.find(([re]) => re.test(name))?.[1] ?? null;

const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '') || 'x';

/** Type of an NJ industry credential, from its name (the table does not say). */
function njType(name: string): CredentialType {
  if (/apprentice/i.test(name)) return 'apprenticeship';
  if (/\blicen[cs]e\b/i.test(name)) return 'license';
  if (/\bbadge\b/i.test(name)) return 'badge';
  if (/\b(certificate|course completion|completion card|card)\b/i.test(name)) return 'certificate';
  return 'certification';
}

/**
 * Builds the full catalog. `knownSocs`, when given (the detailed SOC 2018 codes), is used to drop
 * occupations that are not SOC 2018 codes from list records, each drop a warning naming the file,
 * line and field; credentials-csv lists are checked strictly (an unknown SOC is an error).
 */
export function buildFullCatalog(opts: { dir?: string; knownSocs?: ReadonlySet<string> } = {}): FullCatalog {
  const dir = opts.dir ?? TAXONOMY_DATA_DIR;
  const editorial = parseCredentialCatalog(readTaxonomyFile('credential-catalog', 'catalog.json', dir));
  const providers: CatalogProvider[] = [...editorial.providers];
  const providerByName = new Map(providers.map((p) => [p.name.toLowerCase(), p.key]));
  const warnings: CatalogWarning[] = [];
  const files: FullCatalog['files'] = [{ file: CATALOG_FILE, records: editorial.credentials.length }];

  const credentials: CatalogCredential[] = editorial.credentials.map((c) => ({
    ...c,
    source: c.source ?? `${CATALOG_FILE}#${c.slug}`,
    shortNames: mergeAliases(c.name, c.shortNames, credentialAliases(c.name, { type: c.type, issuer: providerName(providers, c.provider), distinctive: true })),
  }));
  const editorialCount = credentials.length;
  /** list credentials whose published name is generic (matched only with a credential word) */
  const generic = new Set<CatalogCredential>();
  /** name key and alias keys -> index into credentials */
  const byKey = new Map<string, number>();
  const index = (i: number) => {
    const c = credentials[i];
    for (const k of [c.name, ...c.shortNames].map(nameKey)) if (!byKey.has(k)) byKey.set(k, i);
  };
  credentials.forEach((_, i) => index(i));

  const ensureProvider = (key: string, name: string, kind: string | null, url: string | null = null): string => {
    const known = providerByName.get(name.toLowerCase());
    if (known) return known;
    if (!providers.some((p) => p.key === key)) providers.push({ key, name, url, kind });
    providerByName.set(name.toLowerCase(), key);
    return key;
  };

  /** Adds a list credential, or merges it into the credential it duplicates. */
  const addListCredential = (c: Omit<CatalogCredential, 'sourceKey' | 'slug'> & { slugBase: string; generic?: boolean }) => {
    // merged on the name as published or as written (not on generated forms: "Project Management
    // Professional certificate" is a form of two different credentials)
    const published = c.publishedName ? cleanCredentialName(titleCaseIfUpper(c.publishedName)) : c.name;
    const keys = [c.name, published, published.replace(/\s*\([^()]*\)/g, '')].map(nameKey);
    let dup = keys.map((k) => byKey.get(k)).find((i) => i !== undefined);
    // "ACCOUNTANT (CPA)" is the editorial "Certified Public Accountant (CPA) license": same acronym, same type
    if (dup === undefined)
      for (const a of parentheticalAcronyms(c.publishedName ? titleCaseIfUpper(cleanCredentialName(c.publishedName)) : c.name, { includeAmbiguous: true })) {
        const i = byKey.get(nameKey(a));
        if (i !== undefined && i < editorialCount && credentials[i].type === c.type) {
          dup = i;
          break;
        }
      }
    if (dup !== undefined) {
      const d = credentials[dup];
      d.shortNames = mergeAliases(d.name, d.shortNames, [c.name, ...c.shortNames]);
      d.alsoIn = [...(d.alsoIn ?? []), c.source as string];
      for (const s of c.socs) if (!d.socs.includes(s)) d.socs.push(s);
      index(dup);
      return;
    }
    let slug = c.slugBase;
    for (let n = 2; credentials.some((x) => x.slug === slug); n++) slug = `${c.slugBase}-${n}`;
    const { slugBase: _s, generic: isGeneric, ...rest } = c;
    void _s;
    credentials.push({ ...rest, slug, sourceKey: `catalog:${slug}` });
    if (isGeneric) generic.add(credentials[credentials.length - 1]);
    index(credentials.length - 1);
  };

  const keepSoc = (raw: string, file: string, line: number, field: string): string | null => {
    const m = /^(\d{2})-(\d{4})(?:\.(\d{2}))?$/.exec(raw.trim());
    if (!m) {
      warnings.push({ file, line, field, reason: `${JSON.stringify(raw)} is not an O*NET-SOC code; the occupation is left out` });
      return null;
    }
    let soc = `${m[1]}-${m[2]}`;
    if (opts.knownSocs && !opts.knownSocs.has(soc) && LICENCE_SOC_2010_TO_2018[soc]) soc = LICENCE_SOC_2010_TO_2018[soc];
    if (soc === '29-2042' && m[3] === '01') soc = '29-2043'; // paramedics
    if (opts.knownSocs && !opts.knownSocs.has(soc)) {
      warnings.push({ file, line, field, reason: `unknown SOC ${soc} (not a detailed SOC 2018 occupation); the occupation is left out` });
      return null;
    }
    return soc;
  };

  // 1. credentials-csv lists kept with the catalog (editorial additions, strict)
  let csvFiles: string[] = [];
  try {
    csvFiles = readdirSync(join(dir, 'credential-catalog'))
      .filter((f) => /^credentials-.*\.csv$/.test(f))
      .sort();
  } catch {
    csvFiles = [];
  }
  for (const f of csvFiles) {
    const file = `credential-catalog/${f}`;
    const rows = readCsv(readTaxonomyFile('credential-catalog', f, dir), file, ['name', 'type']);
    const errors: string[] = [];
    for (const row of rows) {
      const known = new Set(CREDENTIALS_CSV_FIELDS.map((x) => x.name));
      const { record, problems } = credentialsCsvRow((field) => (known.has(field) ? safeGet(row, field) : undefined), opts.knownSocs);
      for (const p of problems) errors.push(`line ${row.line} (${p.field}): ${p.reason}`);
      if (!record) continue;
      const providerKey = record.issuer ? ensureProvider(`issuer-${slugify(record.issuer)}`, record.issuer, null) : ensureProvider('unknown-issuer', 'Issuer not published', null);
      addListCredential({
        slugBase: record.sourceKey ? slugify(record.sourceKey) : slugify(record.name),
        name: record.name,
        shortNames: mergeAliases(record.name, record.shortNames, credentialAliases(record.name, { type: record.type, issuer: record.issuer, distinctive: true })),
        type: record.type,
        isMicro: record.type !== 'degree',
        provider: providerKey,
        socs: record.socs,
        skills: { onet: [], esco: [], any: record.skills },
        stacksInto: [],
        hours: null,
        cost: null,
        validityYears: null,
        url: record.url,
        source: `${file}:${row.line}`,
      });
    }
    if (errors.length) throw new TaxonomyFileError(file, undefined, undefined, errors.join('; '));
    files.push({ file, records: rows.length });
  }

  // 2. New Jersey ETPL licences (occupational licences with their O*NET-SOC code)
  {
    const file = `${NJ_ETPL_DIR}/${NJ_LICENSE_FILE}`;
    const rows = readCsv(readTaxonomyFile(NJ_ETPL_DIR, NJ_LICENSE_FILE, dir), file, ['ID', 'NAME', 'CODE', 'ISDELETED']);
    const seen = new Set<string>();
    const nj = ensureProvider('nj-licensing', 'State of New Jersey licensing boards', 'state agency', 'https://www.njconsumeraffairs.gov/');
    let n = 0;
    for (const row of rows) {
      if (row.get('ISDELETED') !== '0' || seen.has(row.get('ID'))) continue;
      seen.add(row.get('ID'));
      n++;
      const published = cleanCredentialName(row.get('NAME'));
      const title = titleCaseIfUpper(published);
      const base = title.replace(/\s*\([^()]*\)/g, '').trim();
      const socRaw = row.get('CODE');
      const soc = socRaw ? keepSoc(socRaw, file, row.line, 'CODE') : null;
      if (!socRaw) warnings.push({ file, line: row.line, field: 'CODE', reason: 'no O*NET-SOC code; loaded without a target occupation' });
      const distinctive = isDistinctiveName(title);
      const name = distinctive ? title : `${title} license`;
      addListCredential({
        slugBase: `nj-license-${slugify(base)}`,
        generic: !distinctive,
        name,
        shortNames: mergeAliases(name, [], credentialAliases(title, { type: 'license', distinctive })),
        type: 'license',
        isMicro: false,
        provider: nj,
        socs: soc ? [soc] : [],
        skills: { onet: [], esco: [] },
        stacksInto: [],
        hours: null,
        cost: null,
        validityYears: null,
        url: null,
        publishedName: row.get('NAME'),
        source: `NJ ETPL ${NJ_LICENSE_FILE} ID ${row.get('ID')} (line ${row.line})`,
      });
    }
    files.push({ file, records: n });
  }

  // 3. New Jersey ETPL industry credentials (names and issuer ids; issuer names are inferred from brands)
  {
    const file = `${NJ_ETPL_DIR}/${NJ_CREDENTIAL_FILE}`;
    const rows = readCsv(readTaxonomyFile(NJ_ETPL_DIR, NJ_CREDENTIAL_FILE, dir), file, ['ID', 'NAME', 'ISSUERID', 'ISDELETED']).filter((r) => r.get('ISDELETED') === '0');
    // an issuer id is named by the brand most of its credentials carry
    const brandsByIssuer = new Map<string, Map<string, number>>();
    const countByIssuer = new Map<string, number>();
    for (const r of rows) {
      const id = r.get('ISSUERID');
      countByIssuer.set(id, (countByIssuer.get(id) ?? 0) + 1);
      const b = brandOf(cleanCredentialName(r.get('NAME')));
      if (!b) continue;
      const m = brandsByIssuer.get(id) ?? new Map<string, number>();
      m.set(b, (m.get(b) ?? 0) + 1);
      brandsByIssuer.set(id, m);
    }
    const issuerName = (id: string): string | null => {
      const m = brandsByIssuer.get(id);
      if (!m) return null;
      const [best, n] = [...m].sort((a, b) => b[1] - a[1])[0];
      return n * 2 >= (countByIssuer.get(id) ?? 0) ? best : null;
    };
    for (const row of rows) {
      const published = cleanCredentialName(row.get('NAME'));
      if (!published) {
        warnings.push({ file, line: row.line, field: 'NAME', reason: 'empty name; record left out' });
        continue;
      }
      if (isBareName(published)) {
        warnings.push({ file, line: row.line, field: 'NAME', reason: `"${published}" names no credential by itself (an ambiguous acronym with a credential word); record left out` });
        continue;
      }
      const id = row.get('ISSUERID');
      const brand = brandOf(published);
      const named = brand ?? (id ? issuerName(id) : null);
      const provider = named
        ? ensureProvider(`issuer-${slugify(named)}`, named, null)
        : id
          ? ensureProvider(`njetpl-issuer-${id}`, `NJ ETPL issuer ${id} (name not published)`, 'unnamed issuer')
          : ensureProvider('unknown-issuer', 'Issuer not published', null);
      const type = njType(published);
      const distinctive = isDistinctiveName(published);
      const name = distinctive ? published : `${published} ${type === 'license' ? 'license' : type === 'apprenticeship' ? 'apprenticeship' : 'certification'}`;
      addListCredential({
        slugBase: `nj-${slugify(published)}`,
        generic: !distinctive,
        name,
        shortNames: mergeAliases(name, [], credentialAliases(published, { type, issuer: named, distinctive })),
        type,
        isMicro: type !== 'license',
        provider,
        socs: [],
        skills: { onet: [], esco: [] },
        stacksInto: [],
        hours: null,
        cost: null,
        validityYears: null,
        url: null,
        publishedName: row.get('NAME'),
        source: `NJ ETPL ${NJ_CREDENTIAL_FILE} ID ${row.get('ID')} (line ${row.line})`,
      });
    }
    files.push({ file, records: rows.length });
  }

  dropSharedAliases(credentials, editorialCount, generic);
  return { version: editorial.version, providers, credentials, files, warnings };
}

function safeGet(row: { get(c: string): string }, field: string): string | undefined {
  try {
    return row.get(field);
  } catch {
    return undefined;
  }
}

function providerName(providers: CatalogProvider[], key: string): string | null {
  return providers.find((p) => p.key === key)?.name ?? null;
}

/** Aliases in order, without the name itself and without case/punctuation duplicates. */
function mergeAliases(name: string, first: readonly string[], more: readonly string[]): string[] {
  const seen = new Set([nameKey(name)]);
  const out: string[] = [];
  for (const a of [...first, ...more]) {
    const k = nameKey(a);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return out;
}

/**
 * A written form claimed by two credentials would count both for one mention. The editorial
 * catalog keeps its forms; a list credential loses any form another credential also claims (its
 * name stays its name).
 */
function dropSharedAliases(credentials: CatalogCredential[], editorialCount: number, generic: ReadonlySet<CatalogCredential>): void {
  // a form is strong for a credential whose name is distinctive, weak for the credential-word forms
  // of a generic name ("certified Medical Assistant" from "Medical Assistant"); a shared form stays
  // with its only strong claimant, otherwise it is dropped from every list credential
  const strong = new Map<string, Set<number>>();
  const weak = new Map<string, Set<number>>();
  credentials.forEach((c, i) => {
    for (const k of [c.name, ...c.shortNames].map(nameKey)) {
      const m = generic.has(c) && k !== nameKey(c.name) ? weak : strong;
      const s = m.get(k) ?? new Set<number>();
      s.add(i);
      m.set(k, s);
    }
  });
  credentials.forEach((c, i) => {
    if (i < editorialCount) return;
    c.shortNames = c.shortNames.filter((a) => {
      const k = nameKey(a);
      const st = strong.get(k)?.size ?? 0;
      const wk = weak.get(k)?.size ?? 0;
      if (st + wk <= 1) return true;
      return st === 1 && strong.get(k)?.has(i) === true;
    });
  });
}
