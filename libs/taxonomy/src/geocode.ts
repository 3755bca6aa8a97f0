import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCbsaDelineation, parseCounties, parseStates, type CountyRecord, type StateRecord } from './geo.js';
import { readTaxonomyFile, TAXONOMY_DATA_DIR } from './sources.js';

/**
 * How a place was found, strongest first:
 * zip (HUD ZIP-county, confidence = residential ratio), county (a county or county-equivalent named
 * outright), borough (a New York City borough), place (Census place, confidence = population share
 * of its main county), postal_city (a USPS preferred city name, confidence = share of its ZIPs in
 * the county), state (only the state is known).
 */
export type GeoMethod = 'zip' | 'county' | 'borough' | 'place' | 'postal_city' | 'state';

export interface GeoPlace {
  /** 2-digit state FIPS. */
  stateFips: string;
  /** 5-digit county FIPS (2023 vintage: Connecticut planning regions), null when only the state is known. */
  countyFips: string | null;
  /** CBSA (OMB July 2023) of the county, null outside any CBSA or without a county. */
  cbsa: string | null;
  method: GeoMethod;
  /** 0-1: how sure the county is (the state of a resolved place is certain). */
  confidence: number;
  /** The part of the input this place came from. */
  text: string;
}

export interface GeocodeResult {
  input: string;
  /** Every distinct place named (a list "A | B" gives several); empty when none could be resolved. */
  places: GeoPlace[];
  /** Remote, telework or "anywhere in the U.S." was stated. */
  remote: boolean;
  /** A place outside the United States (and Puerto Rico) was named. */
  nonUs: boolean;
  /** Why a part did not resolve (or resolved only to its state), naming the text. */
  warnings: string[];
}

interface PlaceEntry {
  st: string;
  name: string;
  kind: string;
  county: string;
  share: number;
  pop: number;
  /** Every county of a place split between several, with shares, largest first. */
  counties: { county: string; share: number }[];
}

interface PostalCity {
  county: string;
  share: number;
}

// Abbreviations postings and USPS write for the same word; applied to both sides of a lookup.
const WORD_FORMS: Record<string, string> = {
  st: 'saint',
  ste: 'sainte',
  ft: 'fort',
  mt: 'mount',
  mtn: 'mountain',
  pt: 'point',
  jb: 'joint base',
  jbsa: 'joint base san antonio',
  n: 'north',
  s: 'south',
  e: 'east',
  w: 'west',
  hts: 'heights',
  spgs: 'springs',
  spg: 'springs',
  twp: 'township',
  vlg: 'village',
  ctr: 'center',
  jct: 'junction',
  is: 'island',
};

/** Lower-case, no accents or punctuation, abbreviations expanded: the key every name is looked up by. */
export function placeKey(s: string): string {
  let t = s.toLowerCase();

  if (/[^\x00-\x7f]/.test(t)) t = t.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  t = t
    .replace(/&/g, ' and ')
    .replace(/['\u2019`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return t.replace(WORD_RE, (w) => WORD_FORMS[w]).replace(/\bair force base\b/g, 'afb');
}
const WORD_RE = new RegExp(`\\b(${Object.keys(WORD_FORMS).join('|')})\\b`, 'g');

// Installations renamed in 2023 (and some back in 2025): either name finds the other.
const RENAMED: [string, string][] = [
  ['fort bragg', 'fort liberty'],
  ['fort hood', 'fort cavazos'],
  ['fort benning', 'fort moore'],
  ['fort gordon', 'fort eisenhower'],
  ['fort polk', 'fort johnson'],
  ['fort lee', 'fort gregg adams'],
  ['fort rucker', 'fort novosel'],
  ['fort pickett', 'fort barfoot'],
  ['fort a p hill', 'fort walker'],
  ['joint base lewis mcchord', 'fort lewis'],
  ['jblm', 'fort lewis'],
  ['joint base san antonio lackland', 'lackland afb'],
  ['joint base san antonio fort sam houston', 'fort sam houston'],
];

// New York City's boroughs are counties; "Queens" and "Manhattan" are not USPS city names.
const NYC_BOROUGHS = new Map(
  Object.entries({
    manhattan: '36061',
    brooklyn: '36047',
    queens: '36081',
    bronx: '36005',
    'the bronx': '36005',
    'staten island': '36085',
  }),
);

const COUNTY_SUFFIX = /\s+(county|parish|borough|census area|city and borough|municipality|municipio|planning region)$/;

const US_NAMES = new Set(['united states', 'united states of america', 'usa', 'us', 'u s', 'u s a', 'america', 'united states only', 'us only'].map(placeKey));
// What is left of "Anywhere in the U.S. (remote job)" once the remote phrase is taken out.
const FILLER = new Set([
  'job',
  'jobs',
  'position',
  'eligible',
  'work',
  'option',
  'only',
  'ok',
  'optional',
  'in',
  'the',
  'of',
  'a',
  'based',
  'available',
  'friendly',
  'hybrid',
  'possible',
  'allowed',
  'first',
  'or',
  'and',
  'within',
  'from',
  'any',
  'location',
  'u',
  'us',
  'usa',
  'united',
  'states',
  'south',
]);
// Countries and Canadian provinces seen in posting exports; anything here is kept without a region.
const NON_US = new Set(
  [
    'canada',
    'mexico',
    'united kingdom',
    'uk',
    'england',
    'scotland',
    'wales',
    'ireland',
    'germany',
    'france',
    'spain',
    'portugal',
    'italy',
    'netherlands',
    'belgium',
    'switzerland',
    'austria',
    'sweden',
    'norway',
    'denmark',
    'finland',
    'poland',
    'czech republic',
    'czechia',
    'romania',
    'hungary',
    'greece',
    'turkey',
    'israel',
    'united arab emirates',
    'uae',
    'saudi arabia',
    'qatar',
    'egypt',
    'south africa',
    'nigeria',
    'kenya',
    'india',
    'pakistan',
    'bangladesh',
    'sri lanka',
    'china',
    'hong kong',
    'taiwan',
    'japan',
    'south korea',
    'korea',
    'republic of korea',
    'singapore',
    'malaysia',
    'thailand',
    'vietnam',
    'philippines',
    'indonesia',
    'australia',
    'new zealand',
    'brazil',
    'argentina',
    'chile',
    'colombia',
    'peru',
    'costa rica',
    'ukraine',
    'russia',
    'belarus',
    'lithuania',
    'latvia',
    'estonia',
    'bulgaria',
    'serbia',
    'croatia',
    'luxembourg',
    'iceland',
    'afghanistan',
    'iraq',
    'kuwait',
    'bahrain',
    'jordan',
    'djibouti',
    'honduras',
    'guatemala',
    'el salvador',
    'panama',
    'dominican republic',
    'jamaica',
    'bahamas',
    'cuba',
    'haiti',
    'ontario',
    'quebec',
    'british columbia',
    'alberta',
    'manitoba',
    'saskatchewan',
    'nova scotia',
    'new brunswick',
    'newfoundland and labrador',
    'prince edward island',
    'on',
    'qc',
    'bc',
    'ab',
    'mb',
    'sk',
    'ns',
    'nb',
    'nl',
    'pe',
    'london',
    'toronto',
    'vancouver',
    'montreal',
    'bangalore',
    'bengaluru',
    'mumbai',
    'berlin',
    'paris',
    'tokyo',
    'dublin',
    'sydney',
    'manila',
    'mexico city',
    'guam',
    'american samoa',
    'northern mariana islands',
    'virgin islands',
    'us virgin islands',
    'u s virgin islands',
  ].map(placeKey),
);
// Territories other than Puerto Rico are US but outside the county table the product loads.
const OUTSIDE_TABLE = new Set(
  ['guam', 'american samoa', 'northern mariana islands', 'virgin islands', 'us virgin islands', 'u s virgin islands', 'gu', 'as', 'mp', 'vi'].map(placeKey),
);

const REMOTE =
  /\b(remote(ly)?|tele-?work(ing)?(\s+eligible)?|tele-?commut(e|ing)|work(ing)?\s+(from|at)\s+home|wfh|home[- ]based|virtual|anywhere(\s+in\s+the\s+(u\.?\s?s\.?a?\.?|united\s+states|us|country))?|nationwide|location\s+negotiable(\s+after\s+selection)?)\b/gi;
const UNSPECIFIED =
  /^(multiple|various|several|many|all|other|numerous)\s+(locations?|cities|sites|offices|duty\s+stations?|states)\b|^(tbd|to be determined|n\/?a|none|see (description|below|announcement))$/i;
const ZIP = /(?:^|[^\d-])(\d{5})(?:-\d{4})?(?!\d)/g;
const MAX_LEN = 300;
// "Hybrid in Denver", "Based in Austin"; "Dallas Field Office"
const LEAD_WORDS = /^(?:(?:hybrid|on-?site|in-?office|in|based|located|near|at|city of|-)\s+)+/i;
const TRAIL_WORDS = /\s+(?:(?:field|district|regional|area|branch|satellite|local|main|home)\s+)?(?:office|station|location)$/i;

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * s.replace(new RegExp(`\\b${zip}(-\\d{4})?\\b`), ' ') without building a RegExp per ZIP (that was
 * a third of resolving a "City, ST 12345"): the first ZIP standing as a word, with its +4 when one
 * follows as a word.
 */
export function withoutZip(s: string, zip: string): string {
  for (let at = s.indexOf(zip); at >= 0; at = s.indexOf(zip, at + 1)) {
    if (at > 0 && isWordChar(s.charCodeAt(at - 1))) continue;
    const end = at + zip.length;
    if (s.charCodeAt(end) === 45 && isDigit(s.charCodeAt(end + 1)) && isDigit(s.charCodeAt(end + 2)) && isDigit(s.charCodeAt(end + 3)) && isDigit(s.charCodeAt(end + 4)) && !isWordChar(s.charCodeAt(end + 5)))
      return `${s.slice(0, at)} ${s.slice(end + 5)}`;
    if (end < s.length && isWordChar(s.charCodeAt(end))) continue;
    return `${s.slice(0, at)} ${s.slice(end)}`;
  }
  return s;
}

/** Splits a map keyed "ST|rest" into one map per state. */
function byState<V>(flat: Map<string, V>): Map<string, Map<string, V>> {
  const out = new Map<string, Map<string, V>>();
  for (const [k, v] of flat) {
    const bar = k.indexOf('|');
    const st = k.slice(0, bar);
    let m = out.get(st);
    if (!m) out.set(st, (m = new Map()));
    m.set(k.slice(bar + 1), v);
  }
  return out;
}

const PLACE_WORD_BEFORE = /^(city|town|village) of /;
const PLACE_WORD_AFTER = / (city|town|village|cdp)$/;
/** key.replace(PLACE_WORD_BEFORE, '').replace(PLACE_WORD_AFTER, ''), the RegExps run only when the words are there. */
function withoutPlaceWord(key: string): string {
  let k = key;
  if (k.startsWith('city of ') || k.startsWith('town of ') || k.startsWith('village of ')) k = k.replace(PLACE_WORD_BEFORE, '');
  if (k.endsWith(' city') || k.endsWith(' town') || k.endsWith(' village') || k.endsWith(' cdp')) k = k.replace(PLACE_WORD_AFTER, '');
  return k;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export interface GeocoderData {
  states: StateRecord[];
  counties: CountyRecord[];
  cbsaByCounty: Map<string, string>;
  cbsaTitles: Map<string, string>;
  zipsText: string;
  placesText: string;
}

/** Reads the shipped files (libs/taxonomy/data/geo_places_2023 + geo_fips + cbsa_2023). */
export function readGeocoderData(dir = TAXONOMY_DATA_DIR): GeocoderData {
  const gz = (file: string) => gunzipSync(readFileSync(join(dir, 'geo_places_2023', file))).toString('utf8');
  const { cbsas, counties: cbsaCounties } = parseCbsaDelineation(readTaxonomyFile('cbsa_2023', 'cbsa_2023_list1_cbsa_county_delineation.csv', dir));
  return {
    states: parseStates(readTaxonomyFile('geo_fips', 'us_states.csv', dir)),
    counties: parseCounties(readTaxonomyFile('geo_fips', 'us_counties.csv', dir)),
    cbsaByCounty: new Map(cbsaCounties.map((c) => [c.countyFips, c.cbsaCode])),
    cbsaTitles: new Map(cbsas.map((c) => [c.code, c.title])),
    zipsText: gz('zips.tsv.gz'),
    placesText: gz('places.tsv.gz'),
  };
}

/** Turns free-text posting locations into counties. Pure and synchronous once built; results are cached. */
export class Geocoder {
  private readonly stateByKey = new Map<string, StateRecord>();
  private readonly stateByUsps = new Map<string, StateRecord>();
  private readonly zips = new Map<string, { county: string; ratio: number; st: string }>();
  private readonly places = new Map<string, PlaceEntry>();
  private readonly placesByName = new Map<string, PlaceEntry[]>();
  private readonly postal = new Map<string, PostalCity>();
  private readonly countyByKey = new Map<string, string>();
  private readonly countyBare = new Map<string, string>();
  private readonly countyByName = new Map<string, string[]>();
  private readonly stateByFips = new Map<string, StateRecord>();
  private readonly singleCounty = new Map<string, string>();
  private readonly cbsaByCounty: Map<string, string>;
  private readonly cache = new Map<string, GeocodeResult>();
  private readonly names = new Map<string, string>();
  private readonly keys = new Map<string, string>();
  // The "ST|key" maps above split by state, for lookups by a name's key (remembered, hashed once)
  // without building "ST|key" strings.
  private readonly placesIn: Map<string, Map<string, PlaceEntry>>;
  private readonly postalIn: Map<string, Map<string, PostalCity>>;
  private readonly countyIn: Map<string, Map<string, string>>;
  private readonly countyBareIn: Map<string, Map<string, string>>;

  constructor(data: GeocoderData) {
    this.cbsaByCounty = data.cbsaByCounty;
    for (const [code, title] of data.cbsaTitles) this.names.set(`cbsa:${code}`, title);
    for (const c of data.counties) this.names.set(c.fips, `${c.name}, ${c.stateUsps}`);
    for (const st of data.states) this.names.set(st.fips, st.name);
    for (const s of data.states) {
      this.stateByUsps.set(s.usps, s);
      this.stateByKey.set(placeKey(s.name), s);
      this.stateByKey.set(placeKey(s.usps), s);
    }
    for (const s of data.states) this.stateByFips.set(s.fips, s);
    const dc = this.stateByUsps.get('DC');
    if (dc) for (const k of ['d c', 'washington d c', 'washington dc', 'dist of columbia', 'dist of col']) this.stateByKey.set(k, dc);
    const perState = new Map<string, string[]>();
    for (const c of data.counties) {
      const k = placeKey(c.name);
      perState.set(c.stateFips, [...(perState.get(c.stateFips) ?? []), c.fips]);
      if (COUNTY_SUFFIX.test(k)) this.countyByName.set(k, [...(this.countyByName.get(k) ?? []), c.fips]);
      this.countyByKey.set(`${c.stateUsps}|${k}`, c.fips);
      const bare = k.replace(COUNTY_SUFFIX, '');
      // "Fairfax" names Fairfax County and the independent city of Fairfax: a bare name keeps the county.
      if (bare !== k && !this.countyBare.has(`${c.stateUsps}|${bare}`)) this.countyBare.set(`${c.stateUsps}|${bare}`, c.fips);
      else if (bare === k && / city$/.test(k)) this.countyBare.set(`${c.stateUsps}|${k.replace(/ city$/, '')} city`, c.fips);
    }
    for (const [st, list] of perState) if (list.length === 1) this.singleCounty.set(st, list[0]);
    // postal city -> county with most of its ZIPs (lines are "zip county ratio city state")
    const postalCounts = new Map<string, number>();
    const cityKeys = new Map<string, string>();
    for (const line of data.zipsText.split('\n')) {
      if (!line || line.charCodeAt(0) === 35) continue;
      const [zip, county, ratio, city, st] = line.split('\t');
      this.zips.set(zip, { county, ratio: Number(ratio), st });
      let ck = cityKeys.get(city);
      if (ck === undefined) cityKeys.set(city, (ck = placeKey(city)));
      const key = `${st}|${ck}|${county}`;
      postalCounts.set(key, (postalCounts.get(key) ?? 0) + 1);
    }
    const totals = new Map<string, number>();
    for (const [key, n] of postalCounts) {
      const city = key.slice(0, key.length - 6);
      totals.set(city, (totals.get(city) ?? 0) + n);
      const prev = this.postal.get(city);
      if (!prev || n > prev.share) this.postal.set(city, { county: key.slice(-5), share: n });
    }
    for (const [city, p] of this.postal) p.share /= totals.get(city)!;
    const aliases: PlaceEntry[] = [];
    for (const line of data.placesText.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [st, name, kind, county, share, pop, others] = line.split('\t');
      const counties = others ? others.split(',').map((p) => ({ county: p.slice(0, 5), share: Number(p.slice(6)) })) : [{ county, share: Number(share) }];
      const e: PlaceEntry = {
        st,
        name,
        kind,
        county,
        share: Number(share),
        pop: Number(pop),
        counties,
      };
      this.addPlace(placeKey(name), e);
      // Consolidated governments are named "Nashville-Davidson", "Macon-Bibb County": postings write the city.
      const m = /^([^-/]+)[-/]/.exec(name);
      if (m && (/government|place/.test(kind) || / County$/.test(name))) aliases.push({ ...e, name: m[1] });
    }
    for (const a of aliases) if (!this.places.has(`${a.st}|${placeKey(a.name)}`)) this.addPlace(placeKey(a.name), a);
    this.placesIn = byState(this.places);
    this.postalIn = byState(this.postal);
    this.countyIn = byState(this.countyByKey);
    this.countyBareIn = byState(this.countyBare);
  }

  private addPlace(key: string, e: PlaceEntry): void {
    const k = `${e.st}|${key}`;
    const prev = this.places.get(k);
    if (!prev || e.pop > prev.pop) this.places.set(k, e);
    if (!prev) {
      const list = this.placesByName.get(key) ?? [];
      list.push(e);
      this.placesByName.set(key, list);
    } else if (e.pop > prev.pop) {
      const list = this.placesByName.get(key)!;
      list[list.indexOf(prev)] = e;
    }
  }

  private place(state: StateRecord, county: string | null, method: GeoMethod, confidence: number, text: string): GeoPlace {
    // a county's own state wins (a few ZIPs cross state lines)
    return {
      stateFips: county ? county.slice(0, 2) : state.fips,
      countyFips: county,
      cbsa: county ? (this.cbsaByCounty.get(county) ?? null) : null,
      method,
      confidence: round(confidence),
      text,
    };
  }

  /** Resolves one location text (which may list several places). */
  geocode(input: string): GeocodeResult {
    const hit = this.cache.get(input);
    if (hit) return hit;
    const r = this.resolve(input);
    if (this.cache.size >= 50_000) this.cache.clear();
    this.cache.set(input, r);
    return r;
  }

  private resolve(input: string): GeocodeResult {
    const out: GeocodeResult = {
      input,
      places: [],
      remote: false,
      nonUs: false,
      warnings: [],
    };
    const text = String(input ?? '');
    if (!text.trim()) return out;
    if (text.length > MAX_LEN * 8) {
      out.warnings.push(`location text is ${text.length} characters long, not a place name: ${JSON.stringify(text.slice(0, 60))}...`);
      return out;
    }

    if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) {
      out.warnings.push(`location text holds binary or unreadable characters: ${JSON.stringify(text.slice(0, 60))}`);
      return out;
    }
    const parts = text.split(/\s*(?:\||;|\n|\u2022)\s*/).filter((p) => p.trim());
    const seen = new Set<string>();
    for (const part of parts) {
      if (part.length > MAX_LEN) {
        out.warnings.push(`location part is ${part.length} characters long, not a place name: ${JSON.stringify(part.slice(0, 60))}...`);
        continue;
      }
      const p = this.resolvePart(part.trim(), out);
      if (p && !seen.has(`${p.stateFips}|${p.countyFips}`)) {
        seen.add(`${p.stateFips}|${p.countyFips}`);
        out.places.push(p);
      }
    }
    // A state-only place adds nothing when a county of that state is also named.
    const withCounty = new Set(out.places.filter((p) => p.countyFips).map((p) => p.stateFips));
    out.places = out.places.filter((p) => p.countyFips || !withCounty.has(p.stateFips));
    return out;
  }

  private resolvePart(raw: string, out: GeocodeResult): GeoPlace | undefined {
    let s = raw.replace(/\s+/g, ' ');
    REMOTE.lastIndex = 0;
    if (REMOTE.test(s)) {
      out.remote = true;
      REMOTE.lastIndex = 0;
      s = s.replace(REMOTE, ' ').replace(/\(\s*\)|\[\s*\]/g, ' ');
      s = s.replace(/\(([^)]*)\)/g, (m, inner: string) =>
        this.key(inner)
          .split(' ')
          .every((w) => !w || FILLER.has(w))
          ? ' '
          : m,
      );
      s = s.replace(/^[\s,:;.()\-\u2013\u2014/]+|[\s,:;()\-\u2013\u2014/]+$/g, '').trim();
      if (
        this.key(s)
          .split(' ')
          .every((w) => !w || FILLER.has(w))
      )
        return undefined;
    }
    if (UNSPECIFIED.test(s)) {
      out.warnings.push(`location "${raw}" names no particular place`);
      return undefined;
    }
    // ZIP codes first: the most precise thing a posting carries.
    let zipWarn: string | undefined;
    let zipPlace: GeoPlace | undefined;
    ZIP.lastIndex = 0;
    const zips = [...s.matchAll(ZIP)].map((m) => m[1]);
    if (zips.length) {
      const zip = zips[zips.length - 1];
      const z = this.zips.get(zip);
      const st = z && this.stateByUsps.get(z.st);
      const county = z?.county;
      if (z && st && county) zipPlace = this.place(st, county, 'zip', z.ratio, raw);
      else zipWarn = `ZIP ${zip} in "${raw}" is not a US ZIP code`;
      s = withoutZip(s, zip).trim();
    }
    const segs = s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    // Trailing country: drop the United States, keep others without a region.
    while (segs.length) {
      const last = this.key(segs[segs.length - 1]);
      if (US_NAMES.has(last)) segs.pop();
      else break;
    }
    if (segs.length) {
      const last = this.key(segs[segs.length - 1]);
      if (NON_US.has(last) && !(segs.length === 1 && this.stateByKey.has(last))) {
        if (OUTSIDE_TABLE.has(last)) out.warnings.push(`location "${raw}" is in a US territory outside the county table; kept without a region`);
        else out.warnings.push(`location "${raw}" is outside the United States; kept without a region`);
        out.nonUs = true;
        return undefined;
      }
    }
    // "Austin TX" or "Kings County NY": a state at the end of the last segment.
    let state: StateRecord | undefined;
    if (segs.length) {
      const last = segs[segs.length - 1].replace(TRAIL_WORDS, '');
      segs[segs.length - 1] = last;
      state = this.stateByKey.get(this.key(last));
      if (state) {
        segs.pop();
        if (!segs.length && !zipPlace) return this.stateOnly(state, raw);
      } else {
        // longest state-name suffix first: "New Mexico" before "Mexico"; a 2-letter code only in capitals
        const words = last.split(/\s+/);
        for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
          const tail = words.slice(words.length - n).join(' ');
          const cand = this.stateByKey.get(this.key(tail));
          if (cand && (tail.replace(/\./g, '').length > 2 || tail === tail.toUpperCase())) {
            state = cand;
            segs[segs.length - 1] = words.slice(0, words.length - n).join(' ');
            break;
          }
        }
      }
    }
    if (zipPlace) {
      if (!state || state.fips === zipPlace.stateFips) return zipPlace;
      out.warnings.push(`ZIP in "${raw}" lies in another state than ${state.usps}; the ZIP is ignored`);
    }
    if (zipWarn) out.warnings.push(zipWarn);
    const names = segs
      .map((x) =>
        x
          .replace(/\([^)]*\)/g, ' ')
          .replace(LEAD_WORDS, '')
          .replace(TRAIL_WORDS, '')
          .trim(),
      )
      .filter(Boolean);
    if (state) {
      // the place is the segment just before the state; an address puts the street first
      for (let i = names.length - 1; i >= 0; i--) {
        const p = this.lookupIn(state, names[i], raw);
        if (p) return p;
      }
      if (names.length) out.warnings.push(`place "${names[names.length - 1]}" not found in ${state.usps} (from "${raw}"); kept with its state only`);
      return this.stateOnly(state, raw);
    }
    if (!names.length) {
      if (!zipWarn) out.warnings.push(`location "${raw}" names no place`);
      return undefined;
    }
    // No state given: a place name used in one state only, or one that dwarfs its namesakes.
    const name = names[names.length - 1];
    const key = this.key(name);
    const borough = NYC_BOROUGHS.get(key);
    const ny = this.stateByUsps.get('NY');
    if (borough && ny) return this.place(ny, borough, 'borough', 1, raw);
    const list = this.placesByName.get(key);
    if (list?.length) {
      const sorted = [...list].sort((a, b) => b.pop - a.pop);
      if (sorted.length === 1 || sorted[0].pop >= 10 * sorted[1].pop) {
        const top = sorted[0];
        const st = this.stateByUsps.get(top.st)!;
        return this.resolvedPlace(st, top, key, raw, sorted.length === 1 ? 1 : 0.9);
      }
      out.warnings.push(`place "${name}" (from "${raw}") exists in ${sorted.length} states; give the state`);
      return undefined;
    }
    const counties = this.countyByName.get(key);
    if (counties?.length === 1) return this.place(this.stateByFips.get(counties[0].slice(0, 2))!, counties[0], 'county', 1, raw);
    if (counties && counties.length > 1) {
      out.warnings.push(`county "${name}" (from "${raw}") exists in ${counties.length} states; give the state`);
      return undefined;
    }
    out.warnings.push(`location "${raw}" could not be resolved to a US place`);
    return undefined;
  }

  // A state with a single county-equivalent (the District of Columbia) gives its county too.
  private stateOnly(state: StateRecord, raw: string): GeoPlace {
    const only = this.singleCounty.get(state.fips);
    return only ? this.place(state, only, 'state', 1, raw) : this.place(state, null, 'state', 1, raw);
  }

  private resolvedPlace(state: StateRecord, e: PlaceEntry, key: string, raw: string, factor = 1): GeoPlace {
    // A city split between counties with no majority ("New York" spans five boroughs): its USPS
    // city name says which county the post office (and usually the employer's address) is in.
    if (e.share < 0.5) {
      const postal = this.postalIn.get(state.usps)?.get(key);
      const inPlace = postal && e.counties.find((c) => c.county === postal.county);
      if (postal && inPlace) return this.place(state, postal.county, 'postal_city', postal.share * factor, raw);
    }
    return this.place(state, e.county, 'place', e.share * factor, raw);
  }

  private lookupIn(state: StateRecord, name: string, raw: string): GeoPlace | undefined {
    const key = this.key(name);
    if (!key) return undefined;
    const st = state.usps;
    const explicit = this.countyIn.get(st)?.get(key);
    if (explicit && (COUNTY_SUFFIX.test(key) || / city$/.test(key))) return this.place(state, explicit, 'county', 1, raw);
    const nyc = st === 'NY' ? NYC_BOROUGHS.get(key) : undefined;
    if (nyc) return this.place(state, nyc, 'borough', 1, raw);
    const keys = [key, withoutPlaceWord(key)];
    for (const [a, b] of RENAMED) {
      if (key === a) keys.push(b);
      else if (key === b) keys.push(a);
    }
    const places = this.placesIn.get(st);
    const postals = this.postalIn.get(st);
    for (const k of keys) {
      const e = places?.get(k);
      if (e) return this.resolvedPlace(state, e, k, raw);
      const postal = postals?.get(k);
      if (postal) return this.place(state, postal.county, 'postal_city', postal.share, raw);
    }
    const bare = this.countyBareIn.get(st)?.get(key) ?? explicit;
    if (bare) return this.place(state, bare, 'county', 1, raw);
    return undefined;
  }

  /** "Bibb County, GA" for a county, "Georgia" for a state, the CBSA title for "cbsa:31420". */
  nameOf(code: string): string | undefined {
    return this.names.get(code);
  }

  /** placeKey, remembered per text: a location's parts are keyed several times ("TX", "Texas" and city names recur). */
  private key(s: string): string {
    let k = this.keys.get(s);
    if (k === undefined) {
      if (this.keys.size >= 100_000) this.keys.clear();
      this.keys.set(s, (k = placeKey(s)));
    }
    return k;
  }

  /** Forgets cached answers (benchmarks time the uncached path). */
  clearCache(): void {
    this.cache.clear();
    this.keys.clear();
  }

  /** Number of entries loaded, for diagnostics and tests. */
  get size(): { zips: number; places: number; postalCities: number } {
    return {
      zips: this.zips.size,
      places: this.places.size,
      postalCities: this.postal.size,
    };
  }
}

let shared: Geocoder | undefined;

/** The geocoder over the shipped data, built on first use (about 0.2 s) and shared. */
export function getGeocoder(): Geocoder {
  shared ??= new Geocoder(readGeocoderData());
  return shared;
}

/** Flattens a result to the first place's fields plus the list, as the CLI prints it. */
export function geocodeSummary(r: GeocodeResult): {
  input: string;
  stateFips: string | null;
  countyFips: string | null;
  cbsa: string | null;
  method: GeoMethod | null;
  confidence: number | null;
  remote: boolean;
  nonUs: boolean;
  places: GeoPlace[];
  warnings: string[];
} {
  const p = r.places[0];
  return {
    input: r.input,
    stateFips: p?.stateFips ?? null,
    countyFips: p?.countyFips ?? null,
    cbsa: p?.cbsa ?? null,
    method: p?.method ?? null,
    confidence: p?.confidence ?? null,
    remote: r.remote,
    nonUs: r.nonUs,
    places: r.places,
    warnings: r.warnings,
  };
}
