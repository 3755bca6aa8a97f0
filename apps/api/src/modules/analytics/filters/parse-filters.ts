import { COMMON_FILTER_PARAMS, DEFAULT_LIMIT, GRANULARITIES, MAX_LIMIT, REGION_KINDS, type Granularity } from '@credpulse/contracts';
import { NAICS_FILTER } from '@credpulse/taxonomy';
import { badParameter } from '../../../common/problem.js';
import type { FilterSpec } from './parsed-filters.js';

/** The query string after syntax checks; codes are checked against the taxonomies by FilterService. */
export interface SyntaxFilters {
  from?: string;
  to?: string;
  region: { kind: (typeof REGION_KINDS)[number]; code: string };
  naics?: string;
  soc?: string;
  cip?: string;
  skill?: string;
  credential?: string;
  provider?: string;
  groupBy?: string;
  granularity: Granularity;
  limit: number;
  extra: Record<string, string>;
  given: Set<string>;
}

const MONTH = /^(\d{4})-(\d{2})$/;
const NAICS = NAICS_FILTER;
const SOC = /^\d{2}-\d{4}$/;
const CIP = /^\d{2}(\.\d{2}(\d{2})?)?$/;
const SKILL = /^[A-Za-z0-9_.:/-]{1,120}$/;
const KEY = /^[A-Za-z0-9_.:/@-]{1,200}$/;

/**
 * Checks the shape of every parameter (pure; no database). Unknown parameters, repeated
 * parameters, malformed months, `from` after `to`, a groupBy outside the allow-list, bad limits:
 * each a 400 problem naming the parameter.
 */
export function parseFilterSyntax(query: Record<string, unknown>, spec: FilterSpec): SyntaxFilters {
  const extraNames = Object.keys(spec.extra ?? {});
  const allowedNames = [...spec.accept, ...extraNames];
  const given = new Set<string>();
  const q: Record<string, string> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (!allowedNames.includes(name)) {
      const known = (COMMON_FILTER_PARAMS as readonly string[]).includes(name);
      throw badParameter(
        name,
        known ? `This endpoint does not take "${name}".` : `Unknown parameter "${name}".`,
        allowedNames,
        known ? undefined : name,
      );
    }
    if (typeof raw !== 'string') throw badParameter(name, `"${name}" must be given once, as a single value.`);
    // No code or name holds a NUL, and PostgreSQL text cannot: refuse it here, naming the parameter.
    if (raw.includes('\u0000')) throw badParameter(name, `"${name}" holds a NUL character.`);
    given.add(name);
    q[name] = raw.trim();
  }

  const from = q.from !== undefined ? month('from', q.from) : undefined;
  const to = q.to !== undefined ? month('to', q.to) : undefined;
  if (from && to && from > to) throw badParameter('from', `"from" (${from}) is after "to" (${to}).`);

  const out: SyntaxFilters = {
    from,
    to,
    region: region(q.region),
    granularity: 'month',
    limit: DEFAULT_LIMIT,
    extra: {},
    given,
  };
  if (q.naics !== undefined) out.naics = code('naics', q.naics, NAICS, 'a NAICS code of 2 to 6 digits, or a sector range 31-33, 44-45, 48-49');
  if (q.soc !== undefined) out.soc = code('soc', q.soc.replace(/\.00$/, ''), SOC, 'a SOC 2018 code like 15-1252 (or 15-0000 for a major group)');
  if (q.cip !== undefined) out.cip = code('cip', q.cip, CIP, 'a CIP 2020 code like 11, 11.07 or 11.0701');
  if (q.skill !== undefined) out.skill = code('skill', q.skill, SKILL, 'a skill id from /api/taxonomy/skills');
  if (q.credential !== undefined) out.credential = code('credential', q.credential, KEY, 'a credential id from /api/taxonomy/credentials');
  if (q.provider !== undefined) out.provider = code('provider', q.provider, KEY, 'a provider id from /api/taxonomy/providers');
  if (q.granularity !== undefined) {
    if (!(GRANULARITIES as readonly string[]).includes(q.granularity)) {
      throw badParameter('granularity', `"granularity" must be one of ${GRANULARITIES.join(', ')}.`, GRANULARITIES, q.granularity);
    }
    out.granularity = q.granularity as Granularity;
  }
  if (q.limit !== undefined) {
    if (!/^\d{1,7}$/.test(q.limit) || Number(q.limit) < 1 || Number(q.limit) > MAX_LIMIT) {
      throw badParameter('limit', `"limit" must be a whole number from 1 to ${MAX_LIMIT} (got "${clip(q.limit)}").`);
    }
    out.limit = Number(q.limit);
  }
  const groupBy = q.groupBy ?? spec.defaultGroupBy;
  if (groupBy !== undefined) {
    const allowed = spec.groupBy ?? [];
    if (!allowed.includes(groupBy)) {
      throw badParameter('groupBy', allowed.length ? `"groupBy" must be one of ${allowed.join(', ')}.` : 'This endpoint does not group.', allowed, groupBy);
    }
    out.groupBy = groupBy;
  }
  // granularity shapes period rows (groupBy=period; and postings' month trend): elsewhere it would be
  // silently ignored, so it is refused with a hint
  if (q.granularity !== undefined && out.groupBy !== 'period' && !spec.trendGranularity) {
    throw badParameter('granularity', '"granularity" applies to period rows: add groupBy=period.', ['groupBy=period']);
  }
  for (const [name, p] of Object.entries(spec.extra ?? {})) {
    const v = q[name] ?? p.default;
    if (v === undefined) continue;
    if (p.values && !p.values.includes(v)) throw badParameter(name, `"${name}" must be one of ${p.values.join(', ')}.`, p.values, v);
    if (p.pattern && !p.pattern.test(v)) throw badParameter(name, `"${name}" must be ${p.describe} (got "${clip(v)}").`);
    out.extra[name] = v;
  }
  // Last, so that a malformed parameter is named before a missing one
  for (const name of spec.require ?? []) if (q[name] === undefined || q[name] === '') throw badParameter(name, `"${name}" is required by this endpoint.`);
  return out;
}

/** Validates YYYY-MM (months 01-12, years 1990-2100). */
export function month(name: string, v: string): string {
  const m = MONTH.exec(v);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1990 || Number(m[1]) > 2100) {
    throw badParameter(name, `"${name}" must be a month written YYYY-MM between 1990-01 and 2100-12 (got "${clip(v)}").`);
  }
  return v;
}

function region(v: string | undefined): SyntaxFilters['region'] {
  if (v === undefined || v === '' || v.toLowerCase() === 'us') return { kind: 'us', code: 'us' };
  const i = v.indexOf(':');
  const kind = (i < 0 ? v : v.slice(0, i)).toLowerCase();
  const rest = i < 0 ? '' : v.slice(i + 1);
  const forms = ['us', 'state:06', 'state:CA', 'county:06037', 'cbsa:31080', 'custom:<id>'];
  const bad = (why: string) => badParameter('region', `"region" ${why}; write one of us, state:06, county:06037, cbsa:31080, custom:<id> (got "${clip(v)}").`, forms);
  switch (kind) {
    case 'state':
      if (/^\d{2}$/.test(rest) || /^[A-Za-z]{2}$/.test(rest)) return { kind: 'state', code: rest.toUpperCase() };
      throw bad('needs a 2-digit state FIPS code or USPS abbreviation');
    case 'county':
      if (/^\d{5}$/.test(rest)) return { kind: 'county', code: rest };
      throw bad('needs a 5-digit county FIPS code');
    case 'cbsa':
      if (/^\d{5}$/.test(rest)) return { kind: 'cbsa', code: rest };
      throw bad('needs a 5-digit CBSA code');
    case 'custom':
      if (/^\d{1,9}$/.test(rest)) return { kind: 'custom', code: String(Number(rest)) };
      throw bad('needs the numeric id of a custom region');
    default:
      throw bad(`has an unknown kind "${clip(kind)}"`);
  }
}

function code(name: string, v: string, re: RegExp, what: string): string {
  if (!re.test(v)) throw badParameter(name, `"${name}" must be ${what} (got "${clip(v)}").`);
  return v;
}

/** Echoing hostile input back in full helps nobody; keep it short. */
function clip(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}
