import { Inject, Injectable } from '@nestjs/common';
import { type PeopleCount, type SaturationPeriodRow, type SaturationSeriesResponse, SaturationSeriesQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { protectSeries, seriesPeriods } from '../analytics/periods/period-series.js';
import { resolveK } from '../outcomes/people-k.js';
import { SaturationSeriesRepository } from './saturation-series.repository.js';

/**
 * groupBy=period: credentials awarded in each period, those no posting of the same period names,
 * and the awards of each (people: protected per period; recognized awards, the difference, are
 * protected too).
 */
@Injectable()
export class SaturationSeriesService {
  constructor(
    private readonly repo: SaturationSeriesRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<SaturationSeriesResponse> {
    const k = resolveK(f, this.config.k);
    const [creds, data] = await Promise.all([this.repo.credentials(f, opts), this.envelope.dataRange()]);
    const periods = seriesPeriods(f, data);
    const sumBy = (pick: (c: (typeof creds)[number]) => boolean) => {
      const m = new Map<string, number>();
      for (const c of creds) if (pick(c)) m.set(c.key, (m.get(c.key) ?? 0) + c.awards);
      return m;
    };
    const t = new DisclosureTable();
    const all = protectSeries(t, 'awards', f, periods, sumBy(() => true));
    const unrec = protectSeries(t, 'unrecognized', f, periods, sumBy((c) => !c.named));
    // awards = unrecognized + recognized in each period: the recognized part is derivable, so protected
    const recognized = sumBy((c) => c.named);
    for (const p of periods) t.sum(all.cell(p.key), [unrec.cell(p.key), t.cell(`recognized:${p.key}`, recognized.get(p.key) ?? 0, false)]);
    t.sum(all.total, [unrec.total, t.cell('recognized:__total', [...recognized.values()].reduce((s, n) => s + n, 0), false)]);
    t.apply(k);
    const people = (id: string): PeopleCount => {
      const p = t.get(id);
      return p.suppressed ? { value: null, suppressed: true, reason: p.reason } : { value: p.value, suppressed: false };
    };
    const rows: SaturationPeriodRow[] = periods.map((p) => {
      const inPeriod = creds.filter((c) => c.key === p.key);
      return { ...p, credentialsAwarded: inPeriod.length, unrecognized: inPeriod.filter((c) => !c.named).length, awards: people(all.cell(p.key)), unrecognizedAwards: people(unrec.cell(p.key)) };
    });
    const distinct = (pick: (c: (typeof creds)[number]) => boolean) => new Set(creds.filter(pick).map((c) => c.id)).size;
    const response = await this.envelope.buildResponse({
      querySchema: SaturationSeriesQuery,
      query: f,
      rows,
      totals: {
        credentialsAwarded: distinct(() => true),
        // unrecognized over the range (as the ungrouped answer): named by no posting of the range
        unrecognized: distinct((c) => !c.namedInRange),
        awards: people(all.total),
        unrecognizedAwards: people(unrec.total),
      },
      truncated: false,
      suppressedCells: all.suppressed() + unrec.suppressed(),
      methodVersion: methodVersion('saturation', true),
      notes: [
        'One row per period: a credential is unrecognized in a period when no posting of that period (and region) names it, so a credential can be unrecognized in one quarter and named in the next; totals.unrecognized counts credentials no posting of the whole range names.',
        'The skill filter applies to the ungrouped skill rows only; the series counts every credential with awards.',
      ],
    });
    return { ...response, k };
  }
}
