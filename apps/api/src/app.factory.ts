import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import type { DatabaseHandle } from './database/database.js';
import { ProblemFilter } from './common/problem.filter.js';
import { workspaceRoot } from './common/paths.js';
import { setupOpenApi } from './openapi/openapi.js';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the HTTP application (used by `serve` and by integration tests through supertest). */
export async function createApp(config: AppConfig, handle: DatabaseHandle, ds: DataSource, opts: { quiet?: boolean } = {}): Promise<NestExpressApplication> {
  const logger: LogLevel[] | false = opts.quiet ? ['error'] : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, handle, ds), {
    logger,
    // Body parsers are registered below with explicit limits (413 past them); ingest streams its body.
    bodyParser: false,
    abortOnError: false,
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'style-src': ["'self'", "'unsafe-inline'"], 'script-src': ["'self'"] },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(cookieParser());
  // JSON bodies up to 1 MB (413 past it). Ingest uploads are streamed by their own handler, with
  // their own size limit, so they skip the parser.
  const json = express.json({ limit: '1mb' });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/ingest/') ? next() : json(req, res, next)));
  // CORS stays closed: no enableCors(); the dashboard is served from the same origin.
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ProblemFilter());
  app.disable('x-powered-by');
  // Behind a TLS proxy (CREDPULSE_TRUST_PROXY): req.secure from X-Forwarded-Proto (Secure cookies)
  // and req.ip from X-Forwarded-For (rate and login limits per real client). Off by default: a
  // client could otherwise claim any address.
  app.set('trust proxy', config.trustProxy ?? false);
  app.set('query parser', 'simple');
  setupOpenApi(app, '0.1.0', config);
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
