import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@credpulse/contracts';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../../apps/api/src/app.factory.js';
import type { AppConfig } from '../../../apps/api/src/config/config.js';
import { AuthRepository } from '../../../apps/api/src/modules/auth/auth.repository.js';
import { AuthService } from '../../../apps/api/src/modules/auth/auth.service.js';
import { openTestDataSource, testConfig, testHandle } from './test-db.js';

export interface TestApp {
  app: NestExpressApplication;
  ds: DataSource;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
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
  return {
    app,
    ds,
    config,
    http: () => request(app.getHttpServer()),
    // A fresh key per call: tests may truncate the key table between cases.
    apiKey: async (role) => (await auth.createApiKey(`test-${role}`, role, null)).key,
    close: async () => {
      await app.close();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}
