import type { z } from 'zod';
import { ConcentrationResponse } from './concentration.js';
import { EquityResponse } from './equity.js';
import { OutcomesResponse } from './outcomes.js';
import { PathwaysResponse } from './pathways.js';
import { PostingsResponse } from './postings.js';
import { ProgramDemandAnswer, ProgramDemandResponse } from './program-demand.js';
import { ProgramSkillsResponse } from './program-skills.js';
import { RecognitionResponse } from './recognition.js';
import { SaturationResponse } from './saturation.js';
import { SkillGapResponse } from './skill-gap.js';

/** Every metric endpoint (GET /api/metrics/<name>) and the schema of its answer. */
export const METRIC_RESPONSES = {
  postings: PostingsResponse,
  recognition: RecognitionResponse,
  'skill-gap': SkillGapResponse,
  'program-demand': ProgramDemandAnswer,
  'program-skills': ProgramSkillsResponse,
  concentration: ConcentrationResponse,
  outcomes: OutcomesResponse,
  equity: EquityResponse,
  pathways: PathwaysResponse,
  saturation: SaturationResponse,
} as const;
export type MetricName = keyof typeof METRIC_RESPONSES;
export const METRIC_NAMES = Object.keys(METRIC_RESPONSES) as MetricName[];
/** Every answer each metric endpoint can give (program-demand: either envelope). */
export type MetricAnswers = { [K in MetricName]: z.infer<(typeof METRIC_RESPONSES)[K]> };
/**
 * The answer type of each metric endpoint as the dashboard asks it, e.g. `MetricResponses['postings']`.
 * program-demand: the default groupBy=cip answer (groupBy=award-level answers ProgramDemandAwardLevelResponse).
 */
export type MetricResponses = { [K in MetricName]: K extends 'program-demand' ? z.infer<typeof ProgramDemandResponse> : z.infer<(typeof METRIC_RESPONSES)[K]> };
