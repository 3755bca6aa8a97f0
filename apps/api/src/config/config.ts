import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Raised when a setting is invalid; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid setting ${variable}: ${reason}`);
  }
}

const schema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || isPostgresUrl(v), {
      message: 'expected postgres://user@host:port/database',
    }),
  PORT: z.coerce
    .number({ message: 'expected a port number' })
    .int('expected an integer port')
    .min(0, 'expected a port between 0 and 65535')
    .max(65535, 'expected a port between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CREDPULSE_DATA_DIR: z.string().min(1).default('.data'),
  CREDPULSE_K: z.coerce
    .number({ message: 'expected an integer' })
    .int('expected an integer')
    .min(3, 'the disclosure threshold k can never be below 3')
    .default(10),
  CREDPULSE_DEMO: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  CREDPULSE_DEMO_POSTINGS: z.coerce.number().int().min(0).default(50_000),
  CREDPULSE_DEMO_AWARDS: z.coerce.number().int().min(0).default(20_000),
  CREDPULSE_RECORD_EXPORTS: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  CREDPULSE_ANONYMOUS_VIEWER: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  CREDPULSE_SESSION_HOURS: z.coerce.number({ message: 'expected a number of hours' }).positive('expected a positive number of hours').max(24 * 30).default(12),
  CREDPULSE_RATE_LIMIT: z.coerce.number({ message: 'expected requests per minute' }).int('expected an integer').min(1).default(1200),
  CREDPULSE_MAX_UPLOAD_MB: z.coerce.number({ message: 'expected megabytes' }).positive().max(100_000).default(512),
  CREDPULSE_RESPONSE_CACHE: z.coerce.number({ message: 'expected a number of cached answers (0 = off)' }).int('expected an integer').min(0).max(100_000).default(500),
  CREDPULSE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('warn'),
});

export type AppConfig = {
  databaseUrl: string | undefined;
  port: number;
  host: string;
  dataDir: string;
  pgliteDir: string;
  k: number;
  demo: { enabled: boolean; postings: number; awards: number };
  recordExports: boolean;
  /** Anonymous visitors may read aggregates (a public dashboard); everything else needs a login or key. */
  anonymousViewer: boolean;
  sessionHours: number;
  /** Requests per minute per client address. */
  rateLimit: number;
  maxUploadBytes: number;
  /** Metric answers kept in memory (keyed by endpoint, query and data version); 0 or absent = no cache. */
  responseCacheEntries?: number;
  secret: string | undefined;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
};

function isPostgresUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Reads and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, `${issue.message} (got ${JSON.stringify(env[variable])})`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.CREDPULSE_DATA_DIR);
  return {
    databaseUrl: e.DATABASE_URL || undefined,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    pgliteDir: resolve(dataDir, 'pglite'),
    k: e.CREDPULSE_K,
    demo: { enabled: e.CREDPULSE_DEMO, postings: e.CREDPULSE_DEMO_POSTINGS, awards: e.CREDPULSE_DEMO_AWARDS },
    recordExports: e.CREDPULSE_RECORD_EXPORTS,
    anonymousViewer: e.CREDPULSE_ANONYMOUS_VIEWER,
    sessionHours: e.CREDPULSE_SESSION_HOURS,
    rateLimit: e.CREDPULSE_RATE_LIMIT,
    maxUploadBytes: Math.round(e.CREDPULSE_MAX_UPLOAD_MB * 1024 * 1024),
    responseCacheEntries: e.CREDPULSE_RESPONSE_CACHE,
    secret: e.CREDPULSE_SECRET,
    logLevel: e.LOG_LEVEL,
  };
}

/** The embedded database needs a writable data dir; say which setting to change when it is not. */
export function ensureDataDir(config: AppConfig): void {
  try {
    mkdirSync(config.pgliteDir, { recursive: true });
    accessSync(config.pgliteDir, constants.W_OK);
  } catch (err) {
    throw new ConfigError(
      'CREDPULSE_DATA_DIR',
      `cannot write to ${config.pgliteDir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
}
