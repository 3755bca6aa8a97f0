import type { Type } from '@nestjs/common';
import type {
  DashboardView,
  EquityResponse,
  OutcomesResponse,
  PathwaysResponse,
  PeerMeasure,
  PostingsResponse,
  ProgramDemandResponse,
  RecognitionResponse,
  SaturationResponse,
  SkillGapResponse,
} from '@credpulse/contracts';
import type { FilterSpec, ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { EQUITY_SPEC, EquityService } from '../equity/equity.service.js';
import { OUTCOMES_SPEC, OutcomesService } from '../outcomes/outcomes.service.js';
import { PATHWAYS_SPEC, PathwaysService } from '../pathways/pathways.service.js';
import { POSTINGS_SPEC, PostingsService } from '../postings/postings.service.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from '../program-demand/program-demand.service.js';
import { RECOGNITION_SPEC, RecognitionService } from '../recognition/recognition.service.js';
import { SATURATION_SPEC, SaturationService } from '../saturation/saturation.service.js';
import { SKILL_GAP_SPEC, SkillGapService } from '../skill-gap/skill-gap.service.js';

/** One figure of an area: null with suppressed true when disclosure control hid what it is made of. */
export interface MeasureValue {
  value: number | null;
  suppressed: boolean;
}

interface Computer<R> {
  compute(f: ParsedFilters): Promise<R>;
}

/**
 * A view's headline measure (issue 17: "every view shows the region beside its peers and the nation
 * scaled to its size"): the metric request behind it and how its figure is read from the answer.
 * Each area's figure is its own request to the metric's service, so disclosure control is the
 * service's: a figure made of a hidden cell is hidden here too.
 */
export interface MeasureDef<R = never> {
  label: string;
  unit: PeerMeasure['unit'];
  kind: PeerMeasure['kind'];
  people: boolean;
  metric: string;
  service: Type<Computer<R>>;
  spec: FilterSpec;
  /** Fixed parameters beside region, from and to. */
  params: Record<string, string>;
  read(res: R): MeasureValue;
}

const def = <R>(d: MeasureDef<R>): MeasureDef<unknown> => d as unknown as MeasureDef<unknown>;
const shown = (value: number | null | undefined): MeasureValue => ({
  value: value ?? null,
  suppressed: false,
});

export const PEER_MEASURES: Record<DashboardView, MeasureDef<unknown>> = {
  overview: def<PostingsResponse>({
    label: 'Median advertised annual salary',
    unit: 'dollars',
    kind: 'rate',
    people: false,
    metric: 'postings',
    service: PostingsService,
    spec: POSTINGS_SPEC,
    params: { groupBy: 'naics2', limit: '1' },
    read: (r) => shown(r.totals.medianAnnualWage),
  }),
  recognition: def<RecognitionResponse>({
    label: 'Postings naming any micro-credential',
    unit: 'percent',
    kind: 'rate',
    people: false,
    metric: 'recognition',
    service: RecognitionService,
    spec: RECOGNITION_SPEC,
    params: { groupBy: 'credential', limit: '25' },
    read: (r) => shown(r.rows.find((x) => x.key === 'any')?.rates.any),
  }),
  'skill-gaps': def<SkillGapResponse>({
    label: 'Awards of aligned credentials per posting naming a skill (supply / demand)',
    unit: 'ratio',
    kind: 'rate',
    people: true,
    metric: 'skill-gap',
    service: SkillGapService,
    spec: SKILL_GAP_SPEC,
    // the totals' ratio is given by month only (a skill's postings are not summed across skills)
    params: { groupBy: 'month' },
    read: (r) => ({
      value: r.totals.supply === null ? null : r.totals.ratio,
      suppressed: r.totals.supply === null && r.totals.demand > 0,
    }),
  }),
  outcomes: def<OutcomesResponse>({
    label: 'Earners employed a year after the award',
    unit: 'percent',
    kind: 'rate',
    people: true,
    metric: 'outcomes',
    service: OutcomesService,
    spec: OUTCOMES_SPEC,
    params: { groupBy: 'credential', limit: '1' },
    read: (r) => {
      const q = r.totals.quarters.find((x) => x.quarter === 4);
      const hidden = r.totals.earners.suppressed || q === undefined || q.withData.suppressed || q.employed.suppressed;
      return {
        value: hidden ? null : (q?.employmentRate ?? null),
        suppressed: hidden && (r.totals.earners.value ?? 1) > 0,
      };
    },
  }),
  programs: def<ProgramDemandResponse>({
    label: 'Program completions per year',
    unit: 'count',
    kind: 'count',
    people: true,
    metric: 'program-demand',
    service: ProgramDemandService,
    spec: PROGRAM_DEMAND_SPEC,
    params: { limit: '1' },
    read: (r) => shown(r.totals.completionsPerYear),
  }),
  equity: def<EquityResponse>({
    label: 'Credential awards',
    unit: 'count',
    kind: 'count',
    people: true,
    metric: 'equity',
    service: EquityService,
    spec: EQUITY_SPEC,
    params: {},
    read: (r) => ({
      value: r.totals.awards.value,
      suppressed: r.totals.awards.suppressed,
    }),
  }),
  pathways: def<PathwaysResponse>({
    label: 'Earners who went on to the next credential of a pathway (pathways shown)',
    unit: 'percent',
    kind: 'rate',
    people: true,
    metric: 'pathways',
    service: PathwaysService,
    spec: PATHWAYS_SPEC,
    params: {},
    // over the pathways whose two counts are both shown: a hidden cell never enters the sum
    read: (r) => {
      let from = 0;
      let later = 0;
      let hidden = false;
      for (const row of r.rows) {
        if (row.earnersFrom.value === null || row.laterTo.value === null) {
          hidden = true;
          continue;
        }
        from += row.earnersFrom.value;
        later += row.laterTo.value;
      }
      return {
        value: from > 0 ? later / from : null,
        suppressed: hidden && from === 0,
      };
    },
  }),
  saturation: def<SaturationResponse>({
    label: 'Awarded credentials that no posting names',
    unit: 'percent',
    kind: 'rate',
    people: false,
    metric: 'saturation',
    service: SaturationService,
    spec: SATURATION_SPEC,
    params: { view: 'skills', limit: '1' },
    read: (r) => shown(r.totals.credentialsAwarded > 0 ? r.totals.unrecognized / r.totals.credentialsAwarded : null),
  }),
};
