import { naicsTitles } from '../analytics/naics-titles.js';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutcomesResponse, ProgramReport, RegionReport, ReportCommon, ReportOutcomeRow } from '@credpulse/contracts';
import { badParameter, notFound } from '../../common/problem.js';
import { MetaService } from '../../core/meta.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { OUTCOMES_SPEC, OutcomesService } from '../outcomes/outcomes.service.js';
import { POSTINGS_SPEC, PostingsService } from '../postings/postings.service.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from '../program-demand/program-demand.service.js';
import { RECOGNITION_SPEC, RecognitionService } from '../recognition/recognition.service.js';
import { SKILL_GAP_SPEC, SkillGapService } from '../skill-gap/skill-gap.service.js';

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

@Injectable()
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly meta: MetaService,
    private readonly filters: FilterService,
    private readonly postings: PostingsService,
    private readonly recognition: RecognitionService,
    private readonly skillGap: SkillGapService,
    private readonly programs: ProgramDemandService,
    private readonly outcomes: OutcomesService,
  ) {}

  private period(query: Record<string, unknown>): Record<string, unknown> {
    for (const key of Object.keys(query)) {
      if (!(PERIOD_PARAMS as readonly string[]).includes(key)) throw badParameter(key, `Unknown parameter "${key}" for a report.`, PERIOD_PARAMS, key);
    }
    return Object.fromEntries(PERIOD_PARAMS.filter((p) => query[p] !== undefined).map((p) => [p, query[p]]));
  }

  async region(region: string, query: Record<string, unknown>): Promise<RegionReport> {
    const q = { ...this.period(query), region };
    const postingsF = await this.filters.parse({ ...q, groupBy: 'naics2', limit: '5' }, POSTINGS_SPEC);
    const [postings, recognition, gap, programs, outcomes, meta] = await Promise.all([
      this.postings.compute(postingsF),
      this.recognition.compute(await this.filters.parse({ ...q, groupBy: 'naics2', limit: '100' }, RECOGNITION_SPEC)),
      this.skillGap.compute(await this.filters.parse({ ...q, groupBy: 'skill', limit: '1000' }, SKILL_GAP_SPEC)),
      this.programs.compute(await this.filters.parse({ ...q, limit: '1000' }, PROGRAM_DEMAND_SPEC)),
      this.outcomes.compute(await this.filters.parse({ ...q, groupBy: 'credential', limit: '10' }, OUTCOMES_SPEC)),
      this.meta.get(),
    ]);
    const industries = postings.rows.filter((r) => r.key !== '--').slice(0, 3);
    const labels = await this.naicsLabels(industries.map((r) => r.key));
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
    const regionName = await this.regionName(region);
    const common = this.common(`Credential Pulse regional report: ${regionName}`, 'Labor-market demand for skills and credentials, supply of credentials, and outcomes', postingsF.from, postingsF.to, region, regionName, meta, {
      postings: postings.methodVersion,
      recognition: recognition.methodVersion,
      'skill-gap': gap.methodVersion,
      'program-demand': programs.methodVersion,
      outcomes: outcomes.methodVersion,
    }, postings.taxonomyVersions, postings.k);
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
      credentialsByIndustry,
      outcomes: outcomeRows(outcomes),
      programDemand: [...programs.rows]
        .sort((a, b) => (b.gapPerYear ?? -Infinity) - (a.gapPerYear ?? -Infinity) || b.openings - a.openings)
        .slice(0, 12)
        .map((r) => ({ cip: r.cip, title: r.title, openings: r.openings, completionsPerYear: r.completionsPerYear, gapPerYear: r.gapPerYear })),
    };
  }

  async program(cip: string, query: Record<string, unknown>): Promise<ProgramReport> {
    const { region = 'us', ...rest } = query;
    const q = { ...this.period(rest), region };
    const f = await this.filters.parse({ ...q, cip }, PROGRAM_DEMAND_SPEC);
    const [programs, outcomes, meta] = await Promise.all([
      this.programs.compute(f),
      this.outcomes.compute(await this.filters.parse({ ...q, cip, groupBy: 'credential', limit: '10' }, OUTCOMES_SPEC)),
      this.meta.get(),
    ]);
    const row = programs.rows.find((r) => r.cip === cip) ?? programs.rows[0];
    if (!row) throw notFound(`No program demand for CIP ${cip} in ${String(region)}: the program maps to no occupation in the CIP-SOC crosswalk.`);
    const regionName = await this.regionName(String(region));
    const common = this.common(`Credential Pulse program report: ${row.title} (CIP ${row.cip})`, `Demand for the occupations this program prepares for, in ${regionName}`, f.from, f.to, String(region), regionName, meta, {
      'program-demand': programs.methodVersion,
      outcomes: outcomes.methodVersion,
    }, programs.taxonomyVersions, programs.k);
    return {
      ...common,
      kind: 'program',
      cip: row.cip,
      cipTitle: row.title,
      headline: { openings: row.openings, openingsPerYear: row.openingsPerYear, completionsPerYear: row.completionsPerYear, gapPerYear: row.gapPerYear, years: row.years },
      occupations: [...row.socs].sort((a, b) => b.openings - a.openings).slice(0, 15),
      outcomes: outcomeRows(outcomes),
    };
  }

  private common(
    title: string,
    subtitle: string,
    from: string,
    to: string,
    region: string,
    regionName: string,
    meta: { dataAsOf: string | null; demo: boolean },
    methodVersions: Record<string, string>,
    taxonomyVersions: Record<string, string>,
    k: number,
  ): ReportCommon {
    return { title, subtitle, from, to, region, regionName, dataAsOf: meta.dataAsOf, demo: meta.demo, k, taxonomyVersions, methodVersions, methodology: METHODOLOGY, generatedAt: new Date().toISOString() };
  }

  private async naicsLabels(codes: string[]): Promise<Map<string, string>> {
    return naicsTitles(this.ds, codes);
  }

  private async regionName(region: string): Promise<string> {
    if (region === 'us') return 'United States';
    const [kind, code] = region.split(':');
    const sql: Record<string, string> = {
      state: 'SELECT name FROM state WHERE fips = $1',
      county: `SELECT c.name || ', ' || s.usps AS name FROM county c JOIN state s ON s.fips = c.state_fips WHERE c.fips = $1`,
      cbsa: 'SELECT title AS name FROM cbsa WHERE code = $1',
      custom: `SELECT name FROM custom_region WHERE id::text = $1`,
    };
    const rows: { name: string }[] = sql[kind] ? await this.ds.query(sql[kind], [code]) : [];
    return rows[0]?.name ?? region;
  }
}

function outcomeRows(o: OutcomesResponse): ReportOutcomeRow[] {
  return o.rows.map((r) => {
    const q2 = r.quarters.find((q) => q.quarter === 2);
    return { key: r.key, label: r.label, earners: { value: r.earners.value, suppressed: r.earners.suppressed }, employmentRateQ2: q2?.employmentRate ?? null, wageMedianQ2: q2?.wageMedian ?? null };
  });
}
