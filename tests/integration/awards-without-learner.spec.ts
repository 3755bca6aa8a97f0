import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { ingestFile, type IngestDeps } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { outcomeFactsSql } from '../../apps/api/src/modules/analytics/catalogue/people-facts.js';
import { openTestDataSource, testHandle, truncateFacts } from './support/test-db.js';

// Open Badges as the Digital Credentials Consortium's signing service issues them name the learner
// and carry no id: such awards count, but never as earners (outcomes) or in pathways.

let ds: DataSource;
const simple = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/samples/openbadges_v3/simple.json'), 'utf8'));

function badge(id: string, subject: Record<string, unknown>) {
  return { ...simple, id, validFrom: '2025-03-05T00:00:00Z', credentialSubject: { type: ['AchievementSubject'], ...subject, achievement: simple.credentialSubject.achievement } };
}

async function ingest(format: 'obv3' | 'outcomes-csv', file: string, text: string) {
  const deps: IngestDeps = { ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {} };
  return ingestFile(deps, { format, file, source: Readable.from([Buffer.from(text)]) });
}

beforeAll(async () => {
  ds = await openTestDataSource();
  await truncateFacts(ds);
}, 60_000);
afterAll(async () => {
  await ds?.destroy();
});

describe('an Open Badge whose subject only names the learner', () => {
  it('is stored as an award without a learner, counted in the award rollups, and never an earner', async () => {
    const docs = [badge('urn:uuid:named-1', { name: 'Taylor Tuna' }), badge('urn:uuid:named-2', { name: 'Robin Reef' }), badge('urn:uuid:with-id', { id: 'did:example:learner-1' })];
    const r = await ingest('obv3', 'dcc.json', JSON.stringify(docs));
    expect(r).toMatchObject({ status: 'succeeded', accepted: 3, rejected: 0 });
    const rows = await ds.query(`SELECT source_key, learner_key FROM credential_award ORDER BY source_key`);
    expect(rows.map((x: { learner_key: string | null }) => x.learner_key === null)).toEqual([true, true, false]);
    // no trace of the learners' names anywhere in the award rows
    expect(JSON.stringify(await ds.query(`SELECT * FROM credential_award`))).not.toMatch(/Taylor|Robin/);

    await refreshRollups(ds);
    const [{ n }] = await ds.query(`SELECT sum(n)::int AS n FROM rollup_award_credential WHERE state_fips = 'US'`);
    expect(n).toBe(3);
    // earners for outcomes: only the award with a learner id; the rollup and the raw path agree
    const [{ earners }] = await ds.query(`SELECT sum(earners)::int AS earners FROM rollup_outcome WHERE state_fips = 'US' AND q = 1`);
    expect(earners).toBe(1);
    const raw = await ds.query(`SELECT count(*)::int AS n FROM (${outcomeFactsSql([])}) f WHERE q = 1`);
    expect(raw[0].n).toBe(1);
  });
});
