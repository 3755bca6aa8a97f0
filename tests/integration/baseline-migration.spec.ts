import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRE_RELEASE_MIGRATIONS } from '../../migrations/1765000700000-Baseline.js';
import { catalogueDifferences } from '../../apps/api/src/modules/analytics/catalogue/check.js';
import { connect, openDatabase, type DatabaseHandle } from '../../apps/api/src/database/database.js';

// The pre-release migrations were squashed into one baseline. A fresh database gets the baseline;
// a database the pre-release migrations built (its migrations table ends at
// PublicDataRollup1765000610000) is recognised, not rebuilt: its rows stay, its migrations table
// names the baseline. The rollup tables are those the analytics catalogue declares, which start-up checks.
// Own in-memory database (PGlite: real PostgreSQL), so the shared test database is not touched.
let handle: DatabaseHandle;
let ds: DataSource;

beforeAll(async () => {
  handle = await openDatabase({ databaseUrl: undefined, dataDir: '', pgliteDir: '' }, { inMemory: true });
  ds = await connect(handle);
});
afterAll(async () => {
  await ds?.destroy();
  await handle?.close();
});

const names = async () => (await ds.query(`SELECT name FROM migrations ORDER BY id`)).map((r: { name: string }) => r.name);

/** Makes the database look as the last pre-release migration left it, with a posting and a sector-histogram state row. */
async function asPreRelease(): Promise<void> {
  // (the migrations after the baseline keep their rows: they stand for this session's newer ones)
  await ds.query(`DELETE FROM migrations WHERE name = 'Baseline1765000700000'`);
  for (const [i, n] of PRE_RELEASE_MIGRATIONS.entries()) await ds.query(`INSERT INTO migrations (timestamp, name) VALUES ($1, $2)`, [Number(n.slice(-13)) + i, n]);
  await ds.query(`DROP INDEX posting_end_idx`);
  await ds.query(`CREATE INDEX posting_end_idx ON job_posting ((COALESCE(expires_date, last_seen_date, posted_date))) WHERE NOT is_duplicate`);
  await ds.query(`INSERT INTO rollup_posting_hist_sector VALUES ('2025-01-01', '06', '62', 'wage', 50, 3), ('2025-01-01', 'US', '62', 'wage', 50, 3)`);
}

describe('the baseline migration', () => {
  it('builds a fresh database with the rollup tables the catalogue declares', async () => {
    expect((await names())[0]).toBe('Baseline1765000700000');
    expect(await names()).not.toContain('InitialSchema1764130000000');
    expect(await catalogueDifferences(ds)).toEqual([]);
  });

  it('recognises a database at the last pre-release migration: keeps its rows, records the baseline, applies the squash changes', async () => {
    await ds.query(`INSERT INTO app_meta (key, value) VALUES ('kept', '"yes"')`);
    await asPreRelease();
    expect(await ds.runMigrations({ transaction: 'each' })).toEqual([expect.objectContaining({ name: 'Baseline1765000700000' })]);
    const after = await names();
    expect(after).toContain('Baseline1765000700000');
    expect(after.filter((n: string) => PRE_RELEASE_MIGRATIONS.includes(n))).toEqual([]);
    expect((await ds.query(`SELECT value FROM app_meta WHERE key = 'kept'`))[0].value).toBe('yes');
    const [idx] = await ds.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'posting_end_idx'`);
    expect(idx.indexdef).toContain('GREATEST');
    expect(await ds.query(`SELECT state_fips FROM rollup_posting_hist_sector`)).toEqual([{ state_fips: 'US' }]);
    // and a second start finds nothing to do
    expect((await ds.runMigrations({ transaction: 'each' })).length).toBe(0);
  });

  it('refuses a database that stopped between pre-release migrations, naming what it lacks', async () => {
    await ds.query(`DELETE FROM migrations WHERE name = 'Baseline1765000700000'`);
    await ds.query(`INSERT INTO migrations (timestamp, name) VALUES (1764130000000, 'InitialSchema1764130000000')`);
    await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow(/stopped between pre-release migrations.*PublicDataRollup1765000610000/);
  });

  it('start-up names a rollup table that differs from its declaration', async () => {
    await ds.query(`ALTER TABLE rollup_award_cip ADD COLUMN extra integer`);
    await ds.query(`DROP INDEX rollup_pathway_from_idx`);
    const diff = await catalogueDifferences(ds);
    expect(diff).toContainEqual(expect.stringMatching(/^rollup_award_cip: columns .*extra integer/));
    expect(diff).toContain('rollup_pathway: index rollup_pathway_from_idx is missing');
  });
});
