import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MetricResponse, NormalisedFilters } from '@credpulse/contracts';
import type { z } from 'zod';
import type { AppConfig } from '../../config/config.js';
import { MetaService } from '../../core/meta.service.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { rangeCoverage, type DataRange } from './periods/period-coverage.js';
import { FilterService } from './filters/filter.service.js';
import { echoFilters, type ParsedFilters } from './filters/parsed-filters.js';

export interface ResponseParts<Row, Totals> {
  /** The parsed filters (echoed normalised) or an already-normalised query object. */
  query: ParsedFilters | Record<string, unknown>;
  rows: Row[];
  totals: Totals;
  truncated: boolean;
  /** Cells suppressed by disclosure control in this answer (0 for answers about postings only). */
  suppressedCells: number;
  /** From METHOD_VERSIONS in @credpulse/metrics, e.g. "recognition@1". */
  methodVersion: string;
  notes?: string[];
}

/** A metric answer whose `query` has the endpoint's own echo type. */
export type TypedMetricResponse<Row, Totals, Q> = Omit<MetricResponse<Row, Totals>, 'query'> & { query: Q };

/**
 * Wraps rows into the MetricResponse envelope every metric endpoint returns: adds k (the
 * disclosure threshold in force), taxonomyVersions, dataAsOf and demo from MetaService.
 */
@Injectable()
export class EnvelopeService {
  private readonly log = new Logger('EnvelopeService');
  constructor(
    private readonly meta: MetaService,
    private readonly filters: FilterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The disclosure threshold k of this deployment (never below 3). */
  get k(): number {
    return this.config.k;
  }

  /** The months the data spans, for marking partial periods in trend rows. */
  dataRange(): Promise<DataRange> {
    return this.filters.dataRange();
  }

  /**
   * `querySchema` (the endpoint's echo schema from @credpulse/contracts, e.g. PostingsQuery) types
   * the `query` echo and checks it; the contract tests validate every answer against the same schema.
   */
  async buildResponse<Row, Totals, Q extends z.ZodType<NormalisedFilters> = z.ZodType<NormalisedFilters>>(
    parts: ResponseParts<Row, Totals> & { querySchema?: Q },
  ): Promise<TypedMetricResponse<Row, Totals, z.output<Q>>> {
    const [meta, data] = await Promise.all([this.meta.get(), this.filters.dataRange()]);
    const echo = isParsed(parts.query) ? echoFilters(parts.query) : parts.query;
    let query = echo as z.output<Q>;
    if (parts.querySchema) {
      const checked = parts.querySchema.safeParse(echo);
      // A mismatch is a bug of ours, not of the caller: answer anyway, loudly logged (the contract tests fail on it).
      if (checked.success) query = checked.data;
      else this.log.error(`query echo does not match its contract: ${checked.error.message}`);
    }
    const q = echo as { from?: unknown; to?: unknown };
    const coverage =
      typeof q.from === 'string' && typeof q.to === 'string'
        ? rangeCoverage({ from: q.from, to: q.to }, data)
        : { months: 0, monthsInPeriod: 0, partial: false, firstMonth: data.first, lastMonth: data.last };
    return {
      query,
      rows: parts.rows,
      totals: parts.totals,
      truncated: parts.truncated,
      suppressedCells: parts.suppressedCells,
      k: this.config.k,
      methodVersion: parts.methodVersion,
      taxonomyVersions: meta.taxonomyVersions,
      dataAsOf: meta.dataAsOf,
      demo: meta.demo,
      coverage,
      ...(parts.notes?.length ? { notes: parts.notes } : {}),
    };
  }
}

function isParsed(q: ParsedFilters | Record<string, unknown>): q is ParsedFilters {
  return typeof q === 'object' && q !== null && 'fromDate' in q && 'toEnd' in q && 'given' in q;
}
