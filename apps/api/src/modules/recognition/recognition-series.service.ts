import { Injectable } from '@nestjs/common';
import { type RecognitionPeriodRow, type RecognitionSeriesResponse, RecognitionSeriesQuery } from '@credpulse/contracts';
import { degreeRequirementShare, methodVersion, recognitionRates, round, skillsFirstShare } from '@credpulse/metrics';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { byPeriod, seriesPeriods } from '../analytics/periods/period-series.js';
import { RecognitionSeriesRepository } from './recognition-series.repository.js';

const LEVEL_NAMES = { 1: 'required', 2: 'preferred', 3: 'in_lieu' } as const;

/**
 * groupBy=period: the degree-requirement and skills-first shares and the naming rate of any
 * micro-credential (or of the filtered credential, among postings in its target SOCs) per period.
 * Every figure is a count of postings summed over months, so periods add up to the range.
 */
@Injectable()
export class RecognitionSeriesService {
  constructor(
    private readonly repo: RecognitionSeriesRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<RecognitionSeriesResponse> {
    const src = this.repo.sources(f, opts.raw === true);
    const credential = f.credential ?? 0;
    const [degree, naming, target, data] = await Promise.all([
      this.repo.degreeCounts(f, src.posting),
      this.repo.naming(f, src.naming, credential),
      credential === 0 ? Promise.resolve(null) : this.repo.targetPostings(f, src.target, credential),
      this.envelope.dataRange(),
    ]);
    const degreeBy = byPeriod(degree);
    const targetBy = target ? byPeriod(target) : null;
    const sum = { postings: 0, bachelor: 0, skillsFirst: 0 };
    const rows: RecognitionPeriodRow[] = seriesPeriods(f, data).map((p) => {
      const d = degreeBy.get(p.key) ?? { postings: 0, bachelor: 0, skillsFirst: 0 };
      sum.postings += d.postings;
      sum.bachelor += d.bachelor;
      sum.skillsFirst += d.skillsFirst;
      const named = { any: 0, required: 0, preferred: 0, in_lieu: 0 };
      for (const n of naming) {
        if (n.key !== p.key) continue;
        named[LEVEL_NAMES[n.level]] += n.n;
        named.any += n.n;
      }
      const denominator = targetBy ? (targetBy.get(p.key)?.n ?? 0) : d.postings;
      const r = recognitionRates(named.any, named, denominator);
      return {
        ...p,
        postings: d.postings,
        degreeRequirementShare: round(degreeRequirementShare(d.bachelor, d.postings)),
        skillsFirstShare: round(skillsFirstShare(d.skillsFirst, d.postings)),
        credential: credential === 0 ? 'any' : String(credential),
        targetPostings: denominator,
        naming: named,
        rates: { any: round(r.any), required: round(r.required), preferred: round(r.preferred), in_lieu: round(r.in_lieu) },
      };
    });
    return this.envelope.buildResponse({
      querySchema: RecognitionSeriesQuery,
      query: f,
      rows,
      totals: { postings: sum.postings, degreeRequirementShare: round(degreeRequirementShare(sum.bachelor, sum.postings)), skillsFirstShare: round(skillsFirstShare(sum.skillsFirst, sum.postings)) },
      truncated: false,
      suppressedCells: 0,
      methodVersion: methodVersion('recognition'),
      notes: [
        'One row per period: postings, degree shares, and postings naming any micro-credential (each once at its strongest level) or, with a credential filter, that credential among postings in its target SOCs.',
        ...(src.posting.rollup ? ['Answered from the monthly rollups.'] : []),
      ],
    });
  }
}
