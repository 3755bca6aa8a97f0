import { Injectable } from '@nestjs/common';
import { naicsTitles } from '../analytics/naics-titles.js';
import { DataSource } from 'typeorm';
import type { Finding, OmittedFinding, OutcomesResponse, PostingsRow, ProgramReport, RegionReport, ReportCommon, ReportMap, ReportOutcomeRow, ReportTrend } from '@credpulse/contracts';
import { methodVersion } from '@credpulse/metrics';
import { badParameter, notFound } from '../../common/problem.js';
import { MetaService } from '../../core/meta.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { rangeCoverage } from '../analytics/periods/period-coverage.js';
import { FindingsService } from '../findings/findings.service.js';
import { ReportAreasRepository, type ReportArea } from './report-areas.repository.js';
import { OUTCOMES_SPEC, OutcomesService } from '../outcomes/outcomes.service.js';
import { POSTINGS_SPEC, PostingsService } from '../postings/postings.service.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from '../program-demand/program-demand.service.js';
import { RECOGNITION_SPEC, RecognitionService } from '../recognition/recognition.service.js';

// A report is assembled from the metric services themselves (same filters, same disclosure
// control, same method versions as the API), so the page, the PDF and the API never disagree.

const PERIOD_PARAMS = ['from', 'to'] as const;

const METHODOLOGY = [
  'Postings are deduplicated: the same employer, normalised title and region within 60 days count once (unique postings); total postings include the repeats.',
  'A posting names a credential or skill as required, preferred, or accepted in lieu of a degree; preferred is never counted as required.',
  'Supply is the number of awards of credentials aligned to a skill; demand is the number of unique postings naming the skill. Ratio = supply / demand: under 0.5 very undersupplied, 0.5-0.8 undersupplied, 0.8-1.25 balanced, 1.25-2 oversupplied, over 2 very oversupplied.',
  'Gaps are ranked only among skills that at least one catalogued credential teaches; a skill no credential teaches has no supply side and is listed apart as "no credential aligned", not as undersupplied.',
  'Program demand maps programs (CIP) to occupations (SOC) through the NCES CIP-SOC crosswalk; openings are postings in those occupations, completions are awards of the program averaged per year.',
  'Outcomes: employment rate and median quarterly wage of earners 2 quarters after the award, from state wage records where loaded.',
  'Disclosure control: any figure counting fewer than k people is suppressed (shown as "suppressed"), and one more cell is hidden where a total would reveal it.',
  'Full definitions, versions and caveats: docs/methodology.md.',
];

const HOW_TO_READ_REGION = [
  'Key findings come first: each is computed by a fixed rule from a figure in this report (docs/methodology.md, "Key findings"), with its number, its period and what it is compared with. A rule whose cells are suppressed or whose sample is too small gives no finding.',
  'Postings are advertisements, not hires; unique postings count a job reposted within 60 days once.',
  'Trends compare the region with the nation as an index (first complete quarter = 100) or as shares. A dashed point or a period marked "partial" holds only some months of data: it is not a drop.',
  'Gaps: awards of credentials that teach a skill per posting asking for it; below 0.5 is very undersupplied. Skills no catalogued credential teaches are listed apart: they are not gaps.',
  'Figures about people (awards, completions, outcomes) under k people are suppressed and shown as "suppressed", never as 0.',
];

const HOW_TO_READ_PROGRAM = [
  'Key findings come first: each is computed by a fixed rule from a figure in this report (docs/methodology.md, "Key findings").',
  'Openings are unique postings in the occupations (SOC) the program leads to through the NCES CIP-SOC crosswalk; one posting can count for several programs.',
  'The trend compares the region with the nation as an index (first complete quarter = 100); a dashed or "partial" period holds only some months of data.',
  'Completions are awards of the program averaged per year over 2 or more years; under k people they are suppressed.',
];

type Period = { region: string; from: string; to: string };

@Injectable()
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly meta: MetaService,
    private readonly filters: FilterService,
    private readonly findings: FindingsService,
    private readonly postings: PostingsService,
    private readonly recognition: RecognitionService,
    private readonly programs: ProgramDemandService,
    private readonly outcomes: OutcomesService,
    private readonly areas: ReportAreasRepository,
  ) {}

  private checkParams(query: Record<string, unknown>, allowed: readonly string[]): void {
    for (const key of Object.keys(query)) {
      if (!allowed.includes(key)) throw badParameter(key, `Unknown parameter "${key}" for a report.`, allowed, key);
    }
  }

  async region(region: string, query: Record<string, unknown>): Promise<RegionReport> {
    this.checkParams(query, PERIOD_PARAMS);
    const p = await this.findings.period({ ...query, region });
    const q = { region: p.region, from: p.from, to: p.to };
    const [fig, postings, recognition, outcomes, meta, data, map, trends] = await Promise.all([
      this.findings.regionFigures(p),
      this.filters.parse({ ...q, groupBy: 'naics2', limit: '5' }, POSTINGS_SPEC).then((f) => this.postings.compute(f)),
      this.filters.parse({ ...q, groupBy: 'credential', limit: '1' }, RECOGNITION_SPEC).then((f) => this.recognition.compute(f)),
      this.filters.parse({ ...q, groupBy: 'credential', limit: '10' }, OUTCOMES_SPEC).then((f) => this.outcomes.compute(f)),
      this.meta.get(),
      this.filters.dataRange(),
      this.map(p),
      this.regionTrends(p),
    ]);
    const { gap, programs } = fig;
    const industries = postings.rows.filter((r) => r.key !== '--').slice(0, 3);
    const labels = await naicsTitles(this.ds, industries.map((r) => r.key));
    const credentialsByIndustry = [];
    for (const ind of industries) {
      const r = await this.recognition.compute(await this.filters.parse({ ...q, naics: ind.key, groupBy: 'credential', limit: '6' }, RECOGNITION_SPEC));
      credentialsByIndustry.push({
        naics: ind.key,
        label: labels.get(ind.key) ?? ind.key,
        postings: ind.unique,
        credentials: r.rows.filter((c) => c.key !== 'any' && c.naming.any > 0).sort((a, b) => b.naming.any - a.naming.any).slice(0, 5).map((c) => ({ key: c.key, label: c.label, naming: c.naming.any, rate: c.rates.any })),
      });
    }
    const regionName = await this.findings.regionName(p.region);
    const outcomeList = outcomeRows(outcomes);
    const notices = regionNotices(regionName, postings.totals.unique, gap.rows.some((r) => r.supply.value !== null && r.supply.value > 0), [
      ...gap.rows.map((r) => r.supply),
      ...programs.rows.map((r) => r.completionsPerYear),
      ...outcomeList.map((o) => o.earners),
    ], postings.k);
    const common = this.common(
      `Credential Pulse regional report: ${regionName}`,
      'Labor-market demand for skills and credentials, supply of credentials, and outcomes',
      p,
      regionName,
      meta,
      {
        postings: postings.methodVersion,
        recognition: recognition.methodVersion,
        'skill-gap': gap.methodVersion,
        'program-demand': programs.methodVersion,
        outcomes: outcomes.methodVersion,
        findings: methodVersion('findings'),
      },
      postings.taxonomyVersions,
      postings.k,
      { findings: fig.findings, omitted: fig.omitted, coverage: rangeCoverage(p, data), notices, map, trends, howToRead: HOW_TO_READ_REGION },
    );
    return {
      ...common,
      kind: 'region',
      headline: {
        uniquePostings: postings.totals.unique,
        totalPostings: postings.totals.total,
        medianAnnualWage: postings.totals.medianAnnualWage,
        degreeRequirementShare: recognition.totals.degreeRequirementShare,
        skillsFirstShare: recognition.totals.skillsFirstShare,
      },
      topSkills: [...gap.rows].sort((a, b) => b.demand - a.demand).slice(0, 10).map((r) => ({ key: r.key, label: r.label, demand: r.demand })),
      largestGaps: gap.rows
        .filter((r) => r.demand > 0 && r.aligned && r.ratio !== null)
        .sort((a, b) => (a.ratio ?? 0) - (b.ratio ?? 0) || b.demand - a.demand)
        .slice(0, 10)
        .map((r) => ({ key: r.key, label: r.label, demand: r.demand, supply: r.supply, ratio: r.ratio, bucket: r.bucket })),
      notAligned: gap.rows
        .filter((r) => r.demand > 0 && !r.aligned)
        .sort((a, b) => b.demand - a.demand || a.label.localeCompare(b.label))
        .slice(0, 10)
        .map((r) => ({ key: r.key, label: r.label, demand: r.demand })),
      recognitionChange: fig.recognitionChange
        .filter((c) => c.later !== c.earlier)
        .sort((a, b) => Math.abs(b.later - b.earlier) - Math.abs(a.later - a.earlier) || a.label.localeCompare(b.label))
        .slice(0, 10),
      industryNaming: fig.industries.slice(0, 10),
      credentialsByIndustry,
      outcomes: outcomeList,
      programDemand: [...programs.rows]
        .sort((a, b) => (b.gapPerYear ?? -Infinity) - (a.gapPerYear ?? -Infinity) || b.openings - a.openings)
        .slice(0, 12)
        .map((r) => ({ cip: r.cip, title: r.title, openings: r.openings, completionsPerYear: r.completionsPerYear, gapPerYear: r.gapPerYear })),
    };
  }

  async program(cip: string, query: Record<string, unknown>): Promise<ProgramReport> {
    this.checkParams(query, [...PERIOD_PARAMS, 'region']);
    const { region = 'us', ...rest } = query;
    const f = await this.filters.parse({ ...rest, region, cip }, PROGRAM_DEMAND_SPEC);
    // A report is about one program: a family (46) or series (46.03) names its programs instead of
    // silently reporting on the first of them.
    if (!/^\d{2}\.\d{4}$/.test(cip)) {
      const programs = await this.areas.programsUnder(cip.length === 2 ? `${cip}.` : cip);
      throw badParameter(
        'cip',
        `A program report is about one 6-digit CIP program; ${cip} is a ${cip.length === 2 ? 'family' : 'series'} of ${programs.length} programs: ${programs
          .slice(0, 10)
          .map((p) => `${p.code} ${p.title.replace(/\.$/, '')}`)
          .join('; ')}${programs.length > 10 ? '; ...' : ''}.`,
        programs.map((p) => p.code),
      );
    }
    const p: Period = { region: f.region.kind === 'us' ? 'us' : `${f.region.kind}:${f.region.code}`, from: f.from, to: f.to };
    const q = { region: p.region, from: p.from, to: p.to };
    const [programs, outcomes, meta, data] = await Promise.all([
      this.programs.compute(f),
      this.outcomes.compute(await this.filters.parse({ ...q, cip, groupBy: 'credential', limit: '10' }, OUTCOMES_SPEC)),
      this.meta.get(),
      this.filters.dataRange(),
    ]);
    const row = programs.rows.find((r) => r.cip === cip);
    if (!row) throw notFound(`No program demand for CIP ${cip} in ${p.region}: the program maps to no occupation in the CIP-SOC crosswalk.`);
    const [found, map, trends, card] = await Promise.all([
      this.findings.programFindings(p, row.cip, programs),
      this.programMap(p, row.socs.map((s) => s.soc)),
      this.programTrends(p, row.cip),
      this.programs.compute({ ...f, cip: { code: row.cip }, groupBy: 'award-level' as const, limit: 100 }),
    ]);
    const regionName = await this.findings.regionName(p.region);
    const outcomeList = outcomeRows(outcomes);
    const notices = regionNotices(regionName, row.openings, true, [row.completionsPerYear, ...outcomeList.map((o) => o.earners)], programs.k);
    const common = this.common(
      `Credential Pulse program report: ${row.title} (CIP ${row.cip})`,
      `Demand for the occupations this program prepares for, in ${regionName}`,
      p,
      regionName,
      meta,
      { 'program-demand': programs.methodVersion, 'program-demand-public': methodVersion('programDemandPublic', true), outcomes: outcomes.methodVersion, findings: methodVersion('findings') },
      programs.taxonomyVersions,
      programs.k,
      { findings: found.findings, omitted: found.omitted, coverage: rangeCoverage(p, data), notices, map, trends, howToRead: HOW_TO_READ_PROGRAM },
    );
    return {
      ...common,
      kind: 'program',
      cip: row.cip,
      cipTitle: row.title,
      headline: { openings: row.openings, openingsPerYear: row.openingsPerYear, completionsPerYear: row.completionsPerYear, gapPerYear: row.gapPerYear, years: row.years },
      occupations: [...row.socs].sort((a, b) => b.openings - a.openings).slice(0, 15),
      outcomes: outcomeList,
      publicDemand:
        card.rows.length || card.basis.completionsYears.length
          ? {
              rows: card.rows,
              totals: card.totals,
              basis: card.basis,
              methods: card.methods,
              occupations: card.program?.occupations.slice(0, 15) ?? [],
              institutions: card.program?.institutions ?? [],
              credentials: card.program?.credentials.slice(0, 15) ?? [],
            }
          : null,
    };
  }

  private common(
    title: string,
    subtitle: string,
    p: Period,
    regionName: string,
    meta: { dataAsOf: string | null; demo: boolean },
    methodVersions: Record<string, string>,
    taxonomyVersions: Record<string, string>,
    k: number,
    extra: { findings: Finding[]; omitted: OmittedFinding[]; coverage: ReportCommon['coverage']; notices: string[]; map: ReportMap; trends: ReportTrend[]; howToRead: string[] },
  ): ReportCommon {
    return {
      title,
      subtitle,
      from: p.from,
      to: p.to,
      region: p.region,
      regionName,
      dataAsOf: meta.dataAsOf,
      demo: meta.demo,
      k,
      taxonomyVersions,
      methodVersions,
      methodology: METHODOLOGY,
      generatedAt: new Date().toISOString(),
      findings: extra.findings,
      omittedFindings: extra.omitted,
      coverage: extra.coverage,
      notices: extra.notices,
      map: extra.map,
      trends: extra.trends,
      howToRead: extra.howToRead,
    };
  }

  /** The areas of the region with their unique postings: counties of a state, CBSA, custom region or county; states for the nation. */
  private async map(p: Period): Promise<ReportMap> {
    const { level, areas } = await this.areas.areas(p.region);
    const res = await this.postings.compute(await this.filters.parse({ ...p, region: level === 'state' ? 'us' : p.region, groupBy: level, limit: '1000' }, POSTINGS_SPEC));
    const by = new Map(res.rows.map((r) => [r.key, r.unique]));
    return mapOf(level, 'Unique job postings', areas, by);
  }

  /** A program's map: postings in its occupations by county (or by state for the nation). */
  private async programMap(p: Period, socs: string[]): Promise<ReportMap> {
    const { level, areas } = await this.areas.areas(p.region);
    return mapOf(level, "Postings in the program's occupations", areas, await this.areas.postingsInSocs(p.region, level, socs, p.from, p.to));
  }

  /** Postings (indexed) and the skills-first share, by quarter, region beside nation. */
  private async regionTrends(p: Period): Promise<ReportTrend[]> {
    const quarterly = (region: string) => this.filters.parse({ region, from: p.from, to: p.to, groupBy: 'month', granularity: 'quarter' }, POSTINGS_SPEC).then((f) => this.postings.compute(f));
    const isNation = p.region === 'us';
    const [reg, nat] = await Promise.all([quarterly(p.region), isNation ? null : quarterly('us')]);
    const trends: ReportTrend[] = [indexTrend('Unique job postings per month, indexed (first complete quarter = 100)', reg.rows, nat?.rows ?? null, 'Postings per month of data in each quarter, divided by the same in the first complete quarter, for the region and the nation.')];
    // skills-first share per quarter from monthly counts (one query each for the region and the nation)
    const monthly = (region: string) => this.filters.parse({ region, from: p.from, to: p.to }, RECOGNITION_SPEC).then((f) => this.recognition.degreeCountsByMonth(f));
    const [rm, nm] = await Promise.all([monthly(p.region), isNation ? null : monthly('us')]);
    const share = (rows: { month: string; postings: number; skillsFirst: number }[] | null, key: string) => {
      if (!rows) return null;
      const [from, to] = quarterMonths(key, p);
      const inQ = rows.filter((r) => r.month >= from && r.month <= to);
      const n = inQ.reduce((t, r) => t + r.postings, 0);
      return n > 0 ? Math.round((inQ.reduce((t, r) => t + r.skillsFirst, 0) / n) * 10000) / 10000 : null;
    };
    const shares = reg.rows.map((row) => ({ period: row.key, region: share(rm, row.key), nation: share(nm, row.key), partial: row.partial === true, months: row.months ?? 0, monthsInPeriod: row.monthsInPeriod ?? 3 }));
    trends.push({ title: 'Skills-first share of postings (no degree required, or a degree in lieu)', kind: 'share', points: shares, note: 'Share of unique postings in each quarter; the nation beside the region.' });
    return trends;
  }

  /** Postings in the program's occupations by quarter, indexed, region beside nation. */
  private async programTrends(p: Period, cip: string): Promise<ReportTrend[]> {
    const quarters = (await this.postings.compute(await this.filters.parse({ region: p.region, from: p.from, to: p.to, groupBy: 'month', granularity: 'quarter' }, POSTINGS_SPEC))).rows;
    const isNation = p.region === 'us';
    const openings = async (region: string, key: string) => {
      const [from, to] = quarterMonths(key, p);
      return (await this.programs.compute(await this.filters.parse({ region, from, to, cip }, PROGRAM_DEMAND_SPEC))).rows.find((r) => r.cip === cip)?.openings ?? 0;
    };
    const reg = await Promise.all(quarters.map(async (q) => ({ ...q, unique: await openings(p.region, q.key) })));
    const nat = isNation ? null : await Promise.all(quarters.map(async (q) => ({ ...q, unique: await openings('us', q.key) })));
    return [indexTrend("Postings in the program's occupations per month, indexed (first complete quarter = 100)", reg, nat, 'Postings per month of data in each quarter, divided by the same in the first complete quarter, for the region and the nation.')];
  }
}

function mapOf(level: 'state' | 'county', measure: string, areas: ReportArea[], values: Map<string, number>): ReportMap {
  return {
    level,
    measure,
    areas: areas.map((a) => ({ fips: a.fips, name: a.name, value: values.get(a.fips) ?? 0, suppressed: false })),
    context: level === 'county' ? [...new Set(areas.map((a) => a.state))] : [],
  };
}

/** The months of quarter "YYYY-Qn" inside the period. */
function quarterMonths(key: string, p: { from: string; to: string }): [string, string] {
  const [y, qn] = key.split('-Q').map(Number);
  const first = `${y}-${String(qn * 3 - 2).padStart(2, '0')}`;
  const last = `${y}-${String(qn * 3).padStart(2, '0')}`;
  return [first < p.from ? p.from : first, last > p.to ? p.to : last];
}

/**
 * Region and nation as 100 x (postings per month of data) / (the same in the first complete
 * period): a quarter holding one month of data is compared by its monthly rate, not its total, so
 * it cannot read as a drop (and it is still marked partial).
 */
function indexTrend(title: string, reg: PostingsRow[], nat: PostingsRow[] | null, note: string): ReportTrend {
  const rate = (r: PostingsRow | undefined) => (r && (r.months ?? 0) > 0 ? r.unique / r.months! : null);
  const baseOf = (rows: PostingsRow[]) => rate(rows.find((r) => !r.partial && r.unique > 0));
  const rb = baseOf(reg);
  const nb = nat ? baseOf(nat) : null;
  const natBy = new Map((nat ?? []).map((r) => [r.key, r]));
  const idx = (v: number | null, base: number | null) => (v === null || !base ? null : Math.round((v / base) * 1000) / 10);
  return {
    title,
    kind: 'index',
    points: reg.map((r) => ({
      period: r.key,
      region: idx(rate(r), rb),
      nation: idx(rate(natBy.get(r.key)), nb),
      partial: r.partial === true,
      months: r.months ?? 0,
      monthsInPeriod: r.monthsInPeriod ?? 3,
    })),
    raw: reg.map((r) => ({ period: r.key, region: r.unique, nation: natBy.get(r.key)?.unique ?? 0 })),
    note,
  };
}

/**
 * Plain statements for what a report cannot show: no postings, no supply, every people figure
 * suppressed. A small region gives a report that says so rather than empty charts.
 */
function regionNotices(regionName: string, postings: number, anySupply: boolean, people: { value: number | null; suppressed: boolean }[], k: number): string[] {
  const out: string[] = [];
  if (postings === 0) out.push(`No job postings were loaded for ${regionName} in this period: demand, recognition and trend figures are empty.`);
  const shown = people.filter((c) => !c.suppressed && c.value !== null && c.value > 0).length;
  const hidden = people.filter((c) => c.suppressed).length;
  if (hidden > 0 && shown === 0) {
    out.push(`Every figure about people in this report for ${regionName} (awards, completions, outcomes) counts fewer than ${k} people and is suppressed to protect them: supply, completions and outcomes are not shown, and no finding is drawn from them.`);
  } else if (!anySupply && hidden === 0 && people.length > 0 && shown === 0) out.push(`No awards of catalogued credentials were loaded for ${regionName} in this period.`);
  return out;
}

function outcomeRows(o: OutcomesResponse): ReportOutcomeRow[] {
  return o.rows.map((r) => {
    const q2 = r.quarters.find((q) => q.quarter === 2);
    return { key: r.key, label: r.label, earners: { value: r.earners.value, suppressed: r.earners.suppressed }, employmentRateQ2: q2?.employmentRate ?? null, wageMedianQ2: q2?.wageMedian ?? null };
  });
}
