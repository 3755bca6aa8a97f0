import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { SaturationQuery } from './filters.js';
import { PeopleCount } from './outcomes.js';
import { periodQuery, periodRow } from '../periods.js';

/** `skills`: saturation per skill; `unrecognized`: credentials with awards that no posting names. */
export const SATURATION_VIEWS = ['skills', 'unrecognized'] as const;
export type SaturationView = (typeof SATURATION_VIEWS)[number];

export const SaturationSkillRow = z
  .object({
    kind: z.literal('skill'),
    skillId: z.string(),
    name: z.string(),
    credentials: z.number().int().describe('Credentials aligned to the skill (saturation_s); not a count of people.'),
    awards: PeopleCount.describe('Awards of those credentials in the period (people, protected; overlaps across skills).'),
    postings: z.number().int().describe('Unique postings in the period requiring or preferring the skill.'),
  })
  .meta({ id: 'SaturationSkillRow' });
export type SaturationSkillRow = z.infer<typeof SaturationSkillRow>;

export const UnrecognizedRow = z
  .object({ kind: z.literal('credential'), credentialId: z.number().int(), name: z.string(), awards: PeopleCount })
  .meta({ id: 'UnrecognizedRow' });
export type UnrecognizedRow = z.infer<typeof UnrecognizedRow>;

export const SaturationRow = z.discriminatedUnion('kind', [SaturationSkillRow, UnrecognizedRow]).meta({ id: 'SaturationRow', description: 'view=skills: skill rows; view=unrecognized: credential rows.' });
export type SaturationRow = z.infer<typeof SaturationRow>;

export const SaturationTotals = z
  .object({
    credentialsAwarded: z.number().int().describe('Credentials with awards in the period.'),
    unrecognized: z.number().int().describe('Of them, named by no posting in the period.'),
    unrecognizedAwards: PeopleCount.optional().describe('Awards of unrecognized credentials (view=unrecognized).'),
  })
  .meta({ id: 'SaturationTotals' });
export type SaturationTotals = z.infer<typeof SaturationTotals>;

export const SaturationResponse = metricResponse('SaturationResponse', 'GET /api/metrics/saturation', SaturationQuery, SaturationRow, SaturationTotals);
export type SaturationResponse = z.infer<typeof SaturationResponse>;

/** groupBy=period: credentials awarded, those no posting named, and their awards, per period. */
export const SaturationPeriodRow = periodRow('SaturationPeriodRow', 'Saturation in one period (groupBy=period).', {
  credentialsAwarded: z.number().int().describe('Credentials with awards in the period (the skill filter applies to the ungrouped skill rows only).'),
  unrecognized: z.number().int().describe('Of them, named by no posting in the period.'),
  awards: PeopleCount.describe('Awards of those credentials in the period (people; suppressed per period).'),
  unrecognizedAwards: PeopleCount.describe('Awards of the unrecognized ones (people; suppressed per period).'),
});
export type SaturationPeriodRow = z.infer<typeof SaturationPeriodRow>;
export const SaturationSeriesTotals = z
  .object({ credentialsAwarded: z.number().int(), unrecognized: z.number().int(), awards: PeopleCount, unrecognizedAwards: PeopleCount })
  .meta({ id: 'SaturationSeriesTotals' });
export const SaturationSeriesQuery = periodQuery('SaturationSeriesQuery', SaturationQuery);
export const SaturationSeriesResponse = metricResponse('SaturationSeriesResponse', 'GET /api/metrics/saturation?groupBy=period', SaturationSeriesQuery, SaturationPeriodRow, SaturationSeriesTotals);
export type SaturationSeriesResponse = z.infer<typeof SaturationSeriesResponse>;
