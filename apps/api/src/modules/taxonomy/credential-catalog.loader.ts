import { createHash } from 'node:crypto';
import { buildFullCatalog, readTaxonomyFile, resolveCatalogSkills, TAXONOMY_DATA_DIR, type CredentialCatalog, type FullCatalog } from '@credpulse/taxonomy';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { bulkUpsert, type BulkTarget } from './bulk-upsert.js';
import type { Progress } from './taxonomy.loader.js';

export const CATALOG_TAXONOMY = 'credential-catalog';
/** Providers and credentials from the catalog carry this source_key prefix (they are reference data). */
export const CATALOG_PREFIX = 'catalog:';

const PROVIDER: BulkTarget = { table: 'provider', key: ['source_key'], columns: cols('source_key text, name text, url text, kind text') };
const CREDENTIAL: BulkTarget = {
  table: 'credential',
  key: ['source_key'],
  columns: cols('source_key text, name text, short_names text[], type text, is_micro boolean, provider_id integer, description text, hours numeric, cost numeric, currency text, external_ids jsonb'),
};

function cols(spec: string): BulkTarget['columns'] {
  return spec.split(',').map((c) => {
    const [name, ...type] = c.trim().split(/\s+/);
    return { name, type: type.join(' ') };
  });
}

export interface CatalogLoadResult {
  providers: number;
  credentials: number;
  socLinks: number;
  skillLinks: number;
  stacks: number;
  skipped: boolean;
}

/**
 * Loads libs/taxonomy/data/credential-catalog/catalog.json: upserts providers and credentials by
 * source_key (`catalog:<key>`), replaces their SOC, skill and stacking links, and records the
 * `credential-catalog` taxonomy version. Idempotent; skipped when the recorded file hash and the row
 * count match unless `force`. Skill names must resolve against the loaded skill table, so call it
 * after the O*NET and ESCO skills are loaded.
 */
export async function loadCredentialCatalog(ds: DataSource, log: Progress, opts: { force?: boolean } = {}): Promise<CatalogLoadResult> {
  const t0 = Date.now();
  const socRows: { code: string }[] = await ds.query(`SELECT code FROM soc WHERE level = 'detailed'`);
  const catalog = buildFullCatalog({ knownSocs: socRows.length ? new Set(socRows.map((r) => r.code)) : undefined });
  const source = `${catalog.files.map((f) => f.file).join(' + ')} sha256:${catalogFilesHash()}`;
  const version = `Credential Pulse catalog ${catalog.version} (${catalog.credentials.length} credentials)`;
  if (catalog.warnings.length) {
    log(`  Credential catalog: ${catalog.warnings.length} list records loaded without a field:`);
    for (const w of catalog.warnings.slice(0, 20)) log(`    ${w.file}:${w.line} (${w.field}): ${w.reason}`);
    if (catalog.warnings.length > 20) log(`    ... and ${catalog.warnings.length - 20} more`);
  }

  if (!opts.force) {
    const [rec]: { version: string; source: string; row_count: number }[] = await ds.query('SELECT version, source, row_count FROM taxonomy_version WHERE taxonomy = $1', [CATALOG_TAXONOMY]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM credential WHERE source_key = ANY($1::text[])`, [catalog.credentials.map((c) => c.sourceKey)]);
    if (rec && rec.version === version && rec.source === source && rec.row_count === catalog.credentials.length && n === catalog.credentials.length) {
      log(`  Credential catalog: up to date (${n} credentials)`);
      return { providers: catalog.providers.length, credentials: n, socLinks: 0, skillLinks: 0, stacks: 0, skipped: true };
    }
  }

  const skills: { id: string; source: string; name: string }[] = await ds.query(`SELECT id, source, name FROM skill WHERE source IN ('onet', 'esco')`);
  if (skills.length === 0) throw new Error('Credential catalog: the skill table is empty; load the O*NET and ESCO taxonomies first');
  const skillIds = resolveCatalogSkills(catalog, skills);

  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    await qr.query('SET LOCAL statement_timeout = 0');
    const result = await writeCatalog(qr, catalog, skillIds);
    await qr.query(
      `INSERT INTO taxonomy_version (taxonomy, version, source, row_count, loaded_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (taxonomy) DO UPDATE SET version = EXCLUDED.version, source = EXCLUDED.source, row_count = EXCLUDED.row_count, loaded_at = now()`,
      [CATALOG_TAXONOMY, version, source, catalog.credentials.length],
    );
    await qr.commitTransaction();
    log(
      `  Credential catalog: ${result.credentials} credentials, ${result.providers} providers, ${result.socLinks} SOC links, ` +
        `${result.skillLinks} skill links, ${result.stacks} stacking links (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
    return result;
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    throw new Error(`Loading the credential catalog failed: ${(e as Error).message}`, { cause: e });
  } finally {
    await qr.release();
  }
}

/** One hash over every file the catalog is built from, so a change to any list reloads it. */
function catalogFilesHash(): string {
  const h = createHash('sha256');
  const csvs = readdirSync(join(TAXONOMY_DATA_DIR, 'credential-catalog')).filter((f) => f.endsWith('.csv') || f.endsWith('.json')).sort();
  for (const f of csvs) h.update(f).update(readTaxonomyFile('credential-catalog', f));
  for (const f of ['nj_etpl_TBLINDUSTRYCREDENTIAL_DATA_TABLE.csv', 'nj_etpl_TBLLICENSE_DATA_TABLE.csv']) h.update(f).update(readTaxonomyFile('credentials_nj_etpl', f));
  return h.digest('hex').slice(0, 16);
}

async function writeCatalog(qr: QueryRunner, catalog: FullCatalog | CredentialCatalog, skillIds: Map<string, string[]>): Promise<CatalogLoadResult> {
  await bulkUpsert(
    qr,
    PROVIDER,
    catalog.providers.map((p) => ({ source_key: CATALOG_PREFIX + p.key, name: p.name, url: p.url, kind: p.kind })),
  );
  const providerRows: { id: number; source_key: string }[] = await qr.query(`SELECT id, source_key FROM provider WHERE source_key LIKE '${CATALOG_PREFIX}%'`);
  const providerId = new Map(providerRows.map((r) => [r.source_key.slice(CATALOG_PREFIX.length), r.id]));
  const providerName = new Map(catalog.providers.map((p) => [p.key, p.name]));

  await bulkUpsert(
    qr,
    CREDENTIAL,
    catalog.credentials.map((c) => ({
      source_key: c.sourceKey,
      name: c.name,
      short_names: c.shortNames,
      type: c.type,
      is_micro: c.isMicro,
      provider_id: providerId.get(c.provider),
      description: describe(c, providerName.get(c.provider) ?? c.provider),
      hours: c.hours,
      cost: c.cost,
      currency: c.cost === null ? null : 'USD',
      external_ids: {
        catalog: c.slug,
        source: c.source ?? `catalog.json#${c.slug}`,
        ...(c.alsoIn?.length ? { alsoIn: c.alsoIn } : {}),
        ...(c.publishedName && c.publishedName !== c.name ? { publishedName: c.publishedName } : {}),
        ...(c.url ? { url: c.url } : {}),
        ...(c.validityYears !== null ? { validityYears: c.validityYears } : {}),
      },
    })),
  );
  // catalog credentials no longer in the lists (renamed, merged into another) go, unless postings or
  // awards already name them: those stay as they are
  await qr.query(
    `DELETE FROM credential c WHERE c.source_key LIKE '${CATALOG_PREFIX}%' AND NOT (c.source_key = ANY($1::text[]))
       AND NOT EXISTS (SELECT 1 FROM posting_credential pc WHERE pc.credential_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM credential_award a WHERE a.credential_id = c.id)`,
    [catalog.credentials.map((c) => c.sourceKey)],
  );
  await qr.query(
    `DELETE FROM provider p WHERE p.source_key LIKE '${CATALOG_PREFIX}%' AND NOT (p.source_key = ANY($1::text[]))
       AND NOT EXISTS (SELECT 1 FROM credential c WHERE c.provider_id = p.id)`,
    [catalog.providers.map((p) => CATALOG_PREFIX + p.key)],
  );
  const credRows: { id: number; source_key: string }[] = await qr.query(`SELECT id, source_key FROM credential WHERE source_key LIKE '${CATALOG_PREFIX}%'`);
  const credId = new Map(credRows.map((r) => [r.source_key.slice(CATALOG_PREFIX.length), r.id]));
  const ids = catalog.credentials.map((c) => credId.get(c.slug) as number);

  // Links of catalog credentials are replaced wholesale: the catalog is their only source.
  for (const t of ['credential_soc', 'credential_skill']) await qr.query(`DELETE FROM ${t} WHERE credential_id = ANY($1::int[])`, [ids]);
  await qr.query('DELETE FROM credential_stack WHERE part_id = ANY($1::int[]) AND whole_id = ANY($1::int[])', [ids]);

  const soc = catalog.credentials.flatMap((c) => c.socs.map((s) => [credId.get(c.slug) as number, s] as const));
  const skill = catalog.credentials.flatMap((c) => (skillIds.get(c.slug) ?? []).map((s) => [credId.get(c.slug) as number, s] as const));
  const stack = catalog.credentials.flatMap((c) => c.stacksInto.map((w) => [credId.get(c.slug) as number, credId.get(w) as number] as const));
  const insertPairs = async (sql: string, pairs: readonly (readonly [number, string | number])[], second: string) =>
    pairs.length ? qr.query(sql.replace('$T', second), [pairs.map((p) => p[0]), pairs.map((p) => p[1])]) : undefined;
  await insertPairs('INSERT INTO credential_soc (credential_id, soc_code) SELECT * FROM unnest($1::int[], $2::$T[]) ON CONFLICT DO NOTHING', soc, 'text');
  await insertPairs('INSERT INTO credential_skill (credential_id, skill_id) SELECT * FROM unnest($1::int[], $2::$T[]) ON CONFLICT DO NOTHING', skill, 'text');
  await insertPairs('INSERT INTO credential_stack (part_id, whole_id) SELECT * FROM unnest($1::int[], $2::$T[]) ON CONFLICT DO NOTHING', stack, 'int');
  return { providers: catalog.providers.length, credentials: ids.length, socLinks: soc.length, skillLinks: skill.length, stacks: stack.length, skipped: false };
}

function describe(c: CredentialCatalog['credentials'][number], provider: string): string {
  const approx = [c.hours !== null ? `about ${c.hours} hours` : null, c.cost !== null ? `about $${c.cost.toLocaleString('en-US')}` : null].filter(Boolean).join(', ');
  return `${c.name}: ${c.type} issued by ${provider}.${approx ? ` Typical effort and cost (approximate): ${approx}.` : ''}${c.source && !c.source.startsWith('credential-catalog/catalog.json') ? ` Source: ${c.source}.` : ''}`;
}
