import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkillGapResponse } from '@credpulse/contracts';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { ingestFile } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { applySkillConcepts } from '../../apps/api/src/modules/taxonomy/skill-concepts.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testHandle, truncateFacts } from './support/test-db.js';

// One identity per skill in the product: global setup loaded the taxonomies, which computed the
// concepts; links written with source ids are moved onto the concept, filters and the picker take
// any member's id or name.
let t: TestApp;
const ESCO_SQL = 'esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742';
const ESCO_DBMS = 'esco:ab1e97ed-2319-4293-a8b7-072d2648822f';

beforeAll(async () => {
  t = await startTestApp({ recordExports: true });
  await truncateFacts(t.ds);
});
afterAll(async () => {
  await truncateFacts(t.ds);
  await t?.close();
});

describe('skill concepts', () => {
  it('each O*NET/ESCO member points to its concept, and a broader ESCO concept stays its own', async () => {
    const rows: { id: string; c: string }[] = await t.ds.query(
      `SELECT id, COALESCE(canonical_id, id) AS c FROM skill WHERE id IN ('onet:structured-query-language-sql', 'onet:structure-query-language-sql', $1, $2, 'onet:python') ORDER BY id`,
      [ESCO_SQL, ESCO_DBMS],
    );
    const c = Object.fromEntries(rows.map((r) => [r.id, r.c]));
    expect(c['onet:structured-query-language-sql']).toBe(ESCO_SQL);
    expect(c['onet:structure-query-language-sql']).toBe(ESCO_SQL);
    expect(c[ESCO_SQL]).toBe(ESCO_SQL);
    expect(c[ESCO_DBMS]).toBe(ESCO_DBMS);
    expect(c['onet:python']).toBe('onet:python');
  });

  it('moves posting and credential links written with member ids onto the concept, keeping the strongest level', async () => {
    const [{ id: postingId }] = await t.ds.query(
      `INSERT INTO job_posting (source_key, title, state_fips, county_fips, posted_date) VALUES ('concept-1', 'Data analyst', '06', '06037', '2025-03-10') RETURNING id`,
    );
    // preferred under one O*NET spelling, required under the other
    await t.ds.query(`INSERT INTO posting_skill (posting_id, skill_id, level) VALUES ($1, 'onet:structured-query-language-sql', 2), ($1, 'onet:structure-query-language-sql', 1), ($1, $2, 2)`, [postingId, ESCO_DBMS]);
    // a loaded (non-catalog) credential: truncateFacts removes it and its links
    const [{ id: credId }] = await t.ds.query(`INSERT INTO credential (source_key, name, type) VALUES ('concept-test:1', 'Concept test badge', 'badge') RETURNING id`);
    const pythonEsco: { id: string }[] = await t.ds.query(`SELECT id FROM skill WHERE canonical_id = 'onet:python'`);
    expect(pythonEsco.length).toBeGreaterThan(0);
    await t.ds.query(`INSERT INTO credential_skill (credential_id, skill_id) VALUES ($1, $2), ($1, 'onet:python')`, [credId, pythonEsco[0].id]);

    const changes = await applySkillConcepts(t.ds, { recompute: false });
    expect(changes).toMatchObject({ postingLinks: 2, credentialLinks: 1 });
    expect(await t.ds.query(`SELECT skill_id, level FROM posting_skill WHERE posting_id = $1 ORDER BY skill_id`, [postingId])).toEqual([
      { skill_id: ESCO_SQL, level: 1 },
      { skill_id: ESCO_DBMS, level: 2 },
    ].sort((a, b) => (a.skill_id < b.skill_id ? -1 : 1)));
    expect(await t.ds.query(`SELECT skill_id FROM credential_skill WHERE credential_id = $1`, [credId])).toEqual([{ skill_id: 'onet:python' }]);
    // nothing left to move: idempotent
    expect(await applySkillConcepts(t.ds, { recompute: false })).toMatchObject({ postingLinks: 0, credentialLinks: 0 });
    // the record export names the concept and keeps every source id of it
    const res = await t.http().get(`/api/exports/posting-skills?format=csv&skill=onet:structure-query-language-sql&from=2025-03&to=2025-03`).set('X-API-Key', await t.apiKey('researcher'));
    expect(res.status).toBe(200);
    const text = res.text ?? String(res.body);
    expect(text).toContain(`${ESCO_SQL},SQL,${ESCO_SQL}|onet:structure-query-language-sql|onet:structured-query-language-sql,1`);
  });

  it('a skill filter given a member id answers for the concept; the picker lists the concept, found by a member name', async () => {
    const res = await t.http().get('/api/metrics/skill-gap?skill=onet:structured-query-language-sql');
    expect(res.status).toBe(200);
    expect(res.body.query.skill).toBe(ESCO_SQL);
    const picker = await t.http().get('/api/taxonomy/skills?q=Structured%20query%20language');
    expect(picker.status).toBe(200);
    const codes = JSON.stringify(picker.body);
    expect(codes).toContain(ESCO_SQL);
    expect(codes).not.toContain('onet:structured-query-language-sql"');
  });

  it('postings loaded with the issue\'s wording ("SQL", "Structured query language SQL", "Python") give one SQL row and one Python row in the skill-gap ranking', async () => {
    await truncateFacts(t.ds);
    const texts = [
      'Requirements: SQL and Python.',
      'Must have: Structured query language SQL, Python (computer programming).',
      'Required: experience with SQL; Python is a plus.',
      'Preferred: Python and Structure query language SQL.',
    ];
    const csv = ['id,employer,title,county_fips,posted_date,description', ...Array.from({ length: 12 }, (_, i) => `sg${i},Acme ${i},Data analyst,53033,2025-03-${String(i + 1).padStart(2, '0')},"${texts[i % texts.length]}"`)].join('\n');
    const r = await ingestFile({ ds: t.ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {} }, { format: 'postings-csv', file: 'sql.csv', source: Readable.from([Buffer.from(csv)]) });
    expect(r.accepted).toBe(12);
    await refreshRollups(t.ds); // as the ingest service does after a load
    const res = await t.http().get('/api/metrics/skill-gap?from=2025-03&to=2025-03&limit=500');
    expect(res.status).toBe(200);
    // skills other specs insert as fixtures (source 'test', keys test-*) share these names; they are not the taxonomies
    const rows = (res.body as SkillGapResponse).rows.filter((x) => !x.key.startsWith('test-'));
    const sqlRows = rows.filter((x) => /\bSQL\b|structured? query language/i.test(x.label) && !/server|mysql|postgres|nosql|pl\/sql/i.test(x.label));
    const pythonRows = rows.filter((x) => /python/i.test(x.label));
    expect(sqlRows.map((x) => [x.key, x.label, x.demand])).toEqual([[ESCO_SQL, 'SQL', 12]]);
    expect(pythonRows.map((x) => [x.label, x.demand])).toEqual([['Python', 12]]);
    // the broader ESCO concept that lists SQL products among its labels is not a mention
    expect(rows.some((x) => x.key === ESCO_DBMS)).toBe(false);
  });
});
