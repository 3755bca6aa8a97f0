import { Inject, Injectable } from '@nestjs/common';
import type { ProgramSkillRow, ProgramSkillsResponse } from '@credpulse/contracts';
import { ProgramSkillsQuery } from '@credpulse/contracts';
import { methodVersion } from '@credpulse/metrics';
import { badParameter } from '../../common/problem.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { FilterSpec, ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { ProgramSkillsRepository } from './program-skills.repository.js';

export const PROGRAM_SKILLS_SPEC: FilterSpec = { accept: ['from', 'to', 'region', 'naics', 'cip', 'limit'], require: ['cip'] };

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** For deans: the skills employers ask for in a program's occupations against those its credentials cover. */
@Injectable()
export class ProgramSkillsService {
  constructor(
    private readonly repo: ProgramSkillsRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compute(f: ParsedFilters): Promise<ProgramSkillsResponse> {
    if (!f.cip) throw badParameter('cip', 'cip is required: the program (CIP 2020 code, e.g. 11.1003) whose occupations to look at.');
    const limit = Math.min(f.limit, 200);
    const [{ postings, skills }, coverage] = await Promise.all([this.repo.demand(f, f.cip.code, limit + 1), this.repo.coverage(f.cip.code, this.config.k)]);
    const truncated = skills.length > limit;
    const rows: ProgramSkillRow[] = skills.slice(0, limit).map((s) => {
      const coveredBy = coverage.bySkill.get(s.skillId) ?? [];
      return { key: s.skillId, label: s.name, demand: s.demand, required: s.required, share: postings ? round(s.demand / postings) : 0, covered: coveredBy.length > 0, coveredBy };
    });
    const listed = rows.reduce((a, r) => a + r.demand, 0);
    const covered = rows.reduce((a, r) => a + (r.covered ? r.demand : 0), 0);
    return this.envelope.buildResponse({
      querySchema: ProgramSkillsQuery,
      query: f,
      rows,
      totals: { postings, credentials: coverage.credentials, coveredDemandShare: listed ? round(covered / listed) : null },
      truncated,
      suppressedCells: 0,
      methodVersion: methodVersion('programSkills'),
      notes: [
        "Demand: unique postings in the program's occupations (NCES CIP-SOC crosswalk) that require or prefer the skill.",
        `Covered: a credential aligned to the program's CIP in the catalog, or earned by at least ${this.config.k} people in the program, is aligned to the skill.`,
      ],
    });
  }
}
