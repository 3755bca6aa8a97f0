import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { RollupName } from '../../apps/api/src/modules/analytics/catalogue/catalogue.js';
import { source } from '../../apps/api/src/modules/analytics/catalogue/source.js';
import { SqlParams, where } from '../../apps/api/src/modules/analytics/filters/sql-builder.js';
import type { ParsedFilters } from '../../apps/api/src/modules/analytics/filters/parsed-filters.js';
import { openTestDataSource } from './support/test-db.js';

// A county, CBSA or custom region counts a posting when its first place or any other place lies in
// it. Written as an OR with an IN sub-plan, PostgreSQL cannot push that condition into the raw
// sources (UNION ALL subqueries): every posting was joined and computed, then filtered (10 s per
// recognition call on the 50,000-posting demo). The condition must reach the branches' own scans.

type Node = { 'Node Type': string; Filter?: string; Plans?: Node[] };
const nodes = (n: Node): Node[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe('region filters on the raw sources', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  afterAll(() => ds?.destroy());

  const filters = (region: ParsedFilters['region']): ParsedFilters => ({
    from: '2024-01', to: '2025-12', fromDate: '2024-01-01', toEnd: '2026-01-01', region,
    granularity: 'month', limit: 100, extra: {}, given: new Set(),
  });

  const plan = async (name: RollupName, f: ParsedFilters): Promise<Node[]> => {
    const p = new SqlParams();
    const s = source(name, f, p, { forceRaw: true, skip: ['credential'] });
    const [row] = await ds.query(`EXPLAIN (FORMAT JSON) SELECT count(*) FROM ${s.from} ${where(s.where)}`, p.values);
    const doc = typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN'];
    return nodes(doc[0].Plan);
  };

  for (const region of [
    { kind: 'county', code: '06001' },
    { kind: 'cbsa', code: '35620' },
    { kind: 'custom', code: '1' },
  ] as const) {
    it(`a ${region.kind} filter is applied inside the credential-mentions and postings sources, not as a sub-plan over all their rows`, async () => {
      for (const name of ['credentialNaming', 'posting', 'postingSoc'] as const) {
        const all = await plan(name, filters(region));
        const subPlanFilters = all.filter((n) => /SubPlan/.test(n.Filter ?? '')).map((n) => `${n['Node Type']}: ${n.Filter}`);
        expect(subPlanFilters, name).toEqual([]);
        // the places are read (job_posting's first place and posting_location's others)
        expect(JSON.stringify(all), name).toContain('posting_location');
      }
    });
  }
});
