import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from './build-web';
import { CHROMIUM } from './chromium';
import { type RunningServer, startServer } from './server';

let server: RunningServer | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the dashboard, then starts the product once for every browser spec (when Chromium exists). */
export async function setup(project: TestProject): Promise<void> {
  ensureWebBuild();
  if (!existsSync(CHROMIUM)) {
    console.warn(`[e2e] ${CHROMIUM} not found: browser specs are skipped. Install it with: apt-get install -y chromium`);
    project.provide('baseUrl', '');
    return;
  }
  // E2E_BASE_URL reuses a product already running (while developing); CI always starts its own.
  if (process.env.E2E_BASE_URL) {
    project.provide('baseUrl', process.env.E2E_BASE_URL.replace(/\/$/, ''));
    return;
  }
  server = await startServer({ postings: 3000, awards: 1500, admin: true });
  project.provide('baseUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
