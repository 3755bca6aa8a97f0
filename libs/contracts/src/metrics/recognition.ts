import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { RecognitionQuery } from './filters.js';
import { periodQuery, periodRow } from '../periods.js';

export const LevelRates = z
  .object({ any: z.number().nullable(), required: z.number().nullable(), preferred: z.number().nullable(), in_lieu: z.number().nullable() })
  .meta({ id: 'LevelRates', description: 'Share of the postings naming the credential (or any micro-credential) at each level; null when there are no postings.' });
export type LevelRates = z.infer<typeof LevelRates>;

/** One credential (or "any micro-credential", key 'any') or one industry. */
export const RecognitionRow = z
  .object({
    key: z.string().describe("Credential id, 'any', or a NAICS prefix ('--' = unknown)."),
    label: z.string(),
    postings: z.number().int().describe("Unique postings in the credential's target SOCs (credential rows), or in the industry."),
    naming: z
      .object({ any: z.number().int(), required: z.number().int(), preferred: z.number().int(), in_lieu: z.number().int() })
      .describe("Postings naming it, by level (each posting once per credential; 'any': at its strongest level)."),
    rates: LevelRates,
    degreeRequirementShare: z.number().nullable().optional().describe("Industry rows: share of postings requiring a bachelor's or higher."),
    skillsFirstShare: z.number().nullable().optional().describe('Industry rows: share with no degree requirement or an in-lieu clause.'),
  })
  .meta({ id: 'RecognitionRow' });
export type RecognitionRow = z.infer<typeof RecognitionRow>;

export const RecognitionTotals = z
  .object({ postings: z.number().int(), degreeRequirementShare: z.number().nullable(), skillsFirstShare: z.number().nullable() })
  .meta({ id: 'RecognitionTotals' });
export type RecognitionTotals = z.infer<typeof RecognitionTotals>;

export const RecognitionResponse = metricResponse('RecognitionResponse', 'GET /api/metrics/recognition', RecognitionQuery, RecognitionRow, RecognitionTotals);
export type RecognitionResponse = z.infer<typeof RecognitionResponse>;

/** groupBy=period: degree shares and the naming rate of any micro-credential (or of the filtered credential) per period. */
export const RecognitionPeriodRow = periodRow('RecognitionPeriodRow', 'Recognition in one period (groupBy=period).', {
  postings: z.number().int().describe('Unique postings in the period.'),
  degreeRequirementShare: z.number().nullable().describe("Share of the period's postings requiring a bachelor's or higher."),
  skillsFirstShare: z.number().nullable().describe('Share with no degree requirement or an in-lieu clause.'),
  credential: z.string().describe("'any' (any micro-credential), or the filtered credential's id."),
  targetPostings: z.number().int().describe("The naming rate's denominator: all postings ('any'), or postings in the credential's target SOCs."),
  naming: RecognitionRow.shape.naming,
  rates: LevelRates,
});
export type RecognitionPeriodRow = z.infer<typeof RecognitionPeriodRow>;
export const RecognitionSeriesQuery = periodQuery('RecognitionSeriesQuery', RecognitionQuery);
export const RecognitionSeriesResponse = metricResponse('RecognitionSeriesResponse', 'GET /api/metrics/recognition?groupBy=period', RecognitionSeriesQuery, RecognitionPeriodRow, RecognitionTotals);
export type RecognitionSeriesResponse = z.infer<typeof RecognitionSeriesResponse>;
