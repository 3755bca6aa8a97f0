import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { ProgramSkillsQuery } from './filters.js';
import { periodQuery, periodRow } from '../periods.js';

/** One skill employers ask for in a program's occupations, and whether the program's credentials cover it. */
export const ProgramSkillRow = z
  .object({
    key: z.string().describe('Skill id (e.g. `onet:python`, `esco:<uuid>`).'),
    label: z.string(),
    demand: z.number().int().describe("Unique postings in the program's occupations (CIP-SOC crosswalk) that require or prefer the skill."),
    required: z.number().int().describe('Of those, postings that require it.'),
    share: z.number().describe("demand / postings in the program's occupations."),
    covered: z.boolean().describe('True when a credential linked to the program is aligned to the skill.'),
    coveredBy: z.array(z.string()).describe("The program's credentials aligned to the skill (names)."),
  })
  .meta({ id: 'ProgramSkillRow' });
export type ProgramSkillRow = z.infer<typeof ProgramSkillRow>;

export const ProgramSkillsTotals = z
  .object({
    postings: z.number().int().describe("Unique postings in the program's occupations."),
    credentials: z.number().int().describe('Credentials linked to the program (catalog CIP alignment, or at least k awards in the program).'),
    coveredDemandShare: z.number().nullable().describe('Share of the listed demand (postings naming a listed skill, summed) on covered skills.'),
  })
  .meta({ id: 'ProgramSkillsTotals' });
export type ProgramSkillsTotals = z.infer<typeof ProgramSkillsTotals>;

export const ProgramSkillsResponse = metricResponse('ProgramSkillsResponse', 'GET /api/metrics/program-skills', ProgramSkillsQuery, ProgramSkillRow, ProgramSkillsTotals);
export type ProgramSkillsResponse = z.infer<typeof ProgramSkillsResponse>;

/** groupBy=period: postings in the program's occupations per period, and those naming a skill its credentials cover. */
export const ProgramSkillsPeriodRow = periodRow('ProgramSkillsPeriodRow', "Demand in a program's occupations in one period (groupBy=period).", {
  postings: z.number().int().describe("Unique postings in the program's occupations in the period."),
  withSkills: z.number().int().describe('Of those, postings that require or prefer at least one skill.'),
  covered: z.number().int().describe("Of those, postings requiring or preferring a skill the program's credentials cover."),
  coveredShare: z.number().nullable().describe('covered / withSkills; null when no posting names a skill.'),
});
export type ProgramSkillsPeriodRow = z.infer<typeof ProgramSkillsPeriodRow>;
export const ProgramSkillsSeriesTotals = z.object({ postings: z.number().int(), credentials: z.number().int() }).meta({ id: 'ProgramSkillsSeriesTotals' });
export const ProgramSkillsSeriesQuery = periodQuery('ProgramSkillsSeriesQuery', ProgramSkillsQuery);
export const ProgramSkillsSeriesResponse = metricResponse('ProgramSkillsSeriesResponse', 'GET /api/metrics/program-skills?groupBy=period', ProgramSkillsSeriesQuery, ProgramSkillsPeriodRow, ProgramSkillsSeriesTotals);
export type ProgramSkillsSeriesResponse = z.infer<typeof ProgramSkillsSeriesResponse>;
