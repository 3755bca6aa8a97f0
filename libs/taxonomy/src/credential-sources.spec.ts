import { describe, expect, it } from 'vitest';
import { buildFullCatalog } from './credential-sources.js';
import { credentialAliases, isDistinctiveName } from './credential-names.js';
import { readSoc } from './sources.js';

const knownSocs = new Set(readSoc().filter((s) => s.level === 'detailed').map((s) => s.code));

describe('credential catalog at real size', () => {
  const t0 = Date.now();
  const catalog = buildFullCatalog({ knownSocs });
  const ms = Date.now() - t0;
  if (process.env.CATALOG_DUMP) {
    console.log('ms', ms, 'creds', catalog.credentials.length, 'providers', catalog.providers.length, catalog.files, 'warnings', catalog.warnings.length);
    console.log(catalog.warnings.slice(0, 10));
    const byType: Record<string, number> = {};
    for (const y of catalog.credentials) byType[y.type] = (byType[y.type] ?? 0) + 1;
    console.log(byType);
    for (const x of catalog.credentials.filter((_y, i) => i % 53 === 0 || /CDL|CISSP|Nurse Pract|Plumber|Accountant/.test(_y.name)))
      console.log(x.slug, '|', x.name, '|', x.shortNames.join(' ; '), '|', x.type, x.provider, x.socs, x.source, x.alsoIn ?? '');
  }

  it('holds at least 2,000 credentials, each with a type, an issuer and its source', () => {
    expect(catalog.credentials.length).toBeGreaterThanOrEqual(2000);
    for (const c of catalog.credentials) {
      expect(c.source, c.name).toBeTruthy();
      expect(c.provider, c.name).toBeTruthy();
    }
  });
});
