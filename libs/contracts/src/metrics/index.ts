import { z } from 'zod';
import { ConcentrationResponse, ConcentrationSeriesResponse } from './concentration.js';
import { EquityResponse, EquitySeriesResponse } from './equity.js';
import { OutcomesResponse, OutcomesSeriesResponse } from './outcomes.js';
import { PathwaysResponse, PathwaysSeriesResponse } from './pathways.js';
import { PostingsResponse, PostingsSeriesResponse } from './postings.js';
import { ProgramDemandAwardLevelResponse, ProgramDemandResponse, ProgramDemandSeriesResponse } from './program-demand.js';
import { ProgramSkillsResponse, ProgramSkillsSeriesResponse } from './program-skills.js';
import { RecognitionResponse, RecognitionSeriesResponse } from './recognition.js';
import { SaturationResponse, SaturationSeriesResponse } from './saturation.js';
import { SkillGapResponse, SkillGapSeriesResponse } from './skill-gap.js';

/** The default answer of each metric endpoint (GET /api/metrics/<name>, without groupBy=period). */
export const METRIC_DEFAULT_RESPONSES = {
  postings: PostingsResponse,
  recognition: RecognitionResponse,
  'skill-gap': SkillGapResponse,
  'program-demand': ProgramDemandResponse,
  'program-skills': ProgramSkillsResponse,
  concentration: ConcentrationResponse,
  outcomes: OutcomesResponse,
  equity: EquityResponse,
  pathways: PathwaysResponse,
  saturation: SaturationResponse,
} as const;
export type MetricName = keyof typeof METRIC_DEFAULT_RESPONSES;
export const METRIC_NAMES = Object.keys(METRIC_DEFAULT_RESPONSES) as MetricName[];

/** The answer of each metric endpoint with `groupBy=period&granularity=month|quarter|year`: one row per period. */
export const METRIC_SERIES_RESPONSES = {
  postings: PostingsSeriesResponse,
  recognition: RecognitionSeriesResponse,
  'skill-gap': SkillGapSeriesResponse,
  'program-demand': ProgramDemandSeriesResponse,
  'program-skills': ProgramSkillsSeriesResponse,
  concentration: ConcentrationSeriesResponse,
  outcomes: OutcomesSeriesResponse,
  equity: EquitySeriesResponse,
  pathways: PathwaysSeriesResponse,
  saturation: SaturationSeriesResponse,
} as const satisfies Record<MetricName, z.ZodType>;

const answer = <A extends z.ZodType, B extends z.ZodType>(name: string, a: A, b: B, extra: z.ZodType[] = []) =>
  z.union([a, b, ...extra]).meta({ id: `${name}Answer`, description: `Any answer of GET /api/metrics/${name.toLowerCase()}: by \`query.groupBy\` (period: the series answer).` });

/** Every metric endpoint and the schema of every answer it gives (the OpenAPI document's 200), by `query.groupBy`. */
export const METRIC_RESPONSES = {
  postings: answer('Postings', PostingsResponse, PostingsSeriesResponse),
  recognition: answer('Recognition', RecognitionResponse, RecognitionSeriesResponse),
  'skill-gap': answer('SkillGap', SkillGapResponse, SkillGapSeriesResponse),
  'program-demand': z
    .union([ProgramDemandResponse, ProgramDemandAwardLevelResponse, ProgramDemandSeriesResponse])
    .meta({ id: 'ProgramDemandAnswer', description: 'groupBy=cip: ProgramDemandResponse; groupBy=award-level: ProgramDemandAwardLevelResponse; groupBy=period: ProgramDemandSeriesResponse.' }),
  'program-skills': answer('ProgramSkills', ProgramSkillsResponse, ProgramSkillsSeriesResponse),
  concentration: answer('Concentration', ConcentrationResponse, ConcentrationSeriesResponse),
  outcomes: answer('Outcomes', OutcomesResponse, OutcomesSeriesResponse),
  equity: answer('Equity', EquityResponse, EquitySeriesResponse),
  pathways: answer('Pathways', PathwaysResponse, PathwaysSeriesResponse),
  saturation: answer('Saturation', SaturationResponse, SaturationSeriesResponse),
} as const satisfies Record<MetricName, z.ZodType>;

/** Every answer each metric endpoint can give (program-demand: any of its three envelopes). */
export type MetricAnswers = { [K in MetricName]: z.infer<(typeof METRIC_RESPONSES)[K]> };
/**
 * The answer type of each metric endpoint as the dashboard asks it by default, e.g. `MetricResponses['postings']`.
 * program-demand: the groupBy=cip answer (groupBy=award-level answers ProgramDemandAwardLevelResponse).
 */
export type MetricResponses = { [K in MetricName]: z.infer<(typeof METRIC_DEFAULT_RESPONSES)[K]> };
/** The answer type of each metric endpoint with groupBy=period, e.g. `MetricSeriesResponses['recognition']`. */
export type MetricSeriesResponses = { [K in MetricName]: z.infer<(typeof METRIC_SERIES_RESPONSES)[K]> };
