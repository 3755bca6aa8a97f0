import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignDedupGroups, dedupKey } from '@credpulse/metrics';
import { workspaceRoot } from '../../common/paths.js';
import type { CountyRef, CredentialRef, DemoReference, SkillRef, SocRef } from './demo-reference.js';
import { Rng, WeightedPicker } from './prng.js';

// The demo period: 26 months ending October 2026.
export const DEMO_START = { year: 2024, month: 9 };
export const DEMO_MONTHS = 26;
export const DEMO_END = '2026-10-31';

export const MENTION = { required: 1, preferred: 2, inLieu: 3 } as const;
export type MentionLevel = 1 | 2 | 3;

/** A posting as generated; `id` is assigned when it is written. */
export interface PostingPlan {
  sourceKey: string;
  index: number;
  soc: SocRef;
  title: string;
  employer: string;
  naics: string | null;
  county: CountyRef;
  countyFips: string | null;
  posted: string;
  expires: string;
  remote: boolean;
  salary: { min: number; max: number; unit: 'hour' | 'year'; annual: number } | null;
  degree: 0 | 1 | 2 | 3 | 4;
  inLieu: boolean;
  skills: { skill: SkillRef; level: MentionLevel }[];
  credentials: { credential: CredentialRef; level: MentionLevel; shown: string }[];
  /** credentials the catalog lacks, named "<name> certification" (UNLISTED_CREDENTIALS) */
  unlisted: { name: string; level: 1 | 2 }[];
  /** Render seed for the description's wording. */
  textSeed: number;
  dedupGroup: string;
  duplicate: boolean;
}

// Hiring seasonality by calendar month (January high, December low) and a steady upward trend.
const SEASON = [1.12, 1.08, 1.1, 1.05, 1.02, 0.98, 0.95, 1.0, 1.04, 1.02, 0.9, 0.78];
const monthOf = (i: number) => {
  const m0 = DEMO_START.month - 1 + i;
  return { year: DEMO_START.year + Math.floor(m0 / 12), month: (m0 % 12) + 1 };
};
export const monthWeights = (trendPerMonth: number) =>
  Array.from({ length: DEMO_MONTHS }, (_, i) => SEASON[monthOf(i).month - 1] * (1 + trendPerMonth * i));

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
export const dayInMonth = (rng: Rng, i: number): number => {
  const { year, month } = monthOf(i);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Date.UTC(year, month - 1, 1 + rng.int(days));
};
const END_T = Date.parse(DEMO_END);

// Plausible industries (NAICS 2022, 6-digit) by SOC major group, with a few occupation overrides.
const NAICS_BY_MAJOR: Record<string, string[]> = {
  '11': ['551114', '541611', '522110', '236220', '622110', '541511'],
  '13': ['541211', '541611', '522110', '524126', '551114', '921190'],
  '15': ['541511', '541512', '518210', '513210', '522110', '524114'],
  '17': ['541330', '336411', '541310', '333249'],
  '19': ['541715', '325412', '541380'],
  '21': ['624190', '813110', '621420'],
  '23': ['541110', '921110'],
  '25': ['611110', '611310', '624410'],
  '27': ['541430', '516120', '541810', '513110'],
  '29': ['622110', '621111', '623110', '621610', '456110'],
  '31': ['623110', '621610', '622110', '621111', '624120'],
  '33': ['561612', '922120', '922160'],
  '35': ['722511', '722513', '722310', '721110'],
  '37': ['561720', '561730', '721110'],
  '39': ['624410', '713940', '812112', '623312'],
  '41': ['455110', '445110', '423430', '441110', '531210'],
  '43': ['524210', '561110', '522110', '621111', '551114', '561422'],
  '45': ['111998', '112111', '113310'],
  '47': ['236220', '238210', '237310', '236118', '238220'],
  '49': ['811111', '238220', '811310', '484121'],
  '51': ['332710', '336390', '311612', '333249', '326199', '332312'],
  '53': ['484121', '493110', '492110', '485410', '424410'],
};
const NAICS_BY_SOC: Record<string, string[]> = {
  '11-9051': ['722511', '722513', '721110'],
  '11-9021': ['236220', '236118', '237310'],
  '29-2052': ['456110', '622110'],
  '41-9022': ['531210'],
  '41-9021': ['531210'],
  '49-9021': ['238220'],
  '49-3023': ['811111', '441110'],
  '53-3032': ['484121', '484110', '493110', '424410'],
  '29-2042': ['621910', '922160'],
  '29-2043': ['621910', '922160'],
};

const PLACES = [
  'Summit', 'Riverbend', 'Blue Ridge', 'Lakeshore', 'Keystone', 'Prairie', 'Harbor', 'Granite', 'Evergreen', 'Pioneer',
  'Cedar', 'Liberty', 'Northstar', 'Silver Creek', 'Redwood', 'Ironwood', 'Meridian', 'Bayview', 'Heartland', 'Copper',
  'Sunrise', 'Oak Valley', 'Clearwater', 'Frontier', 'Magnolia', 'Highland', 'Crescent', 'Beacon', 'Canyon', 'Maple',
  'Stonebridge', 'Willow', 'Tri-County', 'Great Plains', 'Coastal', 'Pinecrest', 'Riverside', 'Union', 'Westfield', 'Eastgate',
];
const NOUNS: Record<string, string[]> = {
  '62': ['Health', 'Medical Center', 'Regional Hospital', 'Care Partners', 'Family Clinic', 'Senior Living', 'Home Care', 'Pharmacy'],
  '54': ['Consulting', 'Technologies', 'Solutions', 'Partners', 'Analytics', 'Engineering'],
  '51': ['Software', 'Data Systems', 'Cloud', 'Digital', 'Networks', 'Media'],
  '52': ['Bank', 'Financial', 'Credit Union', 'Insurance', 'Capital'],
  '72': ['Grill', 'Kitchen', 'Hospitality', 'Diner', 'Hotels', 'Restaurant Group'],
  '48': ['Logistics', 'Freight', 'Transport', 'Distribution', 'Carriers'],
  '49': ['Logistics', 'Distribution', 'Fulfillment', 'Warehousing'],
  '23': ['Builders', 'Construction', 'Contractors', 'Electric', 'Mechanical'],
  '31': ['Manufacturing', 'Industries', 'Fabrication', 'Components', 'Foods'],
  '44': ['Market', 'Stores', 'Supply', 'Outfitters', 'Motors'],
  '61': ['Academy', 'College', 'Learning Center', 'School District'],
  '81': ['Auto Service', 'Repair', 'Services'],
  '92': ['County', 'City Services', 'Public Safety'],
  '56': ['Staffing', 'Services', 'Facility Services', 'Security'],
};
const SUFFIX = ['', '', ' Inc.', ' LLC', ' Group', ' Co.'];
const nounKey = (naics: string | null): string => {
  const two = naics?.slice(0, 2) ?? '54';
  if (two === '32' || two === '33') return '31';
  if (two === '45') return '44';
  if (two === '55' || two === '53' || two === '42' || two === '71' || two === '11' || two === '21' || two === '22') return '54';
  return NOUNS[two] ? two : '54';
};

const REMOTE_MAJORS = new Set(['15', '13', '27']);

/**
 * Credentials the catalog lacks, by SOC major group, most named first: real certifications and
 * trainings employers ask for that no list the product loads holds (checked against the whole
 * catalog by tests/integration/demo-data.spec.ts). Demo postings name them as "<name>
 * certification" so that the admin view "Credentials employers name that the catalog lacks" has
 * something to list, as real postings would.
 */
export const UNLISTED_CREDENTIALS: Record<string, string[]> = {
  '11': ['Prosci Change Management', 'Kanban System Design', 'Lean Bronze'],
  '13': ['SAP FICO', 'Workday Pro HCM', 'Xero Advisor'],
  '15': ['Snowflake SnowPro Core', 'MongoDB Associate Developer', 'Looker LookML Developer'],
  '17': ['SolidWorks CSWA', 'Six Sigma Yellow Belt'],
  '21': ['Mental Health First Aid', 'QPR Gatekeeper', 'Trauma-Informed Care'],
  '25': ['Mental Health First Aid', 'Crisis Prevention Institute'],
  '29': ['NIH Stroke Scale', 'Wound Care', 'Chemotherapy Biotherapy Provider'],
  '31': ['Bloodborne Pathogens', 'Dialysis Technician', 'Mental Health First Aid'],
  '33': ['Armed Guard', 'OC Spray'],
  '35': ['TIPS Alcohol Server', 'Allergen Awareness'],
  '37': ['Bloodborne Pathogens', 'Lockout Tagout'],
  '39': ['Mental Health First Aid', 'Pet CPR'],
  '43': ['Notary Public'],
  '47': ['Scaffold Competent Person', 'Confined Space Entry', 'Rigging and Signaling', 'Skid Steer Operator'],
  '49': ['Universal R-410A', 'Lockout Tagout', 'Allen-Bradley PLC'],
  '51': ['Six Sigma Yellow Belt', 'SQF Practitioner', 'IPC J-STD-001'],
  '53': ['Reach Truck Operator', 'Order Picker'],
};

/** Plausible industries (NAICS codes present in the loaded NAICS table) employing an occupation. */
export function socIndustries(ref: DemoReference, soc: string): string[] {
  return (NAICS_BY_SOC[soc] ?? NAICS_BY_MAJOR[soc.slice(0, 2)] ?? []).filter((c) => ref.naics.has(c));
}

interface Employer {
  name: string;
  naics: string | null;
}

/** Builds the plan (everything but the description text) for `count` postings. */
export function planPostings(ref: DemoReference, count: number, seed: number): PostingPlan[] {
  const rng = new Rng(seed, 1);
  const titles = postingTitles();
  // SOCs with catalog credentials weigh more so that recognition metrics have something to show.
  const socs = ref.socs.filter((s) => (titles.get(s.code)?.length ?? 0) > 0 || !/All Other/i.test(s.title));
  const socPicker = new WeightedPicker(socs, socs.map((s) => s.employment * (s.credentials.length > 0 ? 3 : 1)));
  const countyPicker = new WeightedPicker(ref.counties, ref.counties.map((c) => c.weight));
  const months = monthWeights(0.01);
  const monthTotal = months.reduce((a, b) => a + b, 0);
  const naicsFor = new Map<string, string[]>();
  const industries = (soc: SocRef): string[] => {
    let list = naicsFor.get(soc.code);
    if (!list) {
      list = socIndustries(ref, soc.code);
      naicsFor.set(soc.code, list);
    }
    return list;
  };
  const employers = new Map<string, { list: Employer[]; picker: WeightedPicker<Employer> }>();
  const employerFor = (state: string, naics: string | null): Employer => {
    const key = `${state}|${naics}`;
    let pool = employers.get(key);
    if (!pool) {
      const n = 8;
      const nouns = NOUNS[nounKey(naics)];
      const list: Employer[] = [];
      const seen = new Set<string>();
      while (list.length < n) {
        const name = `${rng.pick(PLACES)} ${rng.pick(nouns)}${rng.pick(SUFFIX)}`;
        if (seen.has(name)) continue;
        seen.add(name);
        list.push({ name, naics });
      }
      pool = { list, picker: new WeightedPicker(list, list.map((_, i) => 1 / (i + 1))) };
      employers.set(key, pool);
    }
    return pool.picker.pick(rng);
  };

  // credentials the catalog lacks come from a stream of their own: the rest of the plan is as before
  const rngUnlisted = new Rng(seed, 3);
  const plans: PostingPlan[] = [];
  const recent: PostingPlan[] = [];
  let index = 0;
  for (let m = 0; m < DEMO_MONTHS; m++) {
    // Exact counts per month (largest remainder) so totals always add up to `count`.
    const target = Math.round((count * months.slice(0, m + 1).reduce((a, b) => a + b, 0)) / monthTotal);
    const t = m / (DEMO_MONTHS - 1);
    while (index < target) {
      const sourceKey = `demo:${seed}:p${index}`;
      // ~3% near-duplicate reposts of a recent posting: same employer, title and county.
      if (recent.length > 50 && rng.chance(0.03)) {
        const orig = rng.pick(recent);
        const posted = Date.parse(orig.posted) + rng.range(5, 50) * DAY;
        if (posted <= END_T) {
          const urgent = rng.chance(0.3);
          plans.push({
            ...orig,
            sourceKey,
            index,
            title: urgent ? `${orig.title} - Hiring Immediately` : orig.title,
            posted: iso(posted),
            expires: iso(posted + rng.range(14, 60) * DAY),
            textSeed: orig.textSeed,
            dedupGroup: '',
            duplicate: false,
          });
          index++;
          continue;
        }
      }
      const plan = planOne(rng, ref, socPicker.pick(rng), countyPicker, m, t, titles, industries, employerFor, sourceKey, index);
      plan.unlisted = planUnlisted(rngUnlisted, plan.soc.code, t);
      plans.push(plan);
      recent.push(plan);
      if (recent.length > 400) recent.splice(0, recent.length - 400);
      index++;
    }
  }

  // Dedup groups exactly as the metrics define them (employer + normalised title + region, 60 days).
  const groups = assignDedupGroups(plans.map((p) => ({ id: p.sourceKey, key: dedupKey(p.employer, p.title, p.countyFips ?? p.county.stateFips), posted: p.posted })));
  const byKey = new Map(plans.map((p) => [p.sourceKey, p]));
  for (const g of groups) {
    const p = byKey.get(g.id) as PostingPlan;
    p.dedupGroup = g.group;
    p.duplicate = g.duplicate;
  }
  return plans;
}

function planOne(
  rng: Rng,
  ref: DemoReference,
  soc: SocRef,
  countyPicker: WeightedPicker<CountyRef>,
  m: number,
  t: number,
  titles: Map<string, string[]>,
  industries: (soc: SocRef) => string[],
  employerFor: (state: string, naics: string | null) => Employer,
  sourceKey: string,
  index: number,
): PostingPlan {
  const county = countyPicker.pick(rng);
  const naicsList = industries(soc);
  const naics = naicsList.length ? naicsList[Math.min(naicsList.length - 1, Math.floor(rng.next() ** 1.6 * naicsList.length))] : null;
  const employer = employerFor(county.stateFips, naics);
  const titleList = titles.get(soc.code) ?? [singular(soc.title)];
  const title = titleList[Math.min(titleList.length - 1, Math.floor(rng.next() ** 2 * titleList.length))];
  const posted = dayInMonth(rng, m);
  const remote = rng.chance(REMOTE_MAJORS.has(soc.code.slice(0, 2)) ? 0.12 : 0.01);

  // Degree by O*NET job zone; bachelor's requirements fade slowly (skills-first hiring).
  let degree = degreeFor(rng, soc.jobZone);
  if (degree >= 3 && rng.chance(0.14 * t)) degree = 0;
  const inLieuClause = degree >= 2 && rng.chance(0.1 + 0.15 * t);

  // Skills: the occupation's O*NET technology skills, hot ones more often.
  const skillPicker = skillPickerFor(soc);
  const k = Math.min(skillPicker?.items.length ?? 0, rng.range(3, 7));
  const chosen = new Map<string, SkillRef>();
  for (let tries = 0; skillPicker && chosen.size < k && tries < k * 6; tries++) {
    const s = skillPicker.pick(rng);
    chosen.set(s.id, s);
  }
  const skills = [...chosen.values()].map((skill, i) => ({ skill, level: (i < Math.ceil(chosen.size * 0.6) ? 1 : 2) as MentionLevel }));

  // Credentials: named more often as the period goes on.
  const credentials: PostingPlan['credentials'] = [];
  if (soc.credentials.length && rng.chance(0.45 + 0.15 * t)) {
    const n = soc.credentials.length > 1 && rng.chance(0.3) ? 2 : 1;
    for (const c of rng.sample(soc.credentials, n)) {
      let level: MentionLevel;
      if (c.type === 'license') level = rng.chance(0.85) ? 1 : 2;
      else {
        const u = rng.next();
        level = u < 0.35 ? 1 : u < 0.85 || degree < 2 ? 2 : 3;
      }
      const shown = c.shortNames.length && rng.chance(0.5) ? rng.pick(c.shortNames) : c.name;
      credentials.push({ credential: c, level, shown });
    }
  }
  const inLieu = inLieuClause || credentials.some((c) => c.level === 3);

  let salary: PostingPlan['salary'] = null;
  if (rng.chance(0.75)) {
    const u = 0.1 + 0.7 * ((rng.next() + rng.next()) / 2);
    const v = Math.min(0.9, u + 0.05 + 0.15 * rng.next());
    const lo = wageAt(soc.wages, u);
    const hi = wageAt(soc.wages, v);
    if (soc.wages[2] < 50_000) {
      const min = Math.round((lo / 2080) * 4) / 4;
      const max = Math.max(min, Math.round((hi / 2080) * 4) / 4);
      salary = { min, max, unit: 'hour', annual: Math.round(((min + max) / 2) * 2080) };
    } else {
      const min = Math.round(lo / 500) * 500;
      const max = Math.max(min, Math.round(hi / 500) * 500);
      salary = { min, max, unit: 'year', annual: Math.round((min + max) / 2) };
    }
  }
  const stateOnly = rng.chance(0.04);
  return {
    sourceKey,
    index,
    soc,
    title,
    employer: employer.name,
    naics,
    county,
    countyFips: stateOnly ? null : county.fips,
    posted: iso(posted),
    expires: iso(posted + rng.range(14, 60) * DAY),
    remote,
    salary,
    degree,
    inLieu,
    skills,
    credentials,
    unlisted: [],
    textSeed: rng.u32(),
    dedupGroup: '',
    duplicate: false,
  };
}

const unlistedPickers = new Map<string, WeightedPicker<string> | null>();
/** About 6% of postings (rising to 10% by the end of the period) name one credential the catalog lacks; Zipf-like popularity. */
function planUnlisted(rng: Rng, soc: string, t: number): PostingPlan['unlisted'] {
  const major = soc.slice(0, 2);
  let picker = unlistedPickers.get(major);
  if (picker === undefined) {
    const names = UNLISTED_CREDENTIALS[major] ?? [];
    picker = names.length ? new WeightedPicker(names, names.map((_, i) => 1 / (i + 1))) : null;
    unlistedPickers.set(major, picker);
  }
  const u = rng.next();
  const v = rng.next();
  if (!picker || u >= 0.06 + 0.04 * t) return [];
  return [{ name: picker.pick(rng), level: v < 0.4 ? 1 : 2 }];
}

const skillPickers = new WeakMap<SocRef, WeightedPicker<SkillRef> | null>();
function skillPickerFor(soc: SocRef): WeightedPicker<SkillRef> | null {
  let picker = skillPickers.get(soc);
  if (picker === undefined) {
    const pool = soc.skills.length ? soc.skills : dedupeSkills(soc.credentials.flatMap((c) => c.skills));
    picker = pool.length ? new WeightedPicker(pool, pool.map((s) => (s.hot ? 3 : 1))) : null;
    skillPickers.set(soc, picker);
  }
  return picker;
}

function degreeFor(rng: Rng, zone: number): 0 | 1 | 2 | 3 | 4 {
  const table: Record<number, number[]> = {
    1: [0.85, 0.15, 0, 0, 0],
    2: [0.35, 0.6, 0.05, 0, 0],
    3: [0.05, 0.4, 0.35, 0.2, 0],
    4: [0.05, 0.05, 0.1, 0.75, 0.05],
    5: [0.05, 0, 0, 0.5, 0.45],
  };
  const p = table[Math.max(1, Math.min(5, zone))];
  let u = rng.next();
  for (let i = 0; i < p.length; i++) {
    if (u < p[i]) return i as 0 | 1 | 2 | 3 | 4;
    u -= p[i];
  }
  return 0;
}

/** Annual wage at percentile u (0.1..0.9), interpolated between the OEWS percentiles. */
export function wageAt(w: SocRef['wages'], u: number): number {
  const ps = [0.1, 0.25, 0.5, 0.75, 0.9];
  for (let i = 1; i < ps.length; i++) {
    if (u <= ps[i]) return w[i - 1] + ((u - ps[i - 1]) / (ps[i] - ps[i - 1])) * (w[i] - w[i - 1]);
  }
  return w[4];
}

function dedupeSkills(list: SkillRef[]): SkillRef[] {
  const seen = new Map<string, SkillRef>();
  for (const s of list) seen.set(s.id, s);
  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function singular(title: string): string {
  const head = title.split(',')[0];
  return head.replace(/ies$/, 'y').replace(/(ss|x|ch|sh)es$/, '$1').replace(/([^s])s$/, '$1');
}

let titlesCache: Map<string, string[]> | undefined;
/** Job titles by SOC from O*NET alternate titles (apps/api/src/modules/demo/data/posting-titles.csv). */
export function postingTitles(): Map<string, string[]> {
  if (titlesCache) return titlesCache;
  const file = join(workspaceRoot, 'apps/api/src/modules/demo/data/posting-titles.csv');
  const out = new Map<string, string[]>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const comma = line.indexOf(',');
    const soc = line.slice(0, comma);
    let title = line.slice(comma + 1);
    if (title.startsWith('"')) title = title.slice(1, -1).replace(/""/g, '"');
    out.set(soc, [...(out.get(soc) ?? []), title]);
  }
  titlesCache = out;
  return out;
}

// ---- Description text ------------------------------------------------------------------------

const DEGREE_TEXT = ['', 'High school diploma or GED.', "Associate degree.", "Bachelor's degree in a related field.", "Master's degree or higher in a related field."];
const BENEFITS = [
  'Benefits include medical, dental and vision coverage, paid time off, and a 401(k) with company match.',
  'We offer health insurance, paid holidays, tuition assistance and opportunities to grow your career.',
  'Full benefits package: health, dental, vision, life insurance, PTO and retirement plan.',
  'Competitive pay, flexible scheduling, paid training and an employee assistance program.',
];
const CLOSING = [
  'We are an equal opportunity employer and value diversity at our company.',
  'All qualified applicants will receive consideration for employment without regard to race, color, religion, sex, national origin, disability or veteran status.',
  'Apply today to join a team that invests in its people.',
];

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const money = (n: number, unit: 'hour' | 'year') =>
  unit === 'hour' ? `$${n.toFixed(2)}` : `$${Math.round(n).toLocaleString('en-US')}`;

/**
 * The posting's description. Each mention is stated on a line whose phrasing gives its level:
 * required ("Requirements: ... must have", "Required:", "Must have:"), preferred ("Preferred:",
 * "Nice to have:", "... is a plus") or accepted in lieu of a degree.
 */
export function renderDescription(p: PostingPlan): string {
  const rng = new Rng(p.textSeed, p.index);
  const where = p.remote ? `remote (based in ${p.county.usps})` : p.countyFips ? `${p.county.name}, ${p.county.usps}` : p.county.usps;
  const lines: string[] = [];
  lines.push(`${p.employer} is hiring a ${p.title} (${where}).`);
  if (p.soc.definition) lines.push(`About the role: ${clip(p.soc.definition, 420)}`);
  const reqSkills = p.skills.filter((s) => s.level === 1).map((s) => s.skill.name);
  const prefSkills = p.skills.filter((s) => s.level === 2).map((s) => s.skill.name);
  const reqCreds = p.credentials.filter((c) => c.level === 1).map((c) => c.shown);
  const prefCreds = p.credentials.filter((c) => c.level === 2).map((c) => c.shown);
  const lieuCreds = p.credentials.filter((c) => c.level === 3).map((c) => c.shown);

  if (p.degree > 0) lines.push(`Education: ${DEGREE_TEXT[p.degree]}${p.inLieu ? ' Or equivalent experience in lieu of a degree.' : ''}`);
  else lines.push(rng.chance(0.5) ? 'No degree required.' : 'Education: no degree requirement; we hire for skills.');
  if (reqSkills.length || reqCreds.length) {
    const items = [...reqSkills.map((s) => `experience with ${s}`), ...reqCreds.map((c) => `a current ${c} certification`)];
    const form = rng.int(3);
    lines.push(form === 0 ? `Requirements: must have ${list(items)}.` : form === 1 ? `Required: ${list(items)}.` : `Must have: ${list(items)}.`);
  }
  if (prefSkills.length || prefCreds.length) {
    const items = [...prefSkills, ...prefCreds];
    const form = rng.int(3);
    lines.push(form === 0 ? `Preferred: ${list(items)}.` : form === 1 ? `Nice to have: ${list(items)}.` : `${list(items)} is a plus.`);
  }
  if (lieuCreds.length) lines.push(`${list(lieuCreds)} accepted in lieu of a degree.`);
  // on a line of their own, so the phrase is the credential's name alone
  for (const u of p.unlisted) lines.push(u.level === 1 ? `A current ${u.name} certification is also required.` : `${u.name} certification is a plus.`);
  if (p.salary) {
    const s = p.salary;
    lines.push(s.min === s.max ? `Pay: ${money(s.min, s.unit)} per ${s.unit}.` : `Pay range: ${money(s.min, s.unit)} - ${money(s.max, s.unit)} per ${s.unit}.`);
  }
  lines.push(rng.pick(BENEFITS));
  lines.push(rng.pick(CLOSING));
  return lines.join('\n');
}

// The SOC definition without its classification notes ("Excludes ...", "(35-3031)"), clipped at a sentence.
function clip(definition: string, max: number): string {
  const sentences = definition.split(/(?<=\.)\s+/).filter((x) => !/\(\d{2}-\d{4}\)|^(Excludes|Includes)\b|\b(are|is) (included|classified) in\b/i.test(x));
  const text = sentences.join(' ').trim() || definition;
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('. ', max);
  return cut > 80 ? text.slice(0, cut + 1) : `${text.slice(0, max).replace(/\s+\S*$/, '')}...`;
}
