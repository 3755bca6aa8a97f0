import type { CredentialRef, DemoReference, SocRef } from './demo-reference.js';
import { DEMO_END, DEMO_MONTHS, dayInMonth, monthWeights, wageAt } from './demo-postings.js';
import { Rng, WeightedPicker } from './prng.js';

export interface AwardRow {
  sourceKey: string;
  learnerKey: string;
  credentialId: number;
  awardDate: string;
  expiryDate: string | null;
  countyFips: string;
  stateFips: string;
  programCip: string | null;
  ageBand: string;
  sex: string;
  raceEthnicity: string;
  lowIncome: boolean;
}

export interface OutcomeRow {
  learnerKey: string;
  quarter: string;
  employed: boolean;
  wage: number | null;
  naics: string | null;
}

export const AGE_BANDS = ['16-24', '25-34', '35-44', '45-54', '55+'];
const AGE_WEIGHTS = [0.28, 0.34, 0.2, 0.12, 0.06];
export const RACE_ETHNICITY = [
  'White', 'Hispanic or Latino', 'Black or African American', 'Asian', 'Two or more races',
  'American Indian or Alaska Native', 'Native Hawaiian or Other Pacific Islander',
];
const RACE_WEIGHTS = [0.55, 0.2, 0.13, 0.07, 0.03, 0.012, 0.008];
// Share of women among earners, by the SOC major group of the credential's first target occupation.
const FEMALE_SHARE: Record<string, number> = { '29': 0.85, '31': 0.88, '43': 0.72, '39': 0.78, '25': 0.8, '15': 0.25, '17': 0.2, '47': 0.06, '49': 0.05, '51': 0.25, '53': 0.1, '35': 0.5, '13': 0.58, '11': 0.45, '41': 0.5, '33': 0.25, '27': 0.5 };
const TYPE_WEIGHT: Record<string, number> = { certificate: 1.4, certification: 1, 'micro-credential': 1, badge: 0.8, license: 0.8, degree: 0.35 };
// Industries of jobs held before a credential (entry-level work) when no better guess exists.
const ENTRY_NAICS = ['455110', '722513', '493110', '561320', '445110', '722511'];
/** Outcomes run through 2026 Q3: wage records lag a quarter behind the awards. */
export const LAST_OUTCOME_QUARTER = '2026-07-01';

export interface AwardsPlan {
  awards: AwardRow[];
  outcomes: OutcomeRow[];
  /** Learners with a second, stacked credential. */
  stacked: number;
}

/** Generates `count` awards (first awards plus stacked follow-ups) and each learner's quarterly outcomes. */
export function planAwards(ref: DemoReference, count: number, seed: number, industriesOf: (soc: string) => string[]): AwardsPlan {
  const rng = new Rng(seed, 2);
  // awards go to credentials with a target occupation (outcomes and pathways need one); the NJ ETPL
  // industry credentials carry none
  const creds = ref.credentials.filter((c) => c.socs.length > 0);
  if (count > 0 && creds.length === 0) throw new Error('demo data: the credential catalog is not loaded');
  const awards: AwardRow[] = [];
  const outcomes: OutcomeRow[] = [];
  if (count === 0) return { awards, outcomes, stacked: 0 };
  const socByCode = new Map(ref.socs.map((s) => [s.code, s]));
  const demand = (c: CredentialRef) => Math.sqrt(c.socs.reduce((a, s) => a + (socByCode.get(s)?.employment ?? 0), 0) + 1000);
  // the editorial catalog lists the credentials learners earn most; list credentials form the tail
  const weights = creds.map((c) => demand(c) * (TYPE_WEIGHT[c.type] ?? 1) * (c.isMicro ? 1 : 0.7) * (c.editorial ? 1 : 0.15));
  const credPicker = new WeightedPicker(creds, weights);
  const total = weights.reduce((a, b) => a + b, 0);
  const stackShare = creds.reduce((a, c, i) => a + (c.stacksInto.length ? weights[i] : 0), 0) / total;
  // About 15% of learners go on to a credential the first stacks into. Follow-ups falling after the
  // period's end are dropped (about 45% of them, measured), hence the 1.8 factor.
  const pStack = Math.min(0.95, (0.15 * 1.8) / Math.max(stackShare, 0.01));
  const byId = new Map(creds.map((c) => [c.id, c]));
  const countyPicker = new WeightedPicker(ref.counties, ref.counties.map((c) => c.weight));
  const monthPicker = new WeightedPicker(
    Array.from({ length: DEMO_MONTHS }, (_, i) => i),
    monthWeights(0.02),
  );
  const ageP = new WeightedPicker(AGE_BANDS, AGE_WEIGHTS);
  const raceP = new WeightedPicker(RACE_ETHNICITY, RACE_WEIGHTS);
  const endT = Date.parse(DEMO_END);

  let learner = 0;
  let stacked = 0;
  while (awards.length < count) {
    const learnerKey = `lrn-${rng.hex(10)}${(learner++).toString(36)}`;
    const first = credPicker.pick(rng);
    const soc = socByCode.get(first.socs[0]);
    const county = countyPicker.pick(rng);
    const female = FEMALE_SHARE[first.socs[0]?.slice(0, 2) ?? ''] ?? 0.5;
    const person = {
      ageBand: ageP.pick(rng),
      sex: rng.chance(0.01) ? 'unknown' : rng.chance(female) ? 'female' : 'male',
      raceEthnicity: raceP.pick(rng),
      lowIncome: rng.chance(0.35),
    };
    const t1 = dayInMonth(rng, monthPicker.pick(rng));
    const award = (c: CredentialRef, t: number): AwardRow => {
      const cips = ref.cipBySoc.get(c.socs[0]) ?? [];
      const cip = cips.length && (c.type === 'degree' || rng.chance(0.7)) ? rng.pick(cips) : null;
      const expiry = c.validityYears ? t + c.validityYears * 365.25 * 86_400_000 : null;
      return {
        sourceKey: `demo:${seed}:a${awards.length}`,
        learnerKey,
        credentialId: c.id,
        awardDate: isoDate(t),
        expiryDate: expiry === null ? null : isoDate(expiry),
        countyFips: county.fips,
        stateFips: county.stateFips,
        programCip: cip,
        ...person,
      };
    };
    awards.push(award(first, t1));
    if (awards.length < count && first.stacksInto.length && rng.chance(pStack)) {
      const t2 = t1 + rng.range(3, 18) * 30.44 * 86_400_000;
      const next = byId.get(rng.pick(first.stacksInto));
      if (next && t2 <= endT) {
        awards.push(award(next, t2));
        stacked++;
      }
    }
    outcomes.push(...learnerOutcomes(rng, learnerKey, soc, t1, person.lowIncome, soc ? industriesOf(soc.code) : []));
  }
  return { awards, outcomes, stacked };
}

function learnerOutcomes(rng: Rng, learnerKey: string, soc: SocRef | undefined, awardT: number, lowIncome: boolean, industries: string[]): OutcomeRow[] {
  const rows: OutcomeRow[] = [];
  const d = new Date(awardT);
  const q0 = { year: d.getUTCFullYear(), q: Math.floor(d.getUTCMonth() / 3) };
  const wages = soc?.wages ?? [25_000, 30_000, 40_000, 55_000, 70_000];
  // Before: often lower-paid work outside the field; after: a job in the target occupation.
  const before = (wageAt(wages, 0.1) * (0.7 + 0.3 * rng.next())) / 4;
  const after = (wageAt(wages, 0.25 + 0.25 * rng.next())) / 4;
  const pBefore = lowIncome ? 0.52 : 0.64;
  const pAfter = lowIncome ? 0.74 : 0.82;
  const priorNaics = rng.pick(ENTRY_NAICS);
  const newNaics = industries.length ? rng.pick(industries) : priorNaics;
  for (let k = -4; k <= 6; k++) {
    const qi = q0.q + k;
    const year = q0.year + Math.floor(qi / 4);
    const quarter = `${year}-${String(((qi % 4) + 4) % 4 * 3 + 1).padStart(2, '0')}-01`;
    if (quarter > LAST_OUTCOME_QUARTER) break;
    // Employment and wages ramp up over the two quarters after the award.
    const ramp = k <= 0 ? 0 : Math.min(1, k / 2);
    const employed = rng.chance(pBefore + (pAfter - pBefore) * ramp);
    const base = before + (after - before) * ramp;
    const growth = 1 + 0.008 * (k + 4);
    const wage = employed ? Math.round(base * growth * Math.exp(0.12 * rng.normal()) * 100) / 100 : null;
    rows.push({ learnerKey, quarter, employed, wage, naics: employed ? (ramp > 0 && rng.chance(0.8) ? newNaics : priorNaics) : null });
  }
  return rows;
}

const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);
