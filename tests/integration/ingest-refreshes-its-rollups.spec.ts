import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { ingestFile, type IngestDeps } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { afterLoadHook } from '../../apps/api/src/modules/ingest/ingest.service.js';
import { seedAnalyticsDataset } from '../fixtures/analytics-dataset.fixture.js';
import { openTestDataSource, testHandle, truncateFacts } from './support/test-db.js';

// After a load, the rollups of the facts the file changed are refreshed from its earliest month,
// and only those: a postings file does not spend minutes rebuilding award and outcome rollups at
// millions of awards. Rows written behind the product's back (plain SQL, no refresh) show which
// rollups a load rebuilt.

let ds: DataSource;

beforeAll(async () => {
  ds = await openTestDataSource();
  await truncateFacts(ds);
  await seedAnalyticsDataset(ds);
  await refreshRollups(ds);
}, 60_000);
afterAll(async () => {
  await ds?.destroy();
});

async function ingest(format: 'postings-csv' | 'awards-csv', file: string, text: string) {
  const warnings: string[] = [];
  const deps: IngestDeps = { ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {}, afterLoad: afterLoadHook(ds, (m) => warnings.push(m)) };
  const r = await ingestFile(deps, { format, file, source: Readable.from([Buffer.from(text)]) });
  expect(r).toMatchObject({ status: 'succeeded', rejected: 0 });
  expect(warnings).toEqual([]);
}

const postingsIn = async (month: string): Promise<number> =>
  (await ds.query(`SELECT COALESCE(sum(unique_n), 0)::int AS n FROM rollup_posting_sector WHERE state_fips = 'US' AND month = $1`, [month]))[0].n;
const awardsIn = async (month: string): Promise<number> =>
  (await ds.query(`SELECT COALESCE(sum(n), 0)::int AS n FROM rollup_award_credential WHERE state_fips = 'US' AND month = $1`, [month]))[0].n;

describe('the rollup refresh after a load', () => {
  it('a postings file refreshes the posting rollups and leaves the award rollups as they were', async () => {
    const [p0, a0] = [await postingsIn('2025-02-01'), await awardsIn('2025-02-01')];
    // an award written with plain SQL: only an award refresh would count it
    await ds.query(
      `INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, county_fips, state_fips) VALUES ('behind-1', 'lk-behind-1', 9001, '2025-02-14', '06037', '06')`,
    );
    await ingest('postings-csv', 'feb.csv', 'id,employer,title,county_fips,posted_date,description\nfeb-1,Acme Care,Home health aide,06037,2025-02-10,Patient care required.\n');
    expect(await postingsIn('2025-02-01')).toBe(p0 + 1);
    expect(await awardsIn('2025-02-01')).toBe(a0);
  });

  it('an awards file refreshes the award rollups from its earliest month and leaves the posting rollups as they were', async () => {
    const [p0, a0] = [await postingsIn('2025-02-01'), await awardsIn('2025-02-01')];
    await ds.query(
      `INSERT INTO job_posting (source_key, title, state_fips, county_fips, naics_code, soc_code, posted_date) VALUES ('behind-p1', 'Written behind', '06', '06037', '621111', '31-1131', '2025-02-20')`,
    );
    await ingest('awards-csv', 'jan.csv', 'learner_id,credential,award_date,county_fips\nlearner-77,cna,2025-01-20,06037\n');
    // from January on: the January award, and February's award written behind the product's back
    expect(await awardsIn('2025-01-01')).toBeGreaterThan(0);
    expect(await awardsIn('2025-02-01')).toBe(a0 + 1);
    expect(await postingsIn('2025-02-01')).toBe(p0);
  });

  it('a full refresh afterwards agrees with both', async () => {
    const before = [await postingsIn('2025-02-01'), await awardsIn('2025-02-01')];
    await refreshRollups(ds);
    expect([await postingsIn('2025-02-01'), await awardsIn('2025-02-01')]).toEqual([before[0] + 1, before[1]]);
  });
});
