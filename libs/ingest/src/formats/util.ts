import { createHash, createHmac } from 'node:crypto';
import type { SalaryUnit } from './types.js';

/** RFC 6901 pointer: '' is the whole document; each token escapes ~ and /. */
export function ptr(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
export const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';

/** Types as JSON-LD writes them: a string or an array of strings. */
export function typesOf(v: unknown): string[] {
  return asArray(v as string | string[]).filter((t): t is string => typeof t === 'string');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** The learner key: never the raw subject, keyed with the install's secret so it cannot be looked up. */
export function learnerKeyHasher(secret: string): (subject: string) => string {
  return (subject: string) => createHmac('sha256', secret).update(subject.trim()).digest('hex');
}

const URI_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/;
export const isUri = (v: unknown): v is string => typeof v === 'string' && URI_RE.test(v);

// XML Schema dateTime with a time zone, as Open Badges 3.0 requires.
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
export function isDateTime(v: unknown): v is string {
  return typeof v === 'string' && DATETIME_RE.test(v) && !Number.isNaN(Date.parse(v));
}

/** A calendar date YYYY-MM-DD that exists (2023-02-30 is rejected). */
export function isIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Date part of an ISO date or date-time (in UTC for date-times); undefined when not a date. */
export function toDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (isIsoDate(s)) return s;
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t).toISOString().slice(0, 10);
  }
  return undefined;
}

/** Picks one string from a JSON-LD language map ({"en-US": "..."}), a plain string, or an array of them. */
export function langString(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = langString(x);
      if (s) return s;
    }
    return undefined;
  }
  if (isObject(v)) {
    if (typeof v['@value'] === 'string') return v['@value'];
    for (const k of ['en-US', 'en', 'en-GB', 'en-us']) if (typeof v[k] === 'string') return (v[k] as string).trim() || undefined;
    for (const x of Object.values(v)) {
      const s = langString(x);
      if (s) return s;
    }
  }
  return undefined;
}

export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const s = v.replace(/[$,\s]/g, '');
    if (s === '' || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
    return Number(s);
  }
  return undefined;
}

const ANNUAL: Record<SalaryUnit, number> = { hour: 2080, day: 260, week: 52, month: 12, year: 1 };
/** Annualized wage as METRICS.md defines it (hourly x 2080, monthly x 12), from the midpoint of a range. */
export function annualize(min: number | undefined, max: number | undefined, unit: SalaryUnit | undefined): number | undefined {
  const v = min !== undefined && max !== undefined ? (min + max) / 2 : (min ?? max);
  if (v === undefined) return undefined;
  return Math.round(v * ANNUAL[unit ?? 'year'] * 100) / 100;
}

export function salaryUnit(v: unknown): SalaryUnit | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase().replace(/ly$/, '');
  const map: Record<string, SalaryUnit> = {
    hour: 'hour', hr: 'hour', h: 'hour', hourly: 'hour',
    day: 'day', dai: 'day', d: 'day',
    week: 'week', wk: 'week',
    month: 'month', mo: 'month', mon: 'month',
    year: 'year', yr: 'year', annual: 'year', annum: 'year', annuall: 'year', a: 'year', ann: 'year',
  };
  return map[s];
}

/** Free-text or schema.org credentialCategory -> degree level 0..4. */
export function degreeLevelOf(v: string): 0 | 1 | 2 | 3 | 4 | undefined {
  const s = v.toLowerCase();
  if (/(master|postgraduate|post-graduate|doctor|doctoral|ph\.?d|mba|professional degree)/.test(s)) return 4;
  if (/bachelor|baccalaureate|\bb\.?s\.?\b|\bb\.?a\.?\b|four-year degree|4-year degree/.test(s)) return 3;
  if (/associate|two-year degree|2-year degree|\ba\.?a\.?s?\b/.test(s)) return 2;
  if (/high school|secondary|ged\b|diploma/.test(s)) return 1;
  if (/\bnone\b|no degree|not required/.test(s)) return 0;
  return undefined;
}

export function parseBool(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (['true', 't', 'yes', 'y', '1'].includes(s)) return true;
  if (['false', 'f', 'no', 'n', '0'].includes(s)) return false;
  return undefined;
}

/** Strips markup from posting descriptions (they often carry HTML) and collapses whitespace. */
export function stripHtml(s: string): string {
  if (!s.includes('<') && !s.includes('&')) return s;
  return s
    .replace(/<(br|\/p|\/li|\/div|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .trim();
}

// USPS abbreviation and name -> state FIPS (50 states, DC, PR).
const STATES: [string, string, string][] = [
  ['01', 'AL', 'Alabama'], ['02', 'AK', 'Alaska'], ['04', 'AZ', 'Arizona'], ['05', 'AR', 'Arkansas'], ['06', 'CA', 'California'],
  ['08', 'CO', 'Colorado'], ['09', 'CT', 'Connecticut'], ['10', 'DE', 'Delaware'], ['11', 'DC', 'District of Columbia'],
  ['12', 'FL', 'Florida'], ['13', 'GA', 'Georgia'], ['15', 'HI', 'Hawaii'], ['16', 'ID', 'Idaho'], ['17', 'IL', 'Illinois'],
  ['18', 'IN', 'Indiana'], ['19', 'IA', 'Iowa'], ['20', 'KS', 'Kansas'], ['21', 'KY', 'Kentucky'], ['22', 'LA', 'Louisiana'],
  ['23', 'ME', 'Maine'], ['24', 'MD', 'Maryland'], ['25', 'MA', 'Massachusetts'], ['26', 'MI', 'Michigan'], ['27', 'MN', 'Minnesota'],
  ['28', 'MS', 'Mississippi'], ['29', 'MO', 'Missouri'], ['30', 'MT', 'Montana'], ['31', 'NE', 'Nebraska'], ['32', 'NV', 'Nevada'],
  ['33', 'NH', 'New Hampshire'], ['34', 'NJ', 'New Jersey'], ['35', 'NM', 'New Mexico'], ['36', 'NY', 'New York'],
  ['37', 'NC', 'North Carolina'], ['38', 'ND', 'North Dakota'], ['39', 'OH', 'Ohio'], ['40', 'OK', 'Oklahoma'], ['41', 'OR', 'Oregon'],
  ['42', 'PA', 'Pennsylvania'], ['44', 'RI', 'Rhode Island'], ['45', 'SC', 'South Carolina'], ['46', 'SD', 'South Dakota'],
  ['47', 'TN', 'Tennessee'], ['48', 'TX', 'Texas'], ['49', 'UT', 'Utah'], ['50', 'VT', 'Vermont'], ['51', 'VA', 'Virginia'],
  ['53', 'WA', 'Washington'], ['54', 'WV', 'West Virginia'], ['55', 'WI', 'Wisconsin'], ['56', 'WY', 'Wyoming'], ['72', 'PR', 'Puerto Rico'],
];
const STATE_LOOKUP = new Map<string, string>();
for (const [fips, usps, name] of STATES) {
  STATE_LOOKUP.set(fips, fips);
  STATE_LOOKUP.set(usps, fips);
  STATE_LOOKUP.set(name.toUpperCase(), fips);
}
/** State FIPS from a FIPS code, USPS abbreviation or name; undefined when not a US state. */
export function stateFips(v: string): string | undefined {
  const s = v.trim().toUpperCase();
  return STATE_LOOKUP.get(s) ?? (/^\d$/.test(s) ? STATE_LOOKUP.get('0' + s) : undefined);
}

/** SOC code from "15-1252", "15-1252.00" (O*NET-SOC) or "15-1132.00 Software Developers, Application". */
export function socCodeOf(v: string): string | undefined {
  const m = /^\s*(\d{2}-\d{4})(?:\.\d{2})?\b/.exec(v);
  return m ? m[1] : undefined;
}

// SOC 2010 codes whose number changed in SOC 2018, mapped to their principal 2018 successor. A partial
// table (computer, healthcare-support, production and counseling occupations, where credentials
// cluster): the full BLS 2010-to-2018 crosswalk is not bundled (it is not in the project's sources).
// Codes that split list the successor that took most of the employment.
export const SOC_2010_TO_2018: Record<string, string> = {
  '15-1111': '15-1221', '15-1121': '15-1211', '15-1122': '15-1212', '15-1131': '15-1251', '15-1132': '15-1252',
  '15-1133': '15-1252', '15-1134': '15-1254', '15-1141': '15-1242', '15-1142': '15-1244', '15-1143': '15-1241',
  '15-1151': '15-1232', '15-1152': '15-1231', '15-1199': '15-1299', '29-2041': '29-2042', '31-1011': '31-1121',
  '31-1014': '31-1131', '31-1015': '31-1132', '39-9021': '31-1122', '51-4011': '51-9161', '51-4012': '51-9162',
  '29-1069': '29-1229', '29-1199': '29-1299',
};

/** NAICS code (2 to 6 digits) from a code or "541511 Custom Computer Programming". */
export function naicsCodeOf(v: string): string | undefined {
  const m = /^\s*(\d{2,6})\b/.exec(v);
  return m ? m[1] : undefined;
}

/** CIP code NN.NNNN (or NN, NN.NN) from a code or "11.0701 Computer Science". */
export function cipCodeOf(v: string): string | undefined {
  const m = /^\s*(\d{2}(?:\.\d{2}(?:\d{2})?)?)\b/.exec(v);
  return m ? m[1] : undefined;
}

/** Normalised title for deduplication: lower case, no punctuation, no seniority noise, single spaces. */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/[^a-z0-9+#]+/g, ' ')
    .replace(/\b(remote|hybrid|full time|part time|urgent|hiring|immediate(ly)?|now)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
