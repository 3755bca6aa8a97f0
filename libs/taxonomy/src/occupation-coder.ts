import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseOewsNational } from './oews.js';
import { parseJobZones, parseOnetOccupations } from './onet.js';
import { parseSoc } from './soc.js';
import { readTaxonomyFile, TAXONOMY_DATA_DIR } from './sources.js';

/**
 * How a SOC was found: exact (the normalised title is an O*NET title or alternate title),
 * similar (the closest titles by idf-weighted word overlap, the last word weighing most), or none
 * (the coder abstains).
 */
export type OccupationMethod = 'exact' | 'similar' | 'none';

export interface OccupationAlternative {
  soc: string;
  title: string;
  confidence: number;
}

export interface OccupationResult {
  input: string;
  /** SOC 2018 detailed code, null when the coder abstains. */
  soc: string | null;
  /** SOC 2018 title of `soc`. */
  title: string | null;
  /** 0-1. Below ABSTAIN_BELOW the coder gives no SOC (the best guess stays in alternatives). */
  confidence: number;
  method: OccupationMethod;
  /** The O*NET title that matched, and the normalised posting title it was compared with. */
  matched: string | null;
  normalized: string;
  /** The next best occupations (up to 3, the best first when abstaining). */
  alternatives: OccupationAlternative[];
  warnings: string[];
}

/** Below this confidence the coder abstains (no SOC): chosen on the development set, see docs/methodology.md. */
export const ABSTAIN_BELOW = 0.45;
/**
 * How much the employment prior weighs against the count of O*NET sources when one exact title is
 * listed under several occupations (was 3 until 2026-12-07; 2 lets two sources beat one source of a
 * much larger occupation: "Network Engineer" 15-1241 (2) over 15-1252 (1)).
 */
const PRIOR_VOTE = 2;

// Words for seniority, level, schedule and hiring noise: they do not change the occupation.
const NOISE = new Set(
  (
    'sr senior snr jr junior entry level lvl principal staff associate assoc experienced exp trainee apprentice intern internship ' +
    'full part time fulltime parttime ft prn per diem night nights day days evening evenings weekend weekends shift shifts overnight 1st 2nd 3rd first second third swing rotating ' +
    'temporary temp seasonal contract contractor contractual permanent perm casual fixed term remote hybrid onsite on site travel traveling travelling local ' +
    'immediate immediately urgent urgently hiring now new grad graduate opening openings position positions job jobs vacancy opportunity needed wanted ' +
    'bonus sign signon sign-on hourly salaried i ii iii iv v vi vii 1 2 3 4 5 level1 level2 level3 grade step'
  ).split(' '),
);
// "Lead" and "Supervisory" add a supervisory role to the same occupation's title.
// A work leader or lead of an occupation is coded to the occupation ("Sheet Metal Mechanic Leader").
const TRAILING_LEAD = new Set(['leader', 'lead']);
const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'to', 'in', 'at', 'with', 'or', 'on', 'by', 'from', 'as', 'all']);

// Abbreviations postings write; expanded on both sides (O*NET titles use some of them too).
const ABBREV: Map<string, string> = new Map(
  Object.entries({
    rn: 'registered nurse',
    bsn: 'registered nurse',
    lpn: 'licensed practical nurse',
    lvn: 'licensed practical nurse',
    cna: 'certified nursing assistant',
    stna: 'certified nursing assistant',
    gna: 'certified nursing assistant',
    emt: 'emergency medical technician',
    np: 'nurse practitioner',
    crna: 'nurse anesthetist',
    cma: 'medical assistant',
    rrt: 'respiratory therapist',
    slp: 'speech language pathologist',
    pta: 'physical therapist assistant',
    cota: 'occupational therapy assistant',
    bcba: 'behavior analyst',
    md: 'physician',
    cpa: 'accountant',
    cdl: 'truck driver',
    hvac: 'heating ventilation air conditioning',
    hvacr: 'heating ventilation air conditioning refrigeration',
    it: 'information technology',
    qa: 'quality assurance',
    qc: 'quality control',
    hr: 'human resources',
    csr: 'customer service representative',
    sw: 'software',
    ui: 'user interface',
    ux: 'user experience',
    ai: 'artificial intelligence',
    ml: 'machine learning',
    mgr: 'manager',
    mngr: 'manager',
    asst: 'assistant',
    assist: 'assistant',
    tech: 'technician',
    techs: 'technician',
    eng: 'engineer',
    engr: 'engineer',
    dev: 'developer',
    spec: 'specialist',
    coord: 'coordinator',
    rep: 'representative',
    reps: 'representative',
    svc: 'service',
    svcs: 'service',
    mgmt: 'management',
    acct: 'accounting',
    ops: 'operations',
    admin: 'administrative',
    exec: 'executive',
    dir: 'director',
    supv: 'supervisor',
    supvr: 'supervisor',
    sup: 'supervisor',
    maint: 'maintenance',
    mech: 'mechanic',
    elec: 'electrical',
    supervisory: 'supervisor',
    aid: 'aide',
    aids: 'aide',
    sysadmin: 'system administrator',
    appsw: 'application software',
    netwk: 'network',
    itspec: 'information technology specialist',
    psych: 'psychiatric',
    dba: 'database administrator',
    sre: 'site reliability engineer',
    pm: 'project manager',
    cnc: 'cnc',
    infosec: 'information security',
    app: 'application',
    apps: 'application',
    '911': 'emergency',
    licensed: 'license',
    hha: 'home health aide',
  }),
);

// OPM's parenthetical specialties of IT Specialist (2210) titles and their common spellings:
// "IT Specialist (APPSW)", "(INFOSEC)", "(SYSADMIN/NETWORK)". Read only inside the parentheses of
// an IT title.
const IT_SPECIALTY: Map<string, string> = new Map(
  Object.entries({
    appsw: 'software developer',
    software: 'software developer',
    infosec: 'information security analyst',
    security: 'information security analyst',
    sysadmin: 'systems administrator',
    os: 'systems administrator',
    network: 'network administrator',
    netwk: 'network administrator',
    custspt: 'computer user support specialist',
    datamgt: 'database administrator',
    inet: 'web developer',
    entarch: 'enterprise architect',
  }),
);
const CUSTOMER_SUPPORT = /^\s*customer\s+support\s*$/i;

/** A medical specialty named as a field, read as its practitioner: "Psychiatry" -> "psychiatrist". */
function practitioner(w: string): string {
  if (w === 'anesthesia' || w === 'anesthesiology') return 'anesthesiologist';
  if (w === 'surgery') return 'surgeon';
  if (w.length > 6 && w.endsWith('ology')) return `${w.slice(0, -1)}ist`;
  if (w.length > 6 && w.endsWith('iatry')) return `${w.slice(0, -1)}ist`;
  if (/(?:iatric|etric)s?$/.test(w) && w.length > 7) return `${w.replace(/s$/, '')}ian`;
  return w;
}

// Agency and hiring-path suffixes of public-sector titles ("Nurse - Direct Hire Authority").
const SUFFIX =
  /(?:\s*[-\u2013\u2014:|/]\s*|\s+for\s+)(?:direct hire(?: authority)?|dha|public notice|open continuous|continuous|multiple (?:positions|vacancies|locations)|various locations|nationwide|(?:open to )?(?:all us citizens|status candidates|merit promotion|delegated examining|de|mp|vra|schedule a)|recent graduates|pathways|term(?: appointment)?|temporary|nte \d+.*|cancel+ed|amended|re-?announcement)\b.*$|\s+direct hire(?: authority)?\b.*$/i;
const GRADES = /\b(?:gs|gm|wg|ws|wl|nh|nd|ga|es|fv|ad|sv|fs|wb|gl|vn|vm|ag|ct|gg|na|nf|nl|ns|ys|yc)[- ]?\d{1,4}(?:\s*[-/]\s*\d{1,4})*\b/gi;
const REQ = /\b(?:req(?:uisition)?|job|position|posting|vacancy|announcement|jr|r)\s*(?:id|#|no\.?|number)?\s*[:#]?\s*[a-z]{0,4}-?\d[\w-]*/gi;
const IDS = /#\s*\w*\d\w*|\b[a-z]{0,4}-?\d{4,}[\w-]*\b|\$\s?[\d,.]+k?(?:\s*(?:\/|per)\s*\w+)?/gi;

const DIGIT = /\d/;
// What SUFFIX and the part splits below need to find anything (cheap scans that skip them).
const SUFFIX_HINT = /[-\u2013\u2014:|/]|\sfor\s|direct hire/i;
const PART_HINT = /[-\u2013\u2014:|/]/;
const NON_WORD = /[^a-z0-9+]+/g;

function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|ics)$/.test(w)) return w.slice(0, -1);
  return w;
}

/**
 * The version of titleTokens (with NOISE, STOP, ABBREV and stem): bump it whenever any of them
 * changes what a title reads as, and rebuild onet_titles_tokens.txt.gz; a tokens file of another
 * version is ignored (the titles are normalised at build, about 0.15 s more) and a spec fails.
 */
export const NORMALISER_VERSION = '2026-12-07.1';

/** The precomputed words per title line, when the file was written by this normaliser version. */
function precomputedTokens(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const nl = text.indexOf('\n');
  const head = /normaliser ([^\s:]+)/.exec(text.slice(0, nl))?.[1];
  if (head !== NORMALISER_VERSION) return undefined;
  const lines = text.slice(nl + 1).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** One lower-case word -> what it adds to a title's words (none for noise, stop words and numbers). */
function wordTokens(w0: string): readonly string[] {
  if (NOISE.has(w0) || STOP.has(w0)) return NONE;
  const exp = ABBREV.get(w0);
  if (exp) return exp.split(' ').map(stem);
  if (/^\d+$/.test(w0)) return NONE;
  return [stem(w0)];
}
const NONE: readonly string[] = [];
/** wordTokens per word met (titles repeat their words: the build reads 56,000 titles of 9,000 words). */
const WORDS = new Map<string, readonly string[]>();

/** Title -> the words the coder compares (lower case, no noise, abbreviations expanded, singular). */
export function titleTokens(raw: string, keepParens = false): string[] {
  let s = raw.toLowerCase();

  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  // Each pass runs only when its trigger character is there (most titles have no digit, '&', '#',
  // quote or dot): the same words, without a dozen scans and copies of every title.
  if (!keepParens && (s.includes('(') || s.includes('['))) s = s.replace(/\([^)]*\)?|\[[^\]]*\]?/g, ' ');
  if (DIGIT.test(s)) s = s.replace(GRADES, ' ').replace(REQ, ' ').replace(IDS, ' ');
  else if (s.includes('$') || s.includes('#')) s = s.replace(IDS, ' ');
  if (s.includes('&')) s = s.replace(/&/g, ' and ');
  if (s.includes('c+')) s = s.replace(/\bc\+\+/g, 'cplusplus');
  if (s.includes('c#')) s = s.replace(/\bc#/g, 'csharp');
  if (s.includes('.net')) s = s.replace(/\.net\b/g, 'dotnet');
  if (s.includes("'")) s = s.replace(/'s\b/g, '');
  if (s.includes("'") || s.includes('\u2019') || s.includes('.')) s = s.replace(/['\u2019.]/g, '');
  s = s.replace(NON_WORD, ' ');
  const out: string[] = [];
  const words = s.split(' ');
  let last = words.length - 1;
  while (last > 0 && !words[last]) last--;
  for (let i = 0; i < words.length; i++) {
    const w0 = words[i];
    if (!w0) continue;
    // "Principal" is seniority ("Principal Engineer") unless it ends the title ("High School Principal")
    if (i === last && w0 === 'principal') {
      out.push(w0);
      continue;
    }
    let toks = WORDS.get(w0);
    if (toks === undefined) {
      toks = wordTokens(w0);
      if (WORDS.size >= 200_000) WORDS.clear();
      WORDS.set(w0, toks);
    }
    for (let k = 0; k < toks.length; k++) out.push(toks[k]);
  }
  if (out.length > 2 && TRAILING_LEAD.has(out[out.length - 1])) out.pop();
  return out;
}

/** Names a SOC title gives: the title before ", Except ..." or ", All Other", and each "A and B" part ending in the same noun. */
function socTitleNames(title: string): string[] {
  const main = title
    .replace(/,\s*(except|all other)\b.*$/i, '')
    .split(',')[0]
    .trim();
  const names = [main];
  const parts = main.split(/\s+and\s+/);
  const head = main.split(/\s+/).pop();
  if (parts.length > 1) for (const p of parts) if (p.split(/\s+/).length > 1 && p.split(/\s+/).pop() === head) names.push(p);
  return names;
}

interface ExactVote {
  soc: string;
  weight: number;
  title: string;
}

interface Entry {
  soc: string;
  title: string;
  tokens: string[];
  weight: number;
  norm: number;
}

export interface OccupationCoderData {
  titlesText: string;
  /** onet_titles_tokens.txt.gz: the normalised words of each titlesText line (absent: normalised at build). */
  titleTokensText?: string;
  socTitles: Map<string, string>;
  onetTitles: { soc: string; title: string; description: string | null }[];
  employment: Map<string, number>;
}

/** Reads the shipped O*NET titles (onet_29_3/onet_titles.tsv.gz), SOC 2018 titles and OEWS employment. */
export function readOccupationCoderData(dir = TAXONOMY_DATA_DIR): OccupationCoderData {
  const soc = parseSoc(readTaxonomyFile('soc_2018', 'soc_2018_definitions.csv', dir));
  const zones = parseJobZones(readTaxonomyFile('onet_29_3', 'onet_job_zones.csv', dir));
  const occ = parseOnetOccupations(readTaxonomyFile('onet_29_3', 'onet_occupations.csv', dir), zones);
  const oews = parseOewsNational(readTaxonomyFile('oews_national_2024', 'oews_national_M2024.csv', dir));
  return {
    titlesText: gunzipSync(readFileSync(join(dir, 'onet_29_3', 'onet_titles.tsv.gz'))).toString('utf8'),
    titleTokensText: existsSync(join(dir, 'onet_29_3', 'onet_titles_tokens.txt.gz')) ? gunzipSync(readFileSync(join(dir, 'onet_29_3', 'onet_titles_tokens.txt.gz'))).toString('utf8') : undefined,
    socTitles: new Map(soc.filter((s) => s.level === 'detailed').map((s) => [s.code, s.title])),
    onetTitles: occ.map((o) => ({ soc: o.socCode, title: o.title, description: o.description })),
    employment: new Map(oews.map((o) => [o.socCode, o.employment ?? 0])),
  };
}

/** The outcome of coding one reading of a title, before its warnings name the input: shared by titles that read alike. */
interface Coded {
  soc: string | null;
  title: string | null;
  confidence: number;
  method: OccupationMethod;
  matched: string | null;
  normalized: string;
  alternatives: OccupationAlternative[];
  /** Why no SOC: nothing resembles the title, or the best is below ABSTAIN_BELOW. */
  why: 'unlike' | 'unclear' | null;
  best: string | null;
}

/** One reading of a title: its words, the factor its scores are taken at, and the words joined (the key of every lookup). */
type Reading = [tokens: string[], factor: number, key: string];

interface Ranked {
  soc: number;
  score: number;
}

const CACHE_SIZE = 50_000;
/** Slots of the similar-title search's result arena (16 bytes each) before its cache starts over. */
const ARENA_MAX = 1 << 21;

/**
 * Codes job titles to SOC 2018 from O*NET titles and alternate titles. Pure once built.
 * Two caches (50,000 each, cleared when full): by the title as written, and by its normalised
 * readings (so "Sr. Registered Nurse II" and "Registered Nurse - Nights" are scored once).
 * The similar-title search runs over a precomputed inverted index of integer token ids, with
 * scratch typed arrays reused between calls (no per-call maps or objects). It reads the lists of
 * the title's words rarest first, scores each entry met once in full (its own word ids against the
 * query's weights), and stops before the longer lists ("specialist", "technician") once what they
 * could still give is below the 4th best occupation (8th with a description): the answers are those
 * of a full scan, up to exact ties between occupations (met in another order).
 */
export class OccupationCoder {
  private readonly entries: Entry[] = [];
  /** Normalised title -> the occupations listing it, each with its best weight and that title, in the order first met. */
  private readonly exact = new Map<string, ExactVote[]>();
  private readonly idf = new Map<string, number>();
  private readonly socTitles: Map<string, string>;
  private readonly prior = new Map<string, number>();
  /** Words of each occupation's O*NET descriptions, read on the first title coded with a description. */
  private descTokens: Map<string, Set<string>> | undefined;
  private readonly onetTitles: OccupationCoderData['onetTitles'];
  private readonly cache = new Map<string, OccupationResult>();
  private readonly readingCache = new Map<string, Coded>();
  /** The similar-title search's result per searched words (and kept count): SOCs met in order, best score and entry. */
  // Kept in one arena (not three typed arrays per search: allocating them was a quarter of match()'s
  // time and most of the coder's garbage): the cache maps the words to an offset o, arenaSoc[o] is
  // the count n, and o + 1 .. o + n hold each SOC, its best score and entry.
  private readonly matchCache = new Map<string, number>();
  private arenaSoc = new Int32Array(1 << 16);
  private arenaEntry = new Int32Array(1 << 16);
  private arenaScore = new Float64Array(1 << 16);
  private arenaLen = 0;
  /** Last words of SOC titles (nurse, technician, engineer): what a title ends with. */
  private readonly heads = new Set<string>();
  /** Whether the O*NET titles' words came from onet_titles_tokens.txt.gz (see NORMALISER_VERSION). */
  precomputed = false;
  /** firstLineSupervisor per SOC, found on first use. */
  private readonly supervisorOf = new Map<string, string | undefined>();
  /** Residual "All Other" SOC codes. */
  private readonly residual = new Set<string>();

  // The index: token -> id, per token the entries holding it and idf squared; per entry its SOC
  // (index into socList), norm, last token and score bonuses.
  private readonly tokenId = new Map<string, number>();
  private readonly lists: Int32Array[] = [];
  private idf2 = new Float64Array(0);
  private unknownIdf2 = 0;
  private readonly socList: string[];
  private readonly socIndex = new Map<string, number>();
  private entrySoc = new Int32Array(0);
  private entryNorm = new Float64Array(0);
  private entryHead = new Int32Array(0);
  private entryWeightBonus = new Float64Array(0);
  private entryPriorBonus = new Float64Array(0);
  // Scratch, reset after every call: dot products per entry, best per SOC of one reading (m*) and
  // of all readings (s*).
  // Per entry its distinct token ids (entryToks[entryTokStart[i] .. entryTokStart[i + 1]]); the
  // best bonus any entry has; per token the query's idf squared while a query is scored (0 else);
  // per entry the query it was last scored for.
  private entryTokStart = new Int32Array(0);
  private entryToks = new Int32Array(0);
  // The lists as match() reads them (see buildIndex): list id -> offset in pInt and in pNum.
  private pInt = new Int32Array(0);
  private pNum = new Float64Array(0);
  private listInt = new Int32Array(0);
  private listNum = new Int32Array(0);
  private maxBonus = 0;
  private readonly top8 = new Float64Array(8);
  private qWeight = new Float64Array(0);
  private stamp = new Int32Array(0);
  private generation = 0;
  private readonly mBest: Float64Array;
  private readonly mEntry: Int32Array;
  private readonly mMatched: (string | null)[];
  private readonly mList: Int32Array;
  private mCount = 0;
  private readonly sBest: Float64Array;
  private readonly sEntry: Int32Array;
  private readonly sMatched: (string | null)[];
  private readonly sReading: Int32Array;
  private readonly sList: Int32Array;
  private sCount = 0;

  constructor(data: OccupationCoderData) {
    this.socTitles = data.socTitles;
    this.socList = [...this.socTitles.keys()];
    this.socList.forEach((s, i) => this.socIndex.set(s, i));
    for (const [soc, title] of this.socTitles) if (/all other/i.test(title)) this.residual.add(soc);
    const nSoc = this.socList.length;
    this.mBest = new Float64Array(nSoc).fill(-1);
    this.mEntry = new Int32Array(nSoc);
    this.mMatched = new Array<string | null>(nSoc).fill(null);
    this.mList = new Int32Array(nSoc);
    this.sBest = new Float64Array(nSoc).fill(-1);
    this.sEntry = new Int32Array(nSoc);
    this.sMatched = new Array<string | null>(nSoc).fill(null);
    this.sReading = new Int32Array(nSoc);
    this.sList = new Int32Array(nSoc);
    const maxEmp = Math.max(...data.employment.values(), 1);
    for (const [soc, n] of data.employment) this.prior.set(soc, Math.sqrt(n / maxEmp));
    // OEWS publishes some detailed occupations only as their broad group (31-1120 for 31-1121/31-1122)
    for (const soc of this.socTitles.keys()) if (!this.prior.has(soc) && this.prior.has(`${soc.slice(0, 6)}0`)) this.prior.set(soc, this.prior.get(`${soc.slice(0, 6)}0`)!);
    const add = (soc: string, title: string, weight: number, normalised?: string) => {
      if (!this.socTitles.has(soc)) return;
      const key = normalised ?? titleTokens(title).join(' ');
      if (!key) return;
      const tokens = key.split(' ');
      let votes = this.exact.get(key);
      if (!votes) this.exact.set(key, (votes = []));
      let v: ExactVote | undefined;
      for (const x of votes) if (x.soc === soc) v = x;
      // the best-attested title behind each key and SOC shows what matched
      if (!v) votes.push({ soc, weight, title });
      else if (weight > v.weight) {
        v.weight = weight;
        v.title = title;
      }
      this.entries.push({ soc, title, tokens, weight, norm: 0 });
    };
    // The titles' words as the build of the repository normalised them (onet_titles_tokens.txt.gz,
    // one line per title line), when made by this normaliser; else normalised here.
    const pre = precomputedTokens(data.titleTokensText);
    let n = 0;
    for (const line of data.titlesText.split('\n')) {
      if (!line || line.charCodeAt(0) === 35) continue;
      const [soc, title, sources] = line.split('\t');
      add(soc, title, Number(sources), pre?.[n++]);
    }
    this.precomputed = pre !== undefined && n === pre.length;
    if (pre && n !== pre.length) throw new Error(`onet_titles_tokens.txt.gz has ${pre.length} lines for ${n} titles: rebuild it (libs/taxonomy/scripts/build-onet-titles.mjs)`);
    // The occupation's own O*NET and SOC titles weigh like a title from several sources.
    for (const o of data.onetTitles) add(o.soc, o.title, 4);
    for (const title of this.socTitles.values()) for (const name of socTitleNames(title)) this.heads.add(titleTokens(name).pop() ?? '');
    // A SOC title's name before a qualifier ("Physicians, Pathologists", "Buyers and Purchasing
    // Agents, Farm Products", "Cooks, Restaurant") is the class its siblings share: when another SOC
    // title gives the same name, only the unqualified one ("Purchasing Agents, Except ...",
    // "Physicians, All Other") keeps it; the qualified ones are found by their O*NET titles.
    const qualified = (title: string) => /,/.test(title.replace(/,\s*(except|all other)\b.*$/i, '')) && !/,\s*and\s/i.test(title);
    const namers = new Map<string, Set<string>>();
    for (const [soc, title] of this.socTitles)
      for (const name of socTitleNames(title)) {
        const k = titleTokens(name).join(' ');
        namers.set(k, (namers.get(k) ?? new Set<string>()).add(soc));
      }
    for (const [soc, title] of this.socTitles)
      for (const name of socTitleNames(title)) {
        if (qualified(title) && (namers.get(titleTokens(name).join(' '))?.size ?? 0) > 1) continue;
        add(soc, name, /all other/i.test(title) ? 1 : 6);
      }
    this.onetTitles = data.onetTitles;
    this.buildIndex();
  }

  private buildIndex(): void {
    const n = this.entries.length;
    const lists: number[][] = [];
    this.entries.forEach((e, i) => {
      for (const t of new Set(e.tokens)) {
        let id = this.tokenId.get(t);
        if (id === undefined) {
          id = lists.length;
          this.tokenId.set(t, id);
          lists.push([]);
        }
        lists[id].push(i);
      }
    });
    this.idf2 = new Float64Array(lists.length);
    for (const [t, id] of this.tokenId) {
      const idf = Math.log(1 + n / lists[id].length);
      this.idf.set(t, idf);
      this.idf2[id] = idf ** 2;
      this.lists[id] = Int32Array.from(lists[id]);
    }
    this.unknownIdf2 = Math.log(1 + n) ** 2;
    this.entrySoc = new Int32Array(n);
    this.entryNorm = new Float64Array(n);
    this.entryHead = new Int32Array(n);
    this.entryWeightBonus = new Float64Array(n);
    this.entryPriorBonus = new Float64Array(n);
    this.entries.forEach((e, i) => {
      e.norm = Math.sqrt(e.tokens.reduce((s, t) => s + this.idfOf(t) ** 2, 0));
      this.entrySoc[i] = this.socIndex.get(e.soc)!;
      this.entryNorm[i] = e.norm;
      this.entryHead[i] = this.tokenId.get(e.tokens[e.tokens.length - 1])!;
      this.entryWeightBonus[i] = (0.02 * Math.min(e.weight, 4)) / 4;
      this.entryPriorBonus[i] = 0.02 * (this.prior.get(e.soc) ?? 0);
    });
    this.entryTokStart = new Int32Array(n + 1);
    const toks: number[] = [];
    this.entries.forEach((e, i) => {
      this.entryTokStart[i] = toks.length;
      for (const t of new Set(e.tokens)) toks.push(this.tokenId.get(t)!);
      this.maxBonus = Math.max(this.maxBonus, this.entryWeightBonus[i] + this.entryPriorBonus[i]);
    });
    this.entryTokStart[n] = toks.length;
    this.entryToks = Int32Array.from(toks);
    // Each list written out with its entries' search data, in list order, so that reading a list
    // reads memory in sequence (per entry: index, SOC, head word, word count, word ids in the order
    // of entryToks; and norm, weight bonus, prior bonus), instead of seven scattered arrays per entry.
    let ints = 0;
    for (const list of this.lists) for (let j = 0; j < list.length; j++) ints += 4 + this.entryTokStart[list[j] + 1] - this.entryTokStart[list[j]];
    const pInt = new Int32Array(ints);
    const pNum = new Float64Array(3 * (toks.length));
    this.listInt = new Int32Array(this.lists.length);
    this.listNum = new Int32Array(this.lists.length);
    let c = 0;
    let f = 0;
    for (let id = 0; id < this.lists.length; id++) {
      this.listInt[id] = c;
      this.listNum[id] = f;
      for (const i of this.lists[id]) {
        pInt[c++] = i;
        pInt[c++] = this.entrySoc[i];
        pInt[c++] = this.entryHead[i];
        pInt[c++] = this.entryTokStart[i + 1] - this.entryTokStart[i];
        for (let k = this.entryTokStart[i]; k < this.entryTokStart[i + 1]; k++) pInt[c++] = this.entryToks[k];
        pNum[f++] = this.entryNorm[i];
        pNum[f++] = this.entryWeightBonus[i];
        pNum[f++] = this.entryPriorBonus[i];
      }
    }
    this.pInt = pInt;
    this.pNum = pNum;
    this.qWeight = new Float64Array(lists.length);
    this.stamp = new Int32Array(n);
  }

  private descriptionTokens(): Map<string, Set<string>> {
    if (this.descTokens) return this.descTokens;
    const out = new Map<string, Set<string>>();
    for (const o of this.onetTitles) {
      if (!o.description) continue;
      const set = out.get(o.soc) ?? new Set<string>();
      for (const t of titleTokens(o.description)) set.add(t);
      out.set(o.soc, set);
    }
    return (this.descTokens = out);
  }

  private idfOf(t: string): number {
    return this.idf.get(t) ?? Math.log(1 + this.entries.length);
  }

  /** Forgets cached answers (benchmarks time the uncached path). */
  clearCache(): void {
    this.cache.clear();
    this.readingCache.clear();
    this.clearMatchCache();
  }

  /** SOC 2018 title of a detailed code. */
  socTitle(soc: string): string | undefined {
    return this.socTitles.get(soc);
  }

  /** Codes one posting title (and, when given, its description to break near ties). */
  code(input: string, description?: string): OccupationResult {
    const key = description ? undefined : input;
    if (key !== undefined) {
      const hit = this.cache.get(key);
      if (hit) return hit;
    }
    const r = this.codeUncached(String(input ?? ''), description);
    if (key !== undefined) {
      if (this.cache.size >= CACHE_SIZE) this.cache.clear();
      this.cache.set(key, r);
    }
    return r;
  }

  private codeUncached(input: string, description?: string): OccupationResult {
    const out: OccupationResult = { input, soc: null, title: null, confidence: 0, method: 'none', matched: null, normalized: '', alternatives: [], warnings: [] };
    if (!input.trim()) {
      out.warnings.push('the title is empty');
      return out;
    }

    if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(input)) {
      out.warnings.push(`the title holds binary or unreadable characters: ${JSON.stringify(input.slice(0, 60))}`);
      return out;
    }
    const text = input.length > 300 ? input.slice(0, 300) : input;
    // Candidate readings: the title without its agency suffix, each part of "A - B" or "A / B",
    // and the words in parentheses ("Nurse (Infection Control)").
    const base = SUFFIX_HINT.test(text) ? text.replace(SUFFIX, '') : text;
    const readings = new Map<string, number>([[base, 1]]);
    const addReading = (r: string, f: number) => {
      if (r.trim() && !readings.has(r)) readings.set(r, f);
    };
    // A title that is an O*NET title with a confident exact score (0.95 or more) is decided by that
    // reading alone (rank() stops after it): its parts need not be read ("Sr. Registered Nurse - Nights").
    const baseTokens = titleTokens(base);
    const baseKey = baseTokens.join(' ');
    const decided = baseTokens.length > 0 && this.strongExact(baseKey);
    // "Registered Nurse- Charge Nurse- ICU", "Attorney-Advisor", "Economist/Statistician"
    if (decided) {
      // nothing more to read
    } else if (PART_HINT.test(base)) for (const part of base.split(/\s*[-\u2013\u2014]\s+|\s+[-\u2013\u2014]\s*|\s*[:|]\s*|\s*\/\s*(?=[A-Za-z]{3})/)) addReading(part, 0.92);
    if (!decided && base.includes('-')) for (const part of base.split(/(?<=[A-Za-z]{4})-(?=[A-Za-z]{4})/)) addReading(part, 0.9);
    // the specialty in parentheses joins the title before it, as English puts a modifier:
    // "IT Specialist (Network)" -> "Network IT Specialist", "Social Worker (Medical)" -> "Medical
    // Social Worker" (the title's head word stays last)
    const paren = base.includes('(') ? /\(([^)]*)\)?/.exec(base)?.[1]?.trim() : undefined;
    if (!decided && paren) addReading(`${paren} ${base.replace(/\([^)]*\)?/g, ' ')}`, 0.97);
    const specialty = paren ? this.specialtyTokens(paren, baseTokens) : undefined;
    let normalized = '';
    const tokenReadings: Reading[] = [];
    const seen: [string, number][] = [];
    for (const [reading, factor] of readings) {
      const tokens = reading === base ? baseTokens : titleTokens(reading);
      if (!tokens.length) continue;
      const joined = reading === base ? baseKey : tokens.join(' ');
      if (!normalized) normalized = joined;
      // the same words read before at no lower factor cannot raise any score: "Program Specialist -
      // Nights" reads as "Program Specialist" (and shares its cached answer)
      if (seen.some(([w, f]) => w === joined && f >= factor)) continue;
      seen.push([joined, factor]);
      tokenReadings.push([tokens, factor, joined]);
      // a known title followed by a place or unit: "Licensed Practical Nurse Community Living Center"
      // (not when the words cut off name an occupation themselves: "Physical Therapist Assistant")
      // (end: the length of the first k words joined, a prefix of joined)
      for (let k = tokens.length - 1, end = joined.length; k >= 2; k--) {
        end -= tokens[k].length + 1;
        if (!this.heads.has(tokens[k - 1])) continue;
        const prefix = joined.slice(0, end);
        if (this.exact.has(prefix) && !tokens.slice(k).some((t) => this.heads.has(t))) {
          tokenReadings.push([tokens.slice(0, k), factor * 0.95, prefix]);
          break;
        }
      }
    }
    out.normalized = normalized;
    if (!normalized) {
      out.warnings.push(`the title ${JSON.stringify(input.slice(0, 80))} has no words to code`);
      return out;
    }
    // Everything below depends on the readings alone (and the description): titles that read
    // alike share one answer.
    let coded: Coded | undefined;
    const readingKey = description ? undefined : `${tokenReadings.map(([, f, key]) => `${f}:${key}`).join('|')}${specialty ? `|s:${specialty.join(' ')}` : ''}`;
    if (readingKey !== undefined) coded = this.readingCache.get(readingKey);
    if (!coded) {
      coded = this.rank(tokenReadings, normalized, description);
      // A specialty in parentheses that is itself an O*NET title of an occupation in the same major
      // group names the occupation: "Physician (Radiologist)", "Physician (Psychiatry)",
      // "IT Specialist (SYSADMIN)".
      if (specialty && coded.soc && this.exact.has(specialty.join(' '))) {
        const sc = this.rank([[specialty, 1, specialty.join(' ')]], specialty.join(' '));
        if (sc.soc && sc.method === 'exact' && sc.soc !== coded.soc && sc.soc.slice(0, 2) === coded.soc.slice(0, 2)) {
          coded = { ...sc, confidence: Math.round(0.97 * sc.confidence * 1000) / 1000 };
        }
      }
      // "Supervisory Correctional Officer", "Maintenance Mechanic Supervisor": a supervisor of an
      // occupation whose group has a first-line supervisor code is coded to that code.
      if (coded.soc && (baseTokens.includes('supervisor') || baseTokens.includes('foreman'))) {
        const sup = this.firstLineSupervisor(coded.soc);
        if (sup) coded = { ...coded, soc: sup, title: this.socTitles.get(sup) ?? null };
      }
      if (readingKey !== undefined) {
        if (this.readingCache.size >= CACHE_SIZE) this.readingCache.clear();
        this.readingCache.set(readingKey, coded);
      }
    }
    out.soc = coded.soc;
    out.title = coded.title;
    out.confidence = coded.confidence;
    out.method = coded.method;
    out.matched = coded.matched;
    out.normalized = coded.normalized;
    out.alternatives = coded.alternatives;
    if (coded.why === 'unlike') out.warnings.push(`no O*NET title resembles ${JSON.stringify(input.slice(0, 80))}`);
    if (coded.why === 'unclear')
      out.warnings.push(`no occupation is clear enough for ${JSON.stringify(input.slice(0, 80))} (best ${coded.best} at ${coded.confidence}); left without a SOC`);
    return out;
  }

  /**
   * The first-line supervisor code of an occupation's major group (33, 35, 37, 39, 41, 43, 45, 47,
   * 49, 51, 53): the only one, or the one whose SOC title shares the rarest words with the
   * occupation's ("Correctional Officers and Jailers" -> "First-Line Supervisors of Correctional
   * Officers"); none when no title word is shared, or when the occupation is a supervisor already.
   */
  private firstLineSupervisor(soc: string): string | undefined {
    if (!this.supervisorOf.has(soc)) this.supervisorOf.set(soc, this.findFirstLineSupervisor(soc));
    return this.supervisorOf.get(soc);
  }

  private findFirstLineSupervisor(soc: string): string | undefined {
    if (/^\d\d-1/.test(soc)) return undefined;
    const own = new Set(titleTokens(this.socTitles.get(soc) ?? ''));
    let best: string | undefined;
    let bestScore = 0;
    let count = 0;
    for (const [code, title] of this.socTitles) {
      if (code.slice(0, 2) !== soc.slice(0, 2) || !/^First-Line Supervisors of /i.test(title)) continue;
      count++;
      let score = 0;
      for (const t of new Set(titleTokens(title.replace(/^First-Line Supervisors of /i, '')))) if (own.has(t) && t !== 'worker') score += this.idfOf(t);
      if (score > bestScore) {
        bestScore = score;
        best = code;
      }
      if (count === 1 && !best) best = code;
    }
    if (count === 1) return best;
    return bestScore > 0 ? best : undefined;
  }

  /** The words of a parenthetical specialty, read as an occupation (OPM IT specialties, medical fields as their practitioners). */
  private specialtyTokens(paren: string, baseTokens: string[]): string[] | undefined {
    const it = baseTokens.includes('computer') || (baseTokens.includes('information') && baseTokens.includes('technology'));
    // the first of several: "Anesthesia / Pain Management", "SYSADMIN/NETWORK"
    let text = paren.split(/\s*[/,;]\s*/)[0];
    if (it) {
      const mapped = CUSTOMER_SUPPORT.test(text) ? IT_SPECIALTY.get('custspt') : IT_SPECIALTY.get(text.toLowerCase());
      if (mapped) text = mapped;
    }
    const tokens = titleTokens(text).map(practitioner);
    return tokens.length ? tokens : undefined;
  }

  /** An exact title whose best occupation scores 0.95 or more in match() (see there). */
  private strongExact(key: string): boolean {
    const exact = this.exact.get(key);
    if (!exact) return false;
    let total = 0;
    for (const v of exact) total += this.exactVote(v.soc, v.weight);
    for (const v of exact) if (0.75 + 0.25 * (this.exactVote(v.soc, v.weight) / total) >= 0.95) return true;
    return false;
  }

  /**
   * The weight of one occupation listing an exact title: its sources plus PRIOR_VOTE x its employment prior.
   * A residual "All Other" code gathers several O*NET occupations (15-1299 holds nine), so its
   * sources add up across them and its employment is not the title's: it counts half its sources
   * and no prior, and a named occupation listing the same title is preferred.
   */
  private exactVote(soc: string, n: number): number {
    return this.residual.has(soc) ? n / 2 : n + PRIOR_VOTE * (this.prior.get(soc) ?? 0);
  }

  /** Scores every reading against the index and picks the occupation (or abstains). */
  private rank(tokenReadings: Reading[], normalized: string, description?: string): Coded {
    const coded: Coded = { soc: null, title: null, confidence: 0, method: 'none', matched: null, normalized, alternatives: [], why: null, best: null };
    const { sBest, sEntry, sMatched, sReading, sList } = this;
    try {
      for (let r = 0; r < tokenReadings.length; r++) {
        // a confident exact match of the whole title (0.95 or more) cannot be beaten by a part (at most 0.92)
        if (r > 0) {
          let strong = false;
          for (let k = 0; k < this.sCount && !strong; k++) {
            const soc = sList[k];
            strong = sEntry[soc] < 0 && sBest[soc] >= 0.95;
          }
          if (strong) break;
        }
        const [tokens, factor, key] = tokenReadings[r];
        this.match(tokens, description ? 8 : 4, key);
        for (let k = 0; k < this.mCount; k++) {
          const soc = this.mList[k];
          const s = this.mBest[soc] * factor;
          const prev = sBest[soc];
          if (prev < 0) sList[this.sCount++] = soc;
          if (prev < 0 || s > prev) {
            sBest[soc] = s;
            sEntry[soc] = this.mEntry[soc];
            sMatched[soc] = this.mMatched[soc];
            sReading[soc] = r;
          }
          this.mBest[soc] = -1;
          this.mMatched[soc] = null;
        }
        this.mCount = 0;
      }
      // The best 8 (stable: among equal scores the first found), enough for the description's tie-break and 3 alternatives.
      const top: Ranked[] = [];
      for (let k = 0; k < this.sCount; k++) {
        const soc = sList[k];
        const score = sBest[soc];
        if (top.length === 8 && score <= top[7].score) continue;
        let at = top.length;
        while (at > 0 && top[at - 1].score < score) at--;
        top.splice(at, 0, { soc, score });
        if (top.length > 8) top.pop();
      }
      let ranked = top;
      if (description && ranked.length > 1) {
        const desc = new Set(titleTokens(description.slice(0, 20_000)));
        ranked = ranked
          .map((r) => {
            const occ = this.descriptionTokens().get(this.socList[r.soc]);
            let shared = 0;
            if (occ) for (const t of occ) if (desc.has(t)) shared += this.idfOf(t);
            return { soc: r.soc, score: r.score + Math.min(0.08, shared / 400) };
          })
          .sort((a, b) => b.score - a.score);
      }
      if (!ranked.length) {
        coded.why = 'unlike';
        return coded;
      }
      const [best, second] = ranked;
      const margin = second ? (best.score - second.score) / best.score : 1;
      const confidence = Math.round(Math.min(1, best.score * (0.7 + 0.3 * Math.min(1, margin * 4))) * 1000) / 1000;
      const alt = (r: Ranked): OccupationAlternative => ({
        soc: this.socList[r.soc],
        title: this.socTitles.get(this.socList[r.soc])!,
        confidence: Math.round(Math.min(1, r.score) * 1000) / 1000,
      });
      const bestSoc = this.socList[best.soc];
      coded.confidence = confidence;
      coded.matched = sEntry[best.soc] < 0 ? sMatched[best.soc] : this.entries[sEntry[best.soc]].title;
      coded.normalized = tokenReadings[sReading[best.soc]][2];
      if (confidence >= ABSTAIN_BELOW) {
        coded.soc = bestSoc;
        coded.title = this.socTitles.get(bestSoc) ?? null;
        coded.method = sEntry[best.soc] < 0 ? 'exact' : 'similar';
        coded.alternatives = ranked.slice(1, 4).map(alt);
      } else {
        coded.alternatives = ranked.slice(0, 3).map(alt);
        coded.why = 'unclear';
        coded.best = bestSoc;
      }
      return coded;
    } finally {
      for (let k = 0; k < this.sCount; k++) {
        sBest[sList[k]] = -1;
        sMatched[sList[k]] = null;
      }
      this.sCount = 0;
    }
  }

  /**
   * Scores one reading: fills mList/mBest/mEntry (entry -1 with mMatched for an exact title) with
   * the best score per SOC, in the order the SOCs are first met.
   */
  private match(tokens: string[], keep: number, key: string): void {
    const exact = this.exact.get(key);
    if (exact) {
      // One title under several occupations ("Data Analyst"): the one more sources give, then the larger.
      let total = 0;
      for (const v of exact) total += this.exactVote(v.soc, v.weight);
      for (const v of exact) {
        const i = this.socIndex.get(v.soc)!;
        this.mList[this.mCount++] = i;
        this.mBest[i] = 0.75 + 0.25 * (this.exactVote(v.soc, v.weight) / total);
        this.mEntry[i] = -1;
        this.mMatched[i] = v.title;
      }
      return;
    }
    // The same words are searched again in other titles ("Registered Nurse" as a part of many).
    const cacheKey = keep === 4 ? key : `${key}\u0001${keep}`;
    const hit = this.matchCache.get(cacheKey);
    if (hit !== undefined) {
      const { arenaSoc, arenaScore, arenaEntry } = this;
      for (let j = hit + 1, end = hit + 1 + arenaSoc[hit]; j < end; j++) {
        const soc = arenaSoc[j];
        this.mList[this.mCount++] = soc;
        this.mBest[soc] = arenaScore[j];
        this.mEntry[soc] = arenaEntry[j];
      }
      return;
    }
    const { idf2, lists, pInt, pNum, listInt, listNum, qWeight, stamp, mBest, mEntry, mList } = this;
    let qSum = 0;
    for (const t of tokens) {
      const id = this.tokenId.get(t);
      qSum += id === undefined ? this.unknownIdf2 : idf2[id];
    }
    const qNorm = Math.sqrt(qSum);
    const headId = this.tokenId.get(tokens[tokens.length - 1]) ?? -1;
    // The query's distinct known words, rarest (shortest list) first.
    const ids: number[] = [];
    for (const t of tokens) {
      const id = this.tokenId.get(t);
      if (id !== undefined && qWeight[id] === 0) {
        qWeight[id] = idf2[id];
        ids.push(id);
      }
    }
    ids.sort((a, b) => lists[a].length - lists[b].length || a - b);
    // What the words not yet read could still give an entry holding none of the words read: at most
    // sqrt(sum of their idf squared) / qNorm (Cauchy-Schwarz: the entry's norm is at least the root
    // of the idf squared it shares), times 0.75 unless the query's head word is among them, plus the
    // largest bonus. Once that is below the 8th best occupation so far, the remaining (longer) lists
    // cannot change the best 8, and entries in them already met were scored in full.
    let rest = 0;
    for (const id of ids) rest += idf2[id];
    let headLeft = false;
    for (const id of ids) if (id === headId) headLeft = true;
    const gen = ++this.generation;
    try {
      for (let q = 0; q < ids.length; q++) {
        if (q > 0 && this.mCount >= keep) {
          const bound = (headLeft ? 1 : 0.75) * (Math.sqrt(rest) / qNorm) * 0.92 + this.maxBonus;
          if (bound < this.kthBest(keep)) break;
        }
        const id = ids[q];
        rest -= idf2[id];
        if (id === headId) headLeft = false;
        const len = lists[id].length;
        for (let j = 0, c = listInt[id], f = listNum[id]; j < len; j++, f += 3) {
          const i = pInt[c];
          const words = pInt[c + 3];
          const at = c;
          c += 4 + words;
          if (stamp[i] === gen) continue;
          stamp[i] = gen;
          let dot = 0;
          for (let k = at + 4; k < c; k++) dot += qWeight[pInt[k]];
          let sim = dot / (qNorm * pNum[f]);
          // The head noun (last word) names the occupation: "nurse" in "Infection Control Nurse".
          if (pInt[at + 2] !== headId) sim *= 0.75;
          sim = sim * 0.92 + pNum[f + 1] + pNum[f + 2];
          const soc = pInt[at + 1];
          const prev = mBest[soc];
          if (prev < 0) mList[this.mCount++] = soc;
          if (prev < 0 || sim > prev) {
            mBest[soc] = sim;
            mEntry[soc] = i;
          }
        }
      }
      const n = this.mCount;
      if (this.matchCache.size >= CACHE_SIZE) this.clearMatchCache();
      const at = this.arenaReserve(n + 1);
      const { arenaSoc, arenaScore, arenaEntry } = this;
      arenaSoc[at] = n;
      for (let j = 0; j < n; j++) {
        const soc = mList[j];
        arenaSoc[at + 1 + j] = soc;
        arenaScore[at + 1 + j] = mBest[soc];
        arenaEntry[at + 1 + j] = mEntry[soc];
      }
      this.matchCache.set(cacheKey, at);
    } finally {
      for (const id of ids) qWeight[id] = 0;
      if (this.generation > 2_000_000_000) {
        this.stamp.fill(0);
        this.generation = 0;
      }
    }
  }

  private clearMatchCache(): void {
    this.matchCache.clear();
    this.arenaLen = 0;
  }

  /** The offset of n free slots in the arena: grown by doubling up to ARENA_MAX, then the cache starts over. */
  private arenaReserve(n: number): number {
    if (this.arenaLen + n > this.arenaSoc.length) {
      if (this.arenaLen + n > ARENA_MAX) this.clearMatchCache();
      let size = this.arenaSoc.length;
      while (this.arenaLen + n > size) size *= 2;
      if (size !== this.arenaSoc.length) {
        const soc = new Int32Array(size);
        const entry = new Int32Array(size);
        const score = new Float64Array(size);
        soc.set(this.arenaSoc.subarray(0, this.arenaLen));
        entry.set(this.arenaEntry.subarray(0, this.arenaLen));
        score.set(this.arenaScore.subarray(0, this.arenaLen));
        this.arenaSoc = soc;
        this.arenaEntry = entry;
        this.arenaScore = score;
      }
    }
    const at = this.arenaLen;
    this.arenaLen += n;
    return at;
  }

  /** The k-th highest score in mBest over the occupations met (mCount >= k, k <= 8). */
  private kthBest(k: number): number {
    const top = this.top8;
    let n = 0;
    for (let m = 0; m < this.mCount; m++) {
      const v = this.mBest[this.mList[m]];
      if (n === k && v <= top[k - 1]) continue;
      let at = n < k ? n++ : k - 1;
      while (at > 0 && top[at - 1] < v) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = v;
    }
    return top[k - 1];
  }
}

let shared: OccupationCoder | undefined;

/** The coder over the shipped data, built on first use and shared. */
export function getOccupationCoder(): OccupationCoder {
  shared ??= new OccupationCoder(readOccupationCoderData());
  return shared;
}
