import { TaxonomyFileError } from './errors.js';
import { SOC_CODE } from './soc.js';
import { readTaxonomyFile } from './sources.js';
import { skillSlug } from './skills.js';

export const CREDENTIAL_TYPES = ['badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential', 'apprenticeship'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export const CATALOG_FILE = 'credential-catalog/catalog.json';

/** An issuer of catalog credentials; stored with source_key `catalog:<key>`. */
export interface CatalogProvider {
  key: string;
  name: string;
  url: string | null;
  kind: string | null;
}

/** One real, published credential and the project's editorial mapping of it. */
export interface CatalogCredential {
  slug: string;
  /** `catalog:<slug>`, the credential's source_key. */
  sourceKey: string;
  name: string;
  /** Abbreviations and short names as employers write them ("Security+", "CDL-A"). */
  shortNames: string[];
  type: CredentialType;
  isMicro: boolean;
  provider: string;
  /** Target occupations, detailed SOC 2018 codes. */
  socs: string[];
  /** Aligned skills by name: O*NET technology skill examples and ESCO preferred labels (`any`: either, from credentials-csv lists). */
  skills: { onet: string[]; esco: string[]; any?: string[] };
  /** Slugs of larger credentials this one stacks into. */
  stacksInto: string[];
  /** Approximate learning hours and cost (USD); illustrative only. */
  hours: number | null;
  cost: number | null;
  /** How long the credential stays valid before renewal, when it expires. */
  validityYears: number | null;
  /** Where the credential comes from: file and record (every credential has one). */
  source?: string;
  /** Other list records merged into this credential. */
  alsoIn?: string[];
  /** The name as the source list wrote it, when the catalog name differs. */
  publishedName?: string;
  url?: string | null;
}

export interface CredentialCatalog {
  version: string;
  providers: CatalogProvider[];
  credentials: CatalogCredential[];
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates catalog.json; every error names the JSON pointer and the reason. */
export function parseCredentialCatalog(text: string, file = CATALOG_FILE): CredentialCatalog {
  const fail = (pointer: string, reason: string): never => {
    throw new TaxonomyFileError(file, undefined, pointer, reason);
  };
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail('', `not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) return fail('', 'expected an object with version, providers and credentials');
  const str = (o: Record<string, Json>, key: string, at: string, optional = false): string | null => {
    const v = o[key];
    if (v === undefined || v === null) return optional ? null : fail(`${at}/${key}`, 'is required');
    if (typeof v !== 'string' || v.trim() === '') return fail(`${at}/${key}`, 'must be a non-empty string');
    return v.trim();
  };
  const strList = (o: Record<string, Json>, key: string, at: string): string[] => {
    const v = o[key] ?? [];
    if (!Array.isArray(v)) return fail(`${at}/${key}`, 'must be an array of strings');
    return v.map((s, i) => (typeof s === 'string' && s.trim() !== '' ? s.trim() : fail(`${at}/${key}/${i}`, 'must be a non-empty string')));
  };
  const num = (o: Record<string, Json>, key: string, at: string): number | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return fail(`${at}/${key}`, 'must be a non-negative number');
    return v;
  };

  const version = str(doc, 'version', '') as string;
  if (!Array.isArray(doc.providers)) return fail('/providers', 'must be an array');
  if (!Array.isArray(doc.credentials)) return fail('/credentials', 'must be an array');

  const providers: CatalogProvider[] = [];
  const providerKeys = new Set<string>();
  doc.providers.forEach((p, i) => {
    const at = `/providers/${i}`;
    if (!isObject(p)) return fail(at, 'must be an object');
    const key = str(p, 'key', at) as string;
    if (!SLUG.test(key)) fail(`${at}/key`, `"${key}" is not a lower-case slug`);
    if (providerKeys.has(key)) fail(`${at}/key`, `duplicate provider key "${key}"`);
    providerKeys.add(key);
    providers.push({ key, name: str(p, 'name', at) as string, url: str(p, 'url', at, true), kind: str(p, 'kind', at, true) });
  });

  const credentials: CatalogCredential[] = [];
  const slugs = new Set<string>();
  const names = new Set<string>();
  doc.credentials.forEach((c, i) => {
    const at = `/credentials/${i}`;
    if (!isObject(c)) return fail(at, 'must be an object');
    const slug = str(c, 'slug', at) as string;
    if (!SLUG.test(slug)) fail(`${at}/slug`, `"${slug}" is not a lower-case slug`);
    if (slugs.has(slug)) fail(`${at}/slug`, `duplicate slug "${slug}"`);
    slugs.add(slug);
    const name = str(c, 'name', at) as string;
    if (names.has(name.toLowerCase())) fail(`${at}/name`, `duplicate name "${name}"`);
    names.add(name.toLowerCase());
    const type = str(c, 'type', at) as string;
    if (!(CREDENTIAL_TYPES as readonly string[]).includes(type)) fail(`${at}/type`, `"${type}" is not one of ${CREDENTIAL_TYPES.join(', ')}`);
    if (typeof c.isMicro !== 'boolean') fail(`${at}/isMicro`, 'must be true or false');
    const provider = str(c, 'provider', at) as string;
    if (!providerKeys.has(provider)) fail(`${at}/provider`, `unknown provider "${provider}"`);
    const socs = strList(c, 'socs', at);
    if (socs.length === 0) fail(`${at}/socs`, 'needs at least one target SOC');
    socs.forEach((s, j) => SOC_CODE.test(s) || fail(`${at}/socs/${j}`, `"${s}" is not a SOC code XX-XXXX`));
    if (!isObject(c.skills)) return fail(`${at}/skills`, 'must be an object {onet: [...], esco: [...]}');
    const skills = { onet: strList(c.skills, 'onet', `${at}/skills`), esco: strList(c.skills, 'esco', `${at}/skills`) };
    credentials.push({
      slug,
      sourceKey: `catalog:${slug}`,
      name,
      shortNames: strList(c, 'shortNames', at),
      type: type as CredentialType,
      isMicro: c.isMicro as boolean,
      provider,
      socs,
      skills,
      stacksInto: strList(c, 'stacksInto', at),
      hours: num(c, 'hours', at),
      cost: num(c, 'cost', at),
      validityYears: num(c, 'validityYears', at),
    });
  });

  credentials.forEach((c, i) =>
    c.stacksInto.forEach((whole, j) => {
      if (whole === c.slug) fail(`/credentials/${i}/stacksInto/${j}`, 'a credential cannot stack into itself');
      if (!slugs.has(whole)) fail(`/credentials/${i}/stacksInto/${j}`, `unknown credential "${whole}"`);
    }),
  );
  const cycle = findStackCycle(credentials);
  if (cycle) fail('/credentials', `stacking cycle ${cycle.join(' -> ')}`);
  return { version, providers, credentials };
}

/** The first cycle in the stacks-into relation (as a list of slugs ending where it starts), or null. */
export function findStackCycle(credentials: readonly Pick<CatalogCredential, 'slug' | 'stacksInto'>[]): string[] | null {
  const next = new Map(credentials.map((c) => [c.slug, c.stacksInto]));
  const state = new Map<string, 1 | 2>(); // 1 on the current path, 2 done
  const path: string[] = [];
  const visit = (slug: string): string[] | null => {
    if (state.get(slug) === 2) return null;
    if (state.get(slug) === 1) return [...path.slice(path.indexOf(slug)), slug];
    state.set(slug, 1);
    path.push(slug);
    for (const whole of next.get(slug) ?? []) {
      const found = visit(whole);
      if (found) return found;
    }
    path.pop();
    state.set(slug, 2);
    return null;
  };
  for (const c of credentials) {
    const found = visit(c.slug);
    if (found) return found;
  }
  return null;
}

export const readCredentialCatalog = (dir?: string): CredentialCatalog => parseCredentialCatalog(readTaxonomyFile('credential-catalog', 'catalog.json', dir));

const normName = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Resolves every catalog skill name to a skill id: O*NET names through the loader's id scheme
 * (`onet:<slug>`), ESCO names by preferred label (case-insensitive). A name that resolves to nothing
 * is an error naming its JSON pointer: a typo must not silently drop a skill.
 */
export function resolveCatalogSkills(
  catalog: CredentialCatalog,
  skills: readonly { id: string; source: string; name: string }[],
  file = CATALOG_FILE,
): Map<string, string[]> {
  const onetIds = new Set<string>();
  const escoByName = new Map<string, string>();
  for (const s of skills) {
    if (s.source === 'onet') onetIds.add(s.id);
    else if (s.source === 'esco') {
      const key = normName(s.name);
      const prev = escoByName.get(key);
      if (prev === undefined || s.id < prev) escoByName.set(key, s.id); // deterministic on duplicate labels
    }
  }
  const missing: string[] = [];
  const out = new Map<string, string[]>();
  catalog.credentials.forEach((c, i) => {
    const ids = new Set<string>();
    c.skills.onet.forEach((name, j) => {
      const id = `onet:${skillSlug(name)}`;
      if (onetIds.has(id)) ids.add(id);
      else missing.push(`/credentials/${i}/skills/onet/${j} "${name}" is not an O*NET technology skill`);
    });
    c.skills.esco.forEach((name, j) => {
      const id = escoByName.get(normName(name));
      if (id) ids.add(id);
      else missing.push(`/credentials/${i}/skills/esco/${j} "${name}" is not an ESCO skill label`);
    });
    (c.skills.any ?? []).forEach((name, j) => {
      const onet = `onet:${skillSlug(name)}`;
      const id = onetIds.has(onet) ? onet : escoByName.get(normName(name));
      if (id) ids.add(id);
      else missing.push(`${c.source ?? `/credentials/${i}`} skills/${j} "${name}" is neither an O*NET technology skill nor an ESCO skill label`);
    });
    out.set(c.slug, [...ids].sort());
  });
  if (missing.length > 0) throw new TaxonomyFileError(file, undefined, 'skills', `unknown skill names: ${missing.join('; ')}`);
  return out;
}
