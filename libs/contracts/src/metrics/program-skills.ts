import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { ProgramSkillsQuery } from './filters.js';

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
