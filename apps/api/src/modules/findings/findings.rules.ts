import type { Finding, FindingPeriod, FindingRule, OmittedFinding, ProgramDemandRow, RecognitionRow, SkillGapRow } from '@credpulse/contracts';

// Key findings: fixed rules over the figures the API publishes, each written from a template with
// its number, period and comparison (docs/methodology.md, "Key findings"). Pure: the service
// gathers the figures, these functions choose and word them.

/** The minimums a finding's sample must reach (docs/methodology.md). */
export const FINDING_MINIMUMS = {
  /** Unique postings behind a share or a count, in each compared period. */
  postings: 100,
  /** Postings naming a skill for a gap finding. */
  skillDemand: 50,
  /** Complete months in the period for change findings (split into two halves of at least 3). */
  months: 6,
} as const;

export type RuleResult = { finding: Finding } | { omitted: OmittedFinding };

export interface Halves {
  earlier: FindingPeriod;
  later: FindingPeriod;
}

export interface Place {
  region: string;
  /** As it reads in a sentence ("the United States", "California"). */
  regionName: string;
  /** The nation is not compared with itself. */
  isNation: boolean;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const signed = (x: number, digits = 1) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
// CIP titles end with a period ("Business Administration and Management, General.")
const title = (t: string) => t.replace(/\.$/, '');
const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);
const span = (p: FindingPeriod) => (p.from === p.to ? p.from : `${p.from} to ${p.to}`);
const omit = (rule: FindingRule, reason: string): RuleResult => ({ omitted: { rule, reason } });
const q = (region: string, p: FindingPeriod, extra: Record<string, string> = {}) => ({ region, from: p.from, to: p.to, ...extra });

/** The complete months of the period split into two equal halves (the middle month dropped when odd). */
export function halvesOf(completeMonths: string[]): Halves | null {
  if (completeMonths.length < FINDING_MINIMUMS.months) return null;
  const n = Math.floor(completeMonths.length / 2);
  return {
    earlier: { from: completeMonths[0], to: completeMonths[n - 1] },
    later: { from: completeMonths[completeMonths.length - n], to: completeMonths[completeMonths.length - 1] },
  };
}

/** postings-growth: unique postings in the later half against the earlier half, beside the nation's change. */
export function postingsGrowth(place: Place, h: Halves | null, region: { earlier: number; later: number }, nation: { earlier: number; later: number } | null): RuleResult {
  if (!h) return omit('postings-growth', `fewer than ${FINDING_MINIMUMS.months} complete months of data in the period`);
  if (region.earlier < FINDING_MINIMUMS.postings || region.later < FINDING_MINIMUMS.postings) return omit('postings-growth', `fewer than ${FINDING_MINIMUMS.postings} unique postings in a half of the period`);
  const change = ((region.later - region.earlier) / region.earlier) * 100;
  const nat = nation && !place.isNation && nation.earlier > 0 ? ((nation.later - nation.earlier) / nation.earlier) * 100 : null;
  const verb = change >= 0 ? 'rose' : 'fell';
  return {
    finding: {
      rule: 'postings-growth',
      headline: `Job postings ${verb} ${Math.abs(r1(change)).toFixed(1)}%${nat !== null ? ` (nation ${signed(nat)}%)` : ''}`,
      text:
        `Unique job postings in ${place.regionName} ${verb} ${Math.abs(r1(change)).toFixed(1)}%, from ${int(region.earlier)} in ${span(h.earlier)} to ${int(region.later)} in ${span(h.later)}` +
        (nat !== null ? `; nationally they ${nat >= 0 ? 'rose' : 'fell'} ${Math.abs(nat).toFixed(1)}% over the same months.` : '.'),
      value: r1(change),
      unit: 'percent',
      period: h.later,
      comparison: nat !== null ? { label: 'nation, same months', value: r1(nat), period: h.later } : { label: 'earlier half', value: region.earlier, period: h.earlier },
      subject: { kind: 'region', key: place.region, label: place.regionName },
      section: 'Trends: the region beside the nation',
      source: { endpoint: 'postings', query: q(place.region, h.later) },
    },
  };
}

export interface RecognitionChange {
  key: string;
  label: string;
  earlier: number;
  later: number;
  postingsEarlier: number;
  postingsLater: number;
}

/** Credentials with a rate in both halves and enough target-SOC postings in each, by change (points). */
export function recognitionChanges(earlier: RecognitionRow[], later: RecognitionRow[]): RecognitionChange[] {
  const before = new Map(earlier.filter((r) => r.key !== 'any').map((r) => [r.key, r]));
  const out: RecognitionChange[] = [];
  for (const r of later) {
    const b = before.get(r.key);
    if (!b || r.key === 'any' || r.rates.any === null || b.rates.any === null) continue;
    if (r.postings < FINDING_MINIMUMS.postings || b.postings < FINDING_MINIMUMS.postings) continue;
    out.push({ key: r.key, label: r.label, earlier: b.rates.any, later: r.rates.any, postingsEarlier: b.postings, postingsLater: r.postings });
  }
  return out.sort((a, b) => b.later - b.earlier - (a.later - a.earlier) || a.label.localeCompare(b.label));
}

/** recognition-rise / recognition-fall: the credential whose recognition rate moved most up / down between the halves. */
export function recognitionMove(place: Place, h: Halves | null, changes: RecognitionChange[], dir: 'rise' | 'fall'): RuleResult {
  const rule = dir === 'rise' ? 'recognition-rise' : 'recognition-fall';
  if (!h) return omit(rule, `fewer than ${FINDING_MINIMUMS.months} complete months of data in the period`);
  const pick = dir === 'rise' ? changes.find((c) => c.later > c.earlier) : [...changes].reverse().find((c) => c.later < c.earlier);
  if (!pick) return omit(rule, changes.length ? `no credential's recognition ${dir === 'rise' ? 'rose' : 'fell'}` : `no credential had ${FINDING_MINIMUMS.postings}+ postings in its target occupations in both halves`);
  const pts = (pick.later - pick.earlier) * 100;
  return {
    finding: {
      rule,
      headline: `Recognition ${dir === 'rise' ? 'grew' : 'fell'} most: ${pick.label}`,
      text: `${pick.label} was named in ${pct(pick.later)} of postings in its target occupations in ${span(h.later)}, ${dir === 'rise' ? 'up' : 'down'} ${Math.abs(pts).toFixed(1)} points from ${pct(pick.earlier)} in ${span(h.earlier)} (${int(pick.postingsLater)} and ${int(pick.postingsEarlier)} postings).`,
      value: r1(pts),
      unit: 'points',
      period: h.later,
      comparison: { label: 'earlier half', value: pick.earlier, period: h.earlier },
      subject: { kind: 'credential', key: pick.key, label: pick.label },
      section: 'Recognition over the period',
      source: { endpoint: 'recognition', query: q(place.region, h.later, { groupBy: 'credential', credential: pick.key }) },
    },
  };
}

export interface IndustryNaming {
  naics: string;
  label: string;
  postings: number;
  naming: number;
  rate: number | null;
}

/** Industry rows of recognition (groupBy naics2) as naming shares, highest first; unknown sector left out. */
export function industryNaming(rows: RecognitionRow[]): IndustryNaming[] {
  return rows
    .filter((r) => r.key !== '--')
    .map((r) => ({ naics: r.key, label: r.label, postings: r.postings, naming: r.naming.any, rate: r.rates.any }))
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.postings - a.postings || a.naics.localeCompare(b.naics));
}

/** industry-naming: the sectors whose postings name a micro-credential most often, against all postings. */
export function industryNamingFinding(place: Place, period: FindingPeriod, rows: RecognitionRow[]): RuleResult {
  const all = rows.reduce((s, r) => s + r.postings, 0);
  const named = rows.reduce((s, r) => s + r.naming.any, 0);
  const eligible = industryNaming(rows).filter((r) => r.postings >= FINDING_MINIMUMS.postings && r.rate !== null);
  if (!eligible.length) return omit('industry-naming', `no industry had ${FINDING_MINIMUMS.postings}+ unique postings`);
  const [top, ...rest] = eligible;
  const overall = all > 0 ? named / all : null;
  const next = rest.slice(0, 2).map((r) => `${r.label} (${pct(r.rate!)})`);
  return {
    finding: {
      rule: 'industry-naming',
      headline: `Micro-credentials named most in ${top.label}`,
      text:
        `${pct(top.rate!)} of ${top.label} postings in ${place.regionName} named a micro-credential in ${span(period)} (${int(top.naming)} of ${int(top.postings)}), against ${overall === null ? 'n/a' : pct(overall)} across all industries` +
        (next.length ? `; next: ${next.join(' and ')}.` : '.'),
      value: top.rate!,
      unit: 'share',
      period,
      comparison: { label: 'all industries', value: r4(overall) },
      subject: { kind: 'industry', key: top.naics, label: top.label },
      section: 'Industries naming micro-credentials',
      source: { endpoint: 'recognition', query: q(place.region, period, { groupBy: 'naics2' }) },
    },
  };
}

/**
 * skill-gap: the aligned skills with the lowest supply/demand ratio (ties: more postings first),
 * demand at least the minimum, supply published. Skills no credential teaches are never gaps.
 */
export function skillGapFindings(place: Place, period: FindingPeriod, rows: SkillGapRow[], nationRatio: Map<string, number | null>, teachers: Map<string, string[]>, count = 2): RuleResult[] {
  const asked = rows.filter((r) => r.aligned && r.demand >= FINDING_MINIMUMS.skillDemand);
  const published = asked.filter((r) => !r.supply.suppressed && r.ratio !== null);
  if (!published.length) {
    return [omit('skill-gap', asked.length ? `the supply of every skill with ${FINDING_MINIMUMS.skillDemand}+ postings is suppressed (fewer than k people)` : `no skill a credential teaches had ${FINDING_MINIMUMS.skillDemand}+ postings`)];
  }
  const ranked = [...published].sort((a, b) => a.ratio! - b.ratio! || b.demand - a.demand || a.label.localeCompare(b.label)).slice(0, count);
  return ranked.map((g, i) => {
    const nat = place.isNation ? null : (nationRatio.get(g.key) ?? null);
    const creds = teachers.get(g.key) ?? [];
    const credText = creds.length ? ` Credentials that teach it: ${creds.slice(0, 3).join(', ')}${creds.length > 3 ? ` and ${creds.length - 3} more` : ''}.` : '';
    return {
      finding: {
        rule: 'skill-gap' as const,
        headline: `${i === 0 ? 'Widest' : 'Next widest'} skill gap a credential could close: ${g.label}`,
        text: `${int(g.demand)} postings asked for ${g.label} in ${span(period)}, against ${int(g.supply.value!)} awards of credentials that teach it: ${r2(g.ratio!).toFixed(2)} awards per posting${nat !== null ? ` (nation ${r2(nat).toFixed(2)})` : ''}.${credText}`,
        value: r2(g.ratio!),
        unit: 'ratio' as const,
        period,
        comparison: nat !== null ? { label: 'nation, same period', value: r2(nat) } : { label: 'balanced (1.00)', value: 1 },
        subject: { kind: 'skill' as const, key: g.key, label: g.label },
        section: 'Skills in demand and the largest gaps',
        source: { endpoint: 'skill-gap', query: q(place.region, period, { groupBy: 'skill', skill: g.key }) },
      },
    };
  });
}

export interface Shares {
  postings: number;
  skillsFirstShare: number | null;
  degreeRequirementShare: number | null;
}

/** skills-first: the move of the skills-first share between the halves, with the degree-required share and the nation's move. */
export function skillsFirstMove(place: Place, h: Halves | null, earlier: Shares, later: Shares, nation: { earlier: Shares; later: Shares } | null): RuleResult {
  if (!h) return omit('skills-first', `fewer than ${FINDING_MINIMUMS.months} complete months of data in the period`);
  if (earlier.postings < FINDING_MINIMUMS.postings || later.postings < FINDING_MINIMUMS.postings) return omit('skills-first', `fewer than ${FINDING_MINIMUMS.postings} unique postings in a half of the period`);
  if (earlier.skillsFirstShare === null || later.skillsFirstShare === null) return omit('skills-first', 'no skills-first share in a half of the period');
  const pts = (later.skillsFirstShare - earlier.skillsFirstShare) * 100;
  const nat =
    nation && !place.isNation && nation.earlier.skillsFirstShare !== null && nation.later.skillsFirstShare !== null ? (nation.later.skillsFirstShare - nation.earlier.skillsFirstShare) * 100 : null;
  const deg =
    earlier.degreeRequirementShare !== null && later.degreeRequirementShare !== null
      ? ` Postings requiring a bachelor's or higher went from ${pct(earlier.degreeRequirementShare)} to ${pct(later.degreeRequirementShare)}.`
      : '';
  return {
    finding: {
      rule: 'skills-first',
      headline: `Skills-first hiring ${pts >= 0 ? 'rose' : 'fell'} ${Math.abs(pts).toFixed(1)} points${nat !== null ? ` (nation ${signed(nat)})` : ''}`,
      text:
        `Skills-first postings (no degree required, or experience accepted in lieu) were ${pct(later.skillsFirstShare)} in ${span(h.later)}, ${pts >= 0 ? 'up' : 'down'} ${Math.abs(pts).toFixed(1)} points from ${pct(earlier.skillsFirstShare)} in ${span(h.earlier)}.` +
        deg +
        (nat !== null ? ` Nationally the skills-first share moved ${signed(nat)} points.` : ''),
      value: r1(pts),
      unit: 'points',
      period: h.later,
      comparison: nat !== null ? { label: 'nation, same months (points)', value: r1(nat), period: h.later } : { label: 'earlier half', value: earlier.skillsFirstShare, period: h.earlier },
      subject: { kind: 'region', key: place.region, label: place.regionName },
      section: 'Trends: the region beside the nation',
      source: { endpoint: 'recognition', query: q(place.region, h.later, { groupBy: 'credential', limit: '1' }) },
    },
  };
}

/** program-gap: the program with the largest annual gap whose completions are published and whose openings reach the minimum. */
export function programGap(place: Place, period: FindingPeriod, rows: ProgramDemandRow[]): RuleResult {
  const asked = rows.filter((r) => r.openings >= FINDING_MINIMUMS.postings);
  const published = asked.filter((r) => !r.completionsPerYear.suppressed && r.completionsPerYear.value !== null && r.gapPerYear !== null);
  if (!published.length) {
    if (!asked.length) return omit('program-gap', `no program's occupations had ${FINDING_MINIMUMS.postings}+ postings`);
    return omit('program-gap', asked.some((r) => r.completionsPerYear.suppressed) ? 'the completions of every program with enough postings are suppressed (fewer than k people) or cover under 2 years' : 'completions need 2+ years of the period');
  }
  const best = [...published].sort((a, b) => b.gapPerYear! - a.gapPerYear! || b.openings - a.openings || a.cip.localeCompare(b.cip))[0];
  const top = { ...best, title: title(best.title) };
  return {
    finding: {
      rule: 'program-gap',
      headline: `Largest program gap: ${top.title} (CIP ${top.cip})`,
      text: `The occupations ${top.title} (CIP ${top.cip}) leads to had ${int(top.openingsPerYear)} postings a year in ${span(period)}, against ${int(top.completionsPerYear.value!)} completions a year: a gap of ${int(top.gapPerYear!)} a year.`,
      value: Math.round(top.gapPerYear!),
      unit: 'count',
      period,
      comparison: { label: 'completions per year', value: top.completionsPerYear.value },
      subject: { kind: 'program', key: top.cip, label: top.title },
      section: 'Program demand',
      source: { endpoint: 'program-demand', query: q(place.region, period, { cip: top.cip }) },
    },
  };
}

/** program-openings-growth: postings in a program's occupations, later half against earlier, beside the nation. */
export function programOpeningsGrowth(place: Place, h: Halves | null, cip: string, programTitle: string, region: { earlier: number; later: number }, nation: { earlier: number; later: number } | null): RuleResult {
  if (!h) return omit('program-openings-growth', `fewer than ${FINDING_MINIMUMS.months} complete months of data in the period`);
  if (region.earlier < FINDING_MINIMUMS.postings || region.later < FINDING_MINIMUMS.postings) return omit('program-openings-growth', `fewer than ${FINDING_MINIMUMS.postings} postings in the program's occupations in a half of the period`);
  const change = ((region.later - region.earlier) / region.earlier) * 100;
  const nat = nation && !place.isNation && nation.earlier > 0 ? ((nation.later - nation.earlier) / nation.earlier) * 100 : null;
  const t = title(programTitle);
  return {
    finding: {
      rule: 'program-openings-growth',
      headline: `Openings for ${t} occupations ${change >= 0 ? 'rose' : 'fell'} ${Math.abs(change).toFixed(1)}%`,
      text: `Postings in the occupations ${t} (CIP ${cip}) leads to went from ${int(region.earlier)} in ${span(h.earlier)} to ${int(region.later)} in ${span(h.later)} in ${place.regionName} (${signed(change)}%)${nat !== null ? `; nationally ${signed(nat)}%` : ''}.`,
      value: r1(change),
      unit: 'percent',
      period: h.later,
      comparison: nat !== null ? { label: 'nation, same months', value: r1(nat), period: h.later } : { label: 'earlier half', value: region.earlier, period: h.earlier },
      subject: { kind: 'program', key: cip, label: t },
      section: 'Trends: the region beside the nation',
      source: { endpoint: 'program-demand', query: q(place.region, h.later, { cip }) },
    },
  };
}

/** program-top-occupation: the occupation with the most postings among a program's, and its share. */
export function programTopOccupation(place: Place, period: FindingPeriod, row: ProgramDemandRow): RuleResult {
  if (row.openings < FINDING_MINIMUMS.postings) return omit('program-top-occupation', `fewer than ${FINDING_MINIMUMS.postings} postings in the program's occupations`);
  const top = [...row.socs].sort((a, b) => b.openings - a.openings || a.soc.localeCompare(b.soc))[0];
  if (!top) return omit('program-top-occupation', 'the program maps to no occupation');
  const share = top.openings / row.openings;
  return {
    finding: {
      rule: 'program-top-occupation',
      headline: `Most postings: ${top.title}`,
      text: `${top.title} (SOC ${top.soc}) had ${int(top.openings)} of the ${int(row.openings)} postings in the occupations ${title(row.title)} leads to in ${place.regionName}, ${span(period)} (${pct(share)}).`,
      value: Math.round(share * 10000) / 10000,
      unit: 'share',
      period,
      comparison: { label: `occupations of CIP ${row.cip}`, value: row.socs.length },
      subject: { kind: 'occupation', key: top.soc, label: top.title },
      section: 'Occupations',
      source: { endpoint: 'program-demand', query: q(place.region, period, { cip: row.cip }) },
    },
  };
}

/** Splits rule results into findings (in rule order) and omissions. */
export function collect(results: RuleResult[]): { findings: Finding[]; omitted: OmittedFinding[] } {
  const findings: Finding[] = [];
  const omitted: OmittedFinding[] = [];
  for (const r of results) {
    if ('finding' in r) findings.push(r.finding);
    else omitted.push(r.omitted);
  }
  return { findings, omitted };
}
