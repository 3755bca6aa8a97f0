import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FindingPeriod, FindingsResponse, ProgramDemandResponse, RecognitionResponse, SkillGapResponse } from '@credpulse/contracts';
import { methodVersion, addMonths } from '@credpulse/metrics';
import { badParameter } from '../../common/problem.js';
import { MetaService } from '../../core/meta.service.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { FindingsRepository } from './findings.repository.js';
import { monthCovered, rangeCoverage } from '../analytics/periods/period-coverage.js';
import { POSTINGS_SPEC, PostingsService } from '../postings/postings.service.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from '../program-demand/program-demand.service.js';
import { RECOGNITION_SPEC, RecognitionService } from '../recognition/recognition.service.js';
import { SKILL_GAP_SPEC, SkillGapService } from '../skill-gap/skill-gap.service.js';
import {
  collect,
  FINDING_MINIMUMS,
  halvesOf,
  industryNaming,
  industryNamingFinding,
  postingsGrowth,
  programGap,
  programOpeningsGrowth,
  programTopOccupation,
  recognitionChanges,
  recognitionMove,
  skillGapFindings,
  skillsFirstMove,
  type Halves,
  type IndustryNaming,
  type Place,
  type RecognitionChange,
} from './findings.rules.js';

/** The only query parameters of a findings request or a report. */
export const FINDINGS_PARAMS = ['region', 'from', 'to'] as const;

/** The figures behind a region's findings; the regional report shows the same ones in its body. */
export interface RegionFigures {
  place: Place;
  period: FindingPeriod;
  halves: Halves | null;
  gap: SkillGapResponse;
  programs: ProgramDemandResponse;
  industries: IndustryNaming[];
  recognitionChange: RecognitionChange[];
  findings: FindingsResponse['findings'];
  omitted: FindingsResponse['omitted'];
}

@Injectable()
export class FindingsService {
  private readonly repo: FindingsRepository;

  constructor(
    ds: DataSource,
    private readonly meta: MetaService,
    private readonly filters: FilterService,
    private readonly envelope: EnvelopeService,
    private readonly postings: PostingsService,
    private readonly recognition: RecognitionService,
    private readonly skillGap: SkillGapService,
    private readonly programs: ProgramDemandService,
  ) {
    this.repo = new FindingsRepository(ds);
  }

  /** Validates region/from/to (the report's and findings' only parameters) and resolves the period (12 months to the latest data by default). */
  async period(query: Record<string, unknown>, allowed: readonly string[] = FINDINGS_PARAMS): Promise<{ region: string; from: string; to: string }> {
    for (const key of Object.keys(query)) {
      if (!allowed.includes(key)) throw badParameter(key, `Unknown parameter "${key}".`, allowed, key);
    }
    const f = await this.filters.parse(Object.fromEntries(FINDINGS_PARAMS.filter((p) => query[p] !== undefined).map((p) => [p, query[p]])), { ...POSTINGS_SPEC, accept: ['region', 'from', 'to'] });
    const region = f.region.kind === 'us' ? 'us' : `${f.region.kind}:${f.region.code}`;
    return { region, from: f.from, to: f.to };
  }

  /** GET /api/findings. */
  async findings(query: Record<string, unknown>): Promise<FindingsResponse> {
    const p = await this.period(query);
    const fig = await this.regionFigures(p);
    return this.response(p, await this.regionName(p.region), fig.halves, fig.findings, fig.omitted);
  }

  async response(p: { region: string; from: string; to: string }, regionName: string, halves: Halves | null, findings: FindingsResponse['findings'], omitted: FindingsResponse['omitted']): Promise<FindingsResponse> {
    const [meta, data] = await Promise.all([this.meta.get(), this.filters.dataRange()]);
    return {
      region: p.region,
      regionName,
      from: p.from,
      to: p.to,
      halves,
      findings,
      omitted,
      minimums: { ...FINDING_MINIMUMS },
      k: this.envelope.k,
      methodVersion: methodVersion('findings'),
      dataAsOf: meta.dataAsOf,
      demo: meta.demo,
      coverage: rangeCoverage(p, data),
    };
  }

  /** The complete months of the period split in two halves (null with fewer than the minimum). */
  async halves(p: { from: string; to: string }): Promise<Halves | null> {
    return halvesOf(await this.completeMonths(p));
  }

  private async completeMonths(p: { from: string; to: string }): Promise<string[]> {
    const data = await this.filters.dataRange();
    const months: string[] = [];
    for (let m = p.from; m <= p.to; m = addMonths(m, 1)) if (monthCovered(m, p, data)) months.push(m);
    return months;
  }

  /** The period a finding states: the range cut to its complete months of data (the range itself when it has none). */
  private async statedPeriod(p: { from: string; to: string }): Promise<FindingPeriod> {
    const months = await this.completeMonths(p);
    return months.length ? { from: months[0], to: months[months.length - 1] } : { from: p.from, to: p.to };
  }

  async regionFigures(p: { region: string; from: string; to: string }): Promise<RegionFigures> {
    const place: Place = { region: p.region, regionName: p.region === 'us' ? 'the United States' : await this.regionName(p.region), isNation: p.region === 'us' };
    const period = await this.statedPeriod(p);
    const halves = await this.halves(p);
    const parse = (q: Record<string, string>, spec: Parameters<FilterService['parse']>[1]) => this.filters.parse(q, spec);
    const whole = { region: p.region, from: period.from, to: period.to };
    const [gap, nationGap, programs, industries] = await Promise.all([
      parse({ ...whole, groupBy: 'skill', limit: '1000' }, SKILL_GAP_SPEC).then((f) => this.skillGap.compute(f)),
      place.isNation ? null : parse({ ...whole, region: 'us', groupBy: 'skill', limit: '1000' }, SKILL_GAP_SPEC).then((f) => this.skillGap.compute(f)),
      parse({ ...whole, limit: '1000' }, PROGRAM_DEMAND_SPEC).then((f) => this.programs.compute(f)),
      parse({ ...whole, groupBy: 'naics2', limit: '1000' }, RECOGNITION_SPEC).then((f) => this.recognition.compute(f)),
    ]);
    const half = async (region: string, h: FindingPeriod) => {
      const [postings, rec] = await Promise.all([
        parse({ region, from: h.from, to: h.to, groupBy: 'month' }, POSTINGS_SPEC).then((f) => this.postings.compute(f)),
        parse({ region, from: h.from, to: h.to, groupBy: 'credential', limit: '1000' }, RECOGNITION_SPEC).then((f) => this.recognition.compute(f)),
      ]);
      return { postings: postings.totals.unique, rec };
    };
    let halvesData: { e: { postings: number; rec: RecognitionResponse }; l: { postings: number; rec: RecognitionResponse }; ne: { postings: number; rec: RecognitionResponse } | null; nl: { postings: number; rec: RecognitionResponse } | null } | null = null;
    if (halves) {
      const [e, l, ne, nl] = await Promise.all([
        half(p.region, halves.earlier),
        half(p.region, halves.later),
        place.isNation ? null : half('us', halves.earlier),
        place.isNation ? null : half('us', halves.later),
      ]);
      halvesData = { e, l, ne, nl };
    }
    const changes = halvesData ? recognitionChanges(halvesData.e.rec.rows, halvesData.l.rec.rows) : [];
    const aligned = gap.rows.filter((r) => r.aligned).map((r) => r.key);
    const teachers = await this.teachers(aligned);
    const nationRatio = new Map((nationGap?.rows ?? []).map((r) => [r.key, r.ratio]));
    const nationHalves = halvesData?.ne && halvesData.nl ? { earlier: halvesData.ne.postings, later: halvesData.nl.postings } : null;
    const shares = (r: RecognitionResponse) => ({ postings: r.totals.postings, skillsFirstShare: r.totals.skillsFirstShare, degreeRequirementShare: r.totals.degreeRequirementShare });
    const { findings, omitted } = collect([
      postingsGrowth(place, halves, halvesData ? { earlier: halvesData.e.postings, later: halvesData.l.postings } : { earlier: 0, later: 0 }, nationHalves),
      recognitionMove(place, halves, changes, 'rise'),
      recognitionMove(place, halves, changes, 'fall'),
      industryNamingFinding(place, period, industries.rows),
      ...skillGapFindings(place, period, gap.rows, nationRatio, teachers),
      halvesData
        ? skillsFirstMove(place, halves, shares(halvesData.e.rec), shares(halvesData.l.rec), halvesData.ne && halvesData.nl ? { earlier: shares(halvesData.ne.rec), later: shares(halvesData.nl.rec) } : null)
        : skillsFirstMove(place, null, { postings: 0, skillsFirstShare: null, degreeRequirementShare: null }, { postings: 0, skillsFirstShare: null, degreeRequirementShare: null }, null),
      programGap(place, period, programs.rows),
    ]);
    return { place, period, halves, gap, programs, industries: industryNaming(industries.rows), recognitionChange: changes, findings, omitted };
  }

  /** Findings of one program (CIP) in a region: its gap, the move of its openings, its largest occupation. */
  async programFindings(p: { region: string; from: string; to: string }, cip: string, programs: ProgramDemandResponse) {
    const place: Place = { region: p.region, regionName: p.region === 'us' ? 'the United States' : await this.regionName(p.region), isNation: p.region === 'us' };
    const period = await this.statedPeriod(p);
    const row = programs.rows.find((r) => r.cip === cip) ?? programs.rows[0];
    const halves = await this.halves(p);
    const openings = async (region: string, h: FindingPeriod) =>
      (await this.programs.compute(await this.filters.parse({ region, from: h.from, to: h.to, cip }, PROGRAM_DEMAND_SPEC))).rows.find((r) => r.cip === cip)?.openings ?? 0;
    let growth = null;
    if (halves && row) {
      const [e, l, ne, nl] = await Promise.all([
        openings(p.region, halves.earlier),
        openings(p.region, halves.later),
        place.isNation ? null : openings('us', halves.earlier),
        place.isNation ? null : openings('us', halves.later),
      ]);
      growth = programOpeningsGrowth(place, halves, row.cip, row.title, { earlier: e, later: l }, ne !== null && nl !== null ? { earlier: ne, later: nl } : null);
    } else growth = programOpeningsGrowth(place, null, cip, row?.title ?? cip, { earlier: 0, later: 0 }, null);
    const results = row ? [programGap(place, period, [row]), growth, programTopOccupation(place, period, row)] : [growth];
    return { place, halves, ...collect(results) };
  }

  /** Names of the credentials aligned to each skill, alphabetical. */
  private async teachers(skills: string[]): Promise<Map<string, string[]>> {
    if (!skills.length) return new Map();
    const rows = await this.repo.credentialsTeaching(skills);
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.skill, [...(out.get(r.skill) ?? []), r.name]);
    return out;
  }

  async regionName(region: string): Promise<string> {
    if (region === 'us') return 'United States';
    const [kind, code] = region.split(':');
    return (await this.repo.regionName(kind, code)) ?? region;
  }
}
