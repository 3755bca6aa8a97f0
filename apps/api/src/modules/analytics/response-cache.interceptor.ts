import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, of, switchMap, tap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';

/**
 * The version of everything a metric answer depends on: data loads (app_meta data_as_of and demo,
 * ingest runs), rollup refreshes and taxonomy loads. One small query per request; any ingest,
 * refresh, demo load or taxonomy load changes it, so a cached answer is never served stale across
 * processes (a CLI ingest while the server runs included).
 */
export async function dataVersion(ds: DataSource): Promise<string> {
  const [r]: { v: string }[] = await ds.query(`SELECT ${DATA_VERSION_SQL} AS v`);
  return r?.v ?? '';
}

/** dataVersion() as an SQL expression, for a query that reads other versions in the same round trip. */
export const DATA_VERSION_SQL = `concat_ws('|',
      (SELECT max(updated_at)::text FROM app_meta),
      (SELECT count(*) || ':' || COALESCE(max(finished_at)::text, '') || ':' || COALESCE(max(id)::text, '') FROM ingest_run),
      (SELECT max(refreshed_at)::text FROM rollup_state),
      (SELECT max(loaded_at)::text FROM taxonomy_version))`;

/**
 * Caches GET /api/metrics/* answers in memory (LRU, CREDPULSE_RESPONSE_CACHE entries), keyed by the
 * path, the query parameters sorted, and dataVersion(). Runs after the guards (authorization is
 * checked on every request) and only stores successful answers. Custom regions are not cached:
 * their counties can be edited without a data load.
 */
@Injectable()
export class ResponseCacheInterceptor implements NestInterceptor {
  private readonly entries = new Map<string, { version: string; body: unknown }>();

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const max = this.config.responseCacheEntries ?? 0;
    if (max <= 0 || ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const key = cacheKey(req);
    if (key === undefined) return next.handle();
    return from(dataVersion(this.ds)).pipe(
      switchMap((version) => {
        const hit = this.entries.get(key);
        if (hit && hit.version === version) {
          this.entries.delete(key);
          this.entries.set(key, hit);
          return of(hit.body);
        }
        return next.handle().pipe(
          tap((body) => {
            this.entries.delete(key);
            this.entries.set(key, { version, body });
            while (this.entries.size > max) this.entries.delete(this.entries.keys().next().value as string);
          }),
        );
      }),
    );
  }

  /** Entries held (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}

function cacheKey(req: Request): string | undefined {
  if (req.method !== 'GET' || !req.path.startsWith('/api/metrics/')) return undefined;
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v !== 'string') return undefined; // repeated or nested parameters: let the endpoint answer (or refuse) them
    if (k === 'region' && v.toLowerCase().startsWith('custom')) return undefined;
    pairs.push([k, v]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${req.path}?${new URLSearchParams(pairs).toString()}`;
}
