import { Injectable } from '@nestjs/common';
import { type ConcentrationPeriodRow, type ConcentrationSeriesResponse, ConcentrationSeriesQuery } from '@credpulse/contracts';
import { LQ_CONCENTRATED, locationQuotient, methodVersion, round, share } from '@credpulse/metrics';
import { badParameter } from '../../common/problem.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { rollupCanAnswer } from '../analytics/catalogue/source.js';
import { seriesPeriods } from '../analytics/periods/period-series.js';
import { ConcentrationRepository } from './concentration.repository.js';

/**
 * groupBy=period: the location quotient of the filtered item (a NAICS or SOC code; all postings
 * without one) in the region, per period. Counts are postings, summed over months.
 */
@Injectable()
export class ConcentrationSeriesService {
  constructor(
    private readonly repo: ConcentrationRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<ConcentrationSeriesResponse> {
    if (f.extra.baseFrom !== undefined || f.extra.baseTo !== undefined) {
      throw badParameter(f.extra.baseFrom !== undefined ? 'baseFrom' : 'baseTo', 'Shift-share compares two periods of its own: leave out baseFrom and baseTo with groupBy=period.');
    }
    // postings by SOC when the item is an occupation (as groupBy=soc), else by sector; all from rollups or all raw
    const name = f.soc ? 'postingSoc' : 'postingSector';
    const nation: ParsedFilters = { ...f, region: { kind: 'us', code: 'us' } };
    const forceRaw = opts.raw === true || !rollupCanAnswer(name, f);
    const count = (ff: ParsedFilters, skipItem: boolean) => this.repo.counts(ff, name, { period: f.granularity }, { needs: [], forceRaw, skipItem });
    const [ir, r, iN, N, data] = await Promise.all([count(f, false), count(f, true), count(nation, false), count(nation, true), this.envelope.dataRange()]);
    const total = { region: 0, nation: 0 };
    const rows: ConcentrationPeriodRow[] = seriesPeriods(f, data).map((p) => {
      const [eir, er, eiN, eN] = [ir, r, iN, N].map((m) => m.get(p.key) ?? 0);
      total.region += er;
      total.nation += eN;
      const lq = locationQuotient(eir, er, eiN, eN);
      return {
        ...p,
        count: eir,
        regionTotal: er,
        nationCount: eiN,
        nationTotal: eN,
        localShare: round(share(eir, er)),
        nationalShare: round(share(eiN, eN)),
        lq: round(lq),
        concentrated: lq !== null && lq > LQ_CONCENTRATED,
      };
    });
    return this.envelope.buildResponse({
      querySchema: ConcentrationSeriesQuery,
      query: f,
      rows,
      totals: { regionTotal: total.region, nationTotal: total.nation },
      truncated: false,
      suppressedCells: 0,
      methodVersion: methodVersion('concentration'),
      notes: [`One row per period: LQ = (e_ir / e_r) / (e_iN / e_N) over unique postings, the item being the naics or soc filter (all postings without one); LQ > ${LQ_CONCENTRATED} reads as concentrated.`],
    });
  }
}
