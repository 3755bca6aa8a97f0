import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
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
  CREDPULSE_MAX_UPLOAD_MB: z.coerce.number({ message: 'expected megabytes' }).positive().max(100_000).default(200),
  CREDPULSE_RESPONSE_STALL_SECONDS: z.coerce.number({ message: 'expected seconds' }).positive('expected a positive number of seconds').max(3600).default(30),
  CREDPULSE_UPLOAD_STALL_SECONDS: z.coerce.number({ message: 'expected seconds' }).positive('expected a positive number of seconds').max(3600).default(30),
  CREDPULSE_STATEMENT_TIMEOUT_SECONDS: z.coerce.number({ message: 'expected seconds (0 = no limit)' }).min(0).max(86_400).default(120),
  CREDPULSE_IDLE_TX_TIMEOUT_SECONDS: z.coerce.number({ message: 'expected seconds (0 = no limit)' }).min(0).max(86_400).default(60),
  CREDPULSE_EXPORTS_PER_USER: z.coerce.number({ message: 'expected a number of exports' }).int('expected an integer').min(1).max(100).default(2),
  CREDPULSE_EXPORTS_TOTAL: z.coerce.number({ message: 'expected a number of exports' }).int('expected an integer').min(1).max(100).default(4),
  CREDPULSE_TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => /^(true|false|\d{1,2})$/.test(v) || v.split(',').every((x) => isAddressOrSubnet(x.trim())), {
      message: 'expected false, true, a number of proxy hops, or a comma-separated list of proxy addresses/subnets',
    }),
  CREDPULSE_RESPONSE_CACHE: z.coerce.number({ message: 'expected a number of cached answers (0 = off)' }).int('expected an integer').min(0).max(100_000).default(500),
  CREDPULSE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CREDPULSE_DID_WEB_DIR: z
    .string()
    .optional()
    .refine((v) => !v || isDirectory(v), { message: 'expected a readable directory of did:web DID documents' }),
  CREDPULSE_SCHEDULER: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  CREDPULSE_DELIVERY_DIR: z.string().min(1).optional(),
  CREDPULSE_SCHEDULE_EVERY_MINUTE: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  CREDPULSE_SCHEDULER_POLL_SECONDS: z.coerce.number({ message: 'expected seconds' }).min(0.5, 'expected at least 0.5 seconds').max(300).default(10),
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => !v || isSmtpUrl(v), { message: 'expected smtp://[user:password@]host[:port] or smtps://...' }),
  CREDPULSE_MAIL_FROM: z.string().min(3).default('Credential Pulse <credpulse@localhost>'),
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
  /** Seconds a response may stay undrained (the client reads nothing) before it is aborted. Default 30. */
  responseStallSeconds?: number;
  /** Seconds an upload body may send nothing before it is cut. Default 30. */
  uploadStallSeconds?: number;
  /** PostgreSQL statement_timeout of the server's connections, seconds (0 = none). Default 120. */
  statementTimeoutSeconds?: number;
  /** PostgreSQL idle_in_transaction_session_timeout of the server's connections, seconds (0 = none). Default 60. */
  idleTxTimeoutSeconds?: number;
  /** Concurrent record-level exports per user and on the whole server. Defaults 2 and 4. */
  exportsPerUser?: number;
  exportsTotal?: number;
  /** Express "trust proxy": false (default), true, hop count or proxy addresses. */
  trustProxy?: boolean | number | string;
  /** Metric answers kept in memory (keyed by endpoint, query and data version); 0 or absent = no cache. */
  responseCacheEntries?: number;
  secret: string | undefined;
  /** did:web DID documents for offline proof checks (<dir>/<host>/.well-known/did.json, <dir>/<host>/<path>/did.json). */
  didWebDir?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Scheduled reports (absent: scheduler off, as in most tests). */
  schedules?: {
    enabled: boolean;
    deliveryDir: string;
    everyMinute: boolean;
    pollSeconds: number;
    /** smtp://user:password@host:port; absent: deliveries are written to the folder only. */
    smtpUrl?: string;
    mailFrom: string;
  };
};

function isSmtpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function isDirectory(v: string): boolean {
  try {
    accessSync(v, constants.R_OK);
    return statSync(v).isDirectory();
  } catch {
    return false;
  }
}

function isPostgresUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function isAddressOrSubnet(v: string): boolean {
  const [addr, bits, ...rest] = v.split('/');
  if (rest.length > 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return false;
  return isIP(addr) !== 0 || ['loopback', 'linklocal', 'uniquelocal'].includes(addr);
}

/** CREDPULSE_TRUST_PROXY as Express's "trust proxy" value. */
function parseTrustProxy(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (v === 'false' || v === '0') return false;
  // a number: trust that many proxies in front of the server (1 = one TLS proxy)
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((x) => x.trim()).join(',');
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
    responseStallSeconds: e.CREDPULSE_RESPONSE_STALL_SECONDS,
    uploadStallSeconds: e.CREDPULSE_UPLOAD_STALL_SECONDS,
    statementTimeoutSeconds: e.CREDPULSE_STATEMENT_TIMEOUT_SECONDS,
    idleTxTimeoutSeconds: e.CREDPULSE_IDLE_TX_TIMEOUT_SECONDS,
    exportsPerUser: e.CREDPULSE_EXPORTS_PER_USER,
    exportsTotal: e.CREDPULSE_EXPORTS_TOTAL,
    trustProxy: parseTrustProxy(e.CREDPULSE_TRUST_PROXY),
    responseCacheEntries: e.CREDPULSE_RESPONSE_CACHE,
    secret: e.CREDPULSE_SECRET,
    didWebDir: e.CREDPULSE_DID_WEB_DIR ? resolve(e.CREDPULSE_DID_WEB_DIR) : undefined,
    logLevel: e.LOG_LEVEL,
    schedules: {
      enabled: e.CREDPULSE_SCHEDULER,
      deliveryDir: resolve(e.CREDPULSE_DELIVERY_DIR ?? resolve(dataDir, 'deliveries')),
      everyMinute: e.CREDPULSE_SCHEDULE_EVERY_MINUTE,
      pollSeconds: e.CREDPULSE_SCHEDULER_POLL_SECONDS,
      smtpUrl: e.SMTP_URL || undefined,
      mailFrom: e.CREDPULSE_MAIL_FROM,
    },
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
