import { Inject, Injectable } from '@nestjs/common';
import { type ProgramSkillsPeriodRow, type ProgramSkillsSeriesResponse, ProgramSkillsSeriesQuery } from '@credpulse/contracts';
import { methodVersion, round, share } from '@credpulse/metrics';
import { badParameter } from '../../common/problem.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { byPeriod, seriesPeriods } from '../analytics/periods/period-series.js';
import { ProgramSkillsRepository } from './program-skills.repository.js';

/** groupBy=period: postings in a program's occupations per period, and how many ask for a skill its credentials cover. */
@Injectable()
export class ProgramSkillsSeriesService {
  constructor(
    private readonly repo: ProgramSkillsRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compute(f: ParsedFilters): Promise<ProgramSkillsSeriesResponse> {
    if (!f.cip) throw badParameter('cip', 'cip is required: the program (CIP 2020 code, e.g. 11.1003) whose occupations to look at.');
    const coverage = await this.repo.coverage(f.cip.code, this.config.k);
    const [counts, data] = await Promise.all([this.repo.demandByPeriod(f, f.cip.code, [...coverage.bySkill.keys()]), this.envelope.dataRange()]);
    const by = byPeriod(counts);
    let postings = 0;
    const rows: ProgramSkillsPeriodRow[] = seriesPeriods(f, data).map((p) => {
      const c = by.get(p.key) ?? { postings: 0, withSkills: 0, covered: 0 };
      postings += c.postings;
      return { ...p, postings: c.postings, withSkills: c.withSkills, covered: c.covered, coveredShare: round(share(c.covered, c.withSkills)) };
    });
    return this.envelope.buildResponse({
      querySchema: ProgramSkillsSeriesQuery,
      query: f,
      rows,
      totals: { postings, credentials: coverage.credentials },
      truncated: false,
      suppressedCells: 0,
      methodVersion: methodVersion('programSkills'),
      notes: [
        "One row per period: unique postings in the program's occupations (NCES CIP-SOC crosswalk), those requiring or preferring any skill, and those requiring or preferring a skill the program's credentials cover.",
      ],
    });
  }
}
