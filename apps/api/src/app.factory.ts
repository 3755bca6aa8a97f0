import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import type { DatabaseHandle } from './database/database.js';
import { ProblemFilter } from './common/problem.filter.js';
import { workspaceRoot } from './common/paths.js';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the HTTP application (used by `serve` and by integration tests through supertest). */
export async function createApp(config: AppConfig, handle: DatabaseHandle, ds: DataSource, opts: { quiet?: boolean } = {}): Promise<NestExpressApplication> {
  const logger: LogLevel[] | false = opts.quiet ? ['error'] : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, handle, ds), {
    logger,
    bodyParser: true,
    abortOnError: false,
  });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ProblemFilter());
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  serveWeb(app);
  return app;
}

/** Serves the built dashboard (dist/web) with a fallback to index.html for client-side routes. */
function serveWeb(app: NestExpressApplication): void {
  const webDir = join(workspaceRoot, 'dist', 'web');
  if (!existsSync(join(webDir, 'index.html'))) {
    new Logger('Web').warn(`No built dashboard at ${webDir}; run "npm run build" to serve it.`);
    return;
  }
  app.useStaticAssets(webDir, { index: false, maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') });
  const index = join(webDir, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api/') || req.path === '/api') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
