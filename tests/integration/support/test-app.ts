import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@credpulse/contracts';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../../apps/api/src/app.factory.js';
import type { AppConfig } from '../../../apps/api/src/config/config.js';
import { AuthRepository } from '../../../apps/api/src/modules/auth/auth.repository.js';
import { AuthService } from '../../../apps/api/src/modules/auth/auth.service.js';
import { ContractValidator, type OpenApiDocument } from '../../support/openapi-contract.js';
import { openTestDataSource, testConfig, testHandle } from './test-db.js';

export interface TestApp {
  app: NestExpressApplication;
  ds: DataSource;
  config: AppConfig;
  /** supertest on the app; every answer is checked against the OpenAPI document (see contractChecked). */
  http: () => ReturnType<typeof request>;
  /** The server's own OpenAPI document, as served at /api/openapi.json. */
  openapi: OpenApiDocument;
  /** A new API key with the given role, for requests that need one (send as X-API-Key). */
  apiKey(role: Role): Promise<string>;
  close(): Promise<void>;
}

/** The real HTTP application on the test database, driven through supertest. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const ds = await openTestDataSource();
  const config = testConfig(overrides);
  const app = await createApp(config, testHandle(), ds, { quiet: true });
  await app.init();
  const auth = new AuthService(new AuthRepository(ds), config);
  const openapi = (await request(app.getHttpServer()).get('/api/openapi.json').expect(200)).body as OpenApiDocument;
  const contract = new ContractValidator(openapi);
  return {
    app,
    ds,
    config,
    openapi,
    http: () => contractChecked(request(app.getHttpServer()), contract),
    // A fresh key per call: tests may truncate the key table between cases.
    apiKey: async (role) => (await auth.createApiKey(`test-${role}`, role, null)).key,
    close: async () => {
      await app.close();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options'] as const;

/**
 * The contract test of issue 19: every request made through `t.http()` gets an assertion that its
 * answer keeps the OpenAPI document (declared status and media type, body valid against the
 * schema). It runs before the spec's own expectations, so a broken contract fails that test.
 */
export function contractChecked(agent: ReturnType<typeof request>, contract: ContractValidator): ReturnType<typeof request> {
  const wrapped = { ...agent } as Record<string, unknown>;
  for (const m of METHODS) {
    wrapped[m] = (url: string) => {
      const test = (agent as unknown as Record<string, (u: string) => request.Test>)[m](url);
      return test.expect((res: request.Response) => {
        const problems = contract.check({ method: m, url, status: res.status, contentType: res.headers['content-type'], body: jsonBody(res) });
        if (problems.length) throw new Error(`The answer breaks the API contract (OpenAPI document):\n${problems.join('\n')}`);
      });
    };
  }
  return wrapped as unknown as ReturnType<typeof request>;
}

function jsonBody(res: request.Response): unknown {
  const type = String(res.headers['content-type'] ?? '');
  if (!/[/+]json/.test(type)) return res.body;
  if (res.body !== undefined && !(res.body && typeof res.body === 'object' && Object.keys(res.body).length === 0 && res.text && res.text !== '{}')) return res.body;
  try {
    return JSON.parse(res.text);
  } catch {
    return res.body;
  }
}
