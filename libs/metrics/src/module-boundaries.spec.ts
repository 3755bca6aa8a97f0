import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The module-boundary lint (eslint.config.mjs) catches what it promises: a shared library taking a
// server or browser package, contracts taking any package but zod, the web app taking a server
// library, the app importing from tests/, a migration importing application code. Each probe is linted as if it were a file at that path.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

// The boundary rule reads nx's cached project graph (nx lint computes it first); compute it here.
beforeAll(async () => {
  process.env.NX_DAEMON = 'false';
  await createProjectGraphAsync({ exitOnError: false });
}, 180_000);

async function errors(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return r.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module-boundary lint', () => {
  it.each([
    ['libs/metrics/src/probe.ts', `import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n`],
    ['libs/metrics/src/probe.ts', `import { DataSource } from 'typeorm';\nexport const x = DataSource;\n`],
    ['libs/metrics/src/probe.ts', `import pg from 'pg';\nexport const x = pg;\n`],
    ['libs/metrics/src/probe.ts', `import { useState } from 'react';\nexport const x = useState;\n`],
    ['libs/contracts/src/probe.ts', `import { parse } from 'csv-parse/sync';\nexport const x = parse;\n`],
    ['libs/contracts/src/probe.ts', `import { DataSource } from 'typeorm';\nexport const x = DataSource;\n`],
    ['libs/contracts/src/probe.ts', `import { useState } from 'react';\nexport const x = useState;\n`],
    // the web app takes shared libraries only: not a server one
    ['apps/web/src/probe.ts', `import { CREDENTIAL_TYPES } from '@credpulse/taxonomy';\nexport const x = CREDENTIAL_TYPES;\n`],
  ])('%s may not import: %s', async (file, code) => {
    expect((await errors(file, code)).join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  }, 120_000);

  it('the app may not import from tests/', async () => {
    const e = await errors('apps/api/src/probe.ts', `import { BENCH_SUITES } from '../../../tests/bench/index.js';\nexport const x = BENCH_SUITES;\n`);
    expect(e.join('\n')).toMatch(/no-restricted-imports: .*imports nothing from tests/);
  }, 120_000);

  it('a migration may not import application code', async () => {
    const e = await errors('migrations/1799999999999-Probe.ts', `import { CATALOGUE } from '../apps/api/src/modules/analytics/catalogue/catalogue.js';\nexport const x = CATALOGUE;\n`);
    expect(e.join('\n')).toMatch(/no-restricted-imports: .*A migration imports no application code/);
  }, 120_000);

  it('what belongs passes: pure code in metrics, zod in contracts', async () => {
    expect(await errors('libs/metrics/src/probe.ts', `export const twice = (x: number): number => 2 * x;\n`)).toEqual([]);
    expect(await errors('libs/contracts/src/probe.ts', `import { z } from 'zod';\nexport const X = z.string();\n`)).toEqual([]);
  }, 120_000);
});
