import type { INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { contractComponentSchemas, METRIC_RESPONSES, type MetricName } from '@credpulse/contracts';
import { z } from 'zod';
import type { AppConfig } from '../config/config.js';
import { SESSION_COOKIE } from '../modules/auth/auth.service.js';
import { POLICY_KEY, type RoutePolicy } from '../modules/auth/policy.decorator.js';
import { OPERATIONS, schemaRef, type OperationDoc } from './operations.js';

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  summary?: string;
  parameters?: (Schema & { name: string; in: string })[];
  requestBody?: Schema;
  responses: Record<string, Schema>;
  security?: Record<string, string[]>[];
  [k: string]: unknown;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const PROBLEM_MEDIA = 'application/problem+json';

// Why each status can happen, as the document says it.
const STATUS_TEXT: Record<number, string> = {
  400: 'A parameter or body field is invalid: problem+json naming it (`parameter`), what it accepts (`allowed`) and a close match (`suggestion`).',
  401: 'Not signed in (no session cookie or API key) where the route needs a role, or an unknown or revoked API key.',
  403: 'Signed in without the role the route needs, or a cookie-authenticated change without the X-CSRF-Token of the session.',
  404: 'The resource named in the path does not exist.',
  408: 'The upload sent nothing for CREDPULSE_UPLOAD_STALL_SECONDS and was cut; nothing was loaded.',
  409: 'It already exists (same e-mail or name).',
  413: 'The body is larger than allowed (JSON 1 MB; uploads CREDPULSE_MAX_UPLOAD_MB).',
  422: 'Nothing was loaded: all-or-nothing refused the file, or it could not be read at all; `errors` lists the records.',
  429: 'Too many requests from this address (CREDPULSE_RATE_LIMIT per minute; login 10 per minute): retry after the Retry-After header.',
  503: 'The database is not reachable right now: retry shortly.',
};

/**
 * The OpenAPI 3 document of every route: Nest's route scan, then, per operation, the contract
 * schemas of @credpulse/contracts (components.schemas), parameters, request bodies, the statuses it
 * can answer with (errors as application/problem+json) and its security requirement, derived from
 * the route's @Policy and the server's configuration.
 */
export function buildOpenApiDocument(app: INestApplication, version: string, config: Pick<AppConfig, 'k' | 'anonymousViewer'>): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Credential Pulse API')
    .setDescription(
      [
        'Labor-market analytics for micro-credentials.',
        '',
        'Metric endpoints (`/api/metrics/*`) answer with one envelope: `query` (the filters as understood, normalised; sending them back gives the same answer), `rows`, `totals`, `truncated`, `suppressedCells`, `k`, `methodVersion`, `taxonomyVersions`, `dataAsOf`, `demo`, `notes`.',
        'Each takes its own subset of the filters `from`, `to`, `region`, `naics`, `soc`, `cip`, `skill`, `credential`, `provider`, `groupBy`, `granularity`, `limit` (and a few of its own, such as `k` on the people-counting endpoints); each operation lists exactly the parameters it takes, and any other parameter is a 400 naming it.',
        'For example postings takes naics and soc but not cip, skill, credential or provider; outcomes, equity and pathways take cip, credential and provider but not naics.',
        'Counts of people (outcomes, equity, pathways, saturation, completions and supply) pass disclosure control: a hidden cell is `{ "value": null, "suppressed": true }`, never 0.',
        '',
        `Authentication: the \`${SESSION_COOKIE}\` session cookie from POST /api/auth/login (changes made with it need the X-CSRF-Token header), or an API key in X-API-Key (or Authorization: Bearer).` +
          (config.anonymousViewer ? ' This server lets anonymous visitors read viewer routes.' : ' Anonymous visitors may read only public routes on this server.'),
        'Errors are RFC 9457 `application/problem+json` (type, title, status, detail, instance, and for bad parameters parameter, allowed, suggestion).',
      ].join('\n'),
    )
    .setVersion(version)
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Session from POST /api/auth/login.' }, 'cookie')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (admin: POST /api/admin/api-keys).' }, 'apiKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The same API key as Authorization: Bearer <key>.' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, builder);
  const routes = routeInfo(app);
  document.components = { ...document.components, schemas: { ...contractComponentSchemas(), ...(document.components?.schemas ?? {}) } };

  for (const [p, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${p}`;
      const route = op.operationId ? routes.get(op.operationId) : undefined;
      const policy = route?.policy;
      if (!route || !policy) throw new Error(`OpenAPI: no @Policy found for ${key} (${op.operationId})`);
      const metric = /^\/api\/metrics\/([a-z-]+)$/.exec(p)?.[1] as MetricName | undefined;
      const doc: OperationDoc | undefined = metric && METRIC_RESPONSES[metric] ? { ok: METRIC_RESPONSES[metric] } : OPERATIONS[key];
      if (!doc) throw new Error(`OpenAPI: ${key} is not described in apps/api/src/openapi/operations.ts`);
      describe(op, doc, policy, { metric: !!metric, write: method !== 'get', config, path: p, okStatus: route.status });
    }
  }
  return document;
}

/** OpenAPI 3 document of every route, served at /api/openapi.json, with Swagger UI at /api/docs. */
export function setupOpenApi(app: INestApplication, version: string, config: Pick<AppConfig, 'k' | 'anonymousViewer'>): void {
  const document = buildOpenApiDocument(app, version, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', raw: ['json'] });
}

function describe(op: Operation, doc: OperationDoc, policy: RoutePolicy, ctx: { metric: boolean; write: boolean; config: Pick<AppConfig, 'k' | 'anonymousViewer'>; path: string; okStatus: number }): void {
  if (doc.summary) op.summary = doc.summary;
  if (doc.params) op.parameters = doc.params.map((p) => ({ ...p }));
  for (const p of op.parameters ?? []) {
    const s = p.schema as Schema | undefined;
    if (s && s['x-credpulse-k']) {
      delete s['x-credpulse-k'];
      s.minimum = ctx.config.k;
      p.description = `${String(p.description ?? '')} At least ${ctx.config.k} (the configured k) and at most 9999.`;
    }
  }
  if (ctx.write && policy !== 'public') {
    (op.parameters ??= []).push({
      name: 'X-CSRF-Token',
      in: 'header',
      required: false,
      description: 'Required when authenticating with the session cookie: the csrfToken of POST /api/auth/login or GET /api/auth/me. Not needed with an API key.',
      schema: { type: 'string' },
    });
  }
  if (doc.body) {
    op.requestBody =
      doc.body instanceof z.ZodType
        ? { required: true, content: { 'application/json': { schema: jsonSchemaOf(doc.body) } } }
        : { required: true, description: doc.body.description, content: Object.fromEntries(Object.entries(doc.body.media).map(([m, schema]) => [m, { schema }])) };
  }

  const responses: Record<string, Schema> = {};
  const ok = doc.ok;
  const okStatus = String(ctx.okStatus);
  if (ok instanceof z.ZodType) responses[okStatus] = { description: z.globalRegistry.get(ok)?.description ?? (okStatus === '201' ? 'Created' : 'OK'), content: { 'application/json': { schema: jsonSchemaOf(ok) } } };
  else if ('status' in ok) {
    if (ok.status !== ctx.okStatus) throw new Error(`OpenAPI: ${ctx.path} answers ${ctx.okStatus}, described as ${ok.status}`);
    responses[okStatus] = { description: ok.description };
  } else responses[okStatus] = { description: ok.description, content: Object.fromEntries(Object.entries(ok.media).map(([m, schema]) => [m, { schema }])) };

  const statuses = new Set<number>([401, 429, 503, ...(doc.extraStatuses ?? [])]);
  const hasInput = ctx.metric || !!doc.body || (op.parameters ?? []).some((p) => p.in !== 'header');
  if (hasInput || ctx.path === '/api/auth/login') statuses.add(400);
  if (policy !== 'public' && policy !== 'viewer') statuses.add(403);
  if (ctx.write && policy !== 'public') statuses.add(403);
  if (ctx.path.startsWith('/api/exports/{dataset}')) statuses.add(403);
  if (/\{id\}/.test(ctx.path) || ctx.path.startsWith('/api/reports/program/')) statuses.add(404);
  if (doc.body) statuses.add(413);
  for (const s of [...statuses].sort((a, b) => a - b)) {
    responses[String(s)] = {
      description: STATUS_TEXT[s] ?? 'Error',
      content: { [PROBLEM_MEDIA]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
      ...(s === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } } : {}),
    };
  }
  op.responses = responses;

  const signedIn: Record<string, string[]>[] = [{ cookie: [] }, { apiKey: [] }, { bearer: [] }];
  const anonymous = policy === 'public' || (policy === 'viewer' && ctx.config.anonymousViewer);
  op.security = anonymous ? [{}, ...signedIn] : signedIn;
  const who = policy === 'public' ? 'Public: anyone.' : policy === 'viewer' ? `Role viewer or higher${ctx.config.anonymousViewer ? ', or anonymous (this server allows anonymous viewing)' : ''}.` : `Role ${policy} or higher.`;
  op.description = [op.description, `Access: ${who}`].filter(Boolean).join('\n\n');
}

/** A contract schema as a reference (named) or an array of references. */
function jsonSchemaOf(s: z.ZodType): Schema {
  if (z.globalRegistry.get(s)?.id) return schemaRef(s);
  if (s instanceof z.ZodArray) return { type: 'array', items: jsonSchemaOf(s.element as z.ZodType) };
  throw new Error('OpenAPI: a response or body schema must be a named contract schema or an array of one');
}

/** operationId (Nest swagger's `<Controller>_<method>`) -> the route's @Policy (method over class) and success status. */
function routeInfo(app: INestApplication): Map<string, { policy: RoutePolicy | undefined; status: number }> {
  const out = new Map<string, { policy: RoutePolicy | undefined; status: number }>();
  const scanner = new MetadataScanner();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new (...a: unknown[]) => object) | null;
      if (!cls) continue;
      const classPolicy = Reflect.getMetadata(POLICY_KEY, cls) as RoutePolicy | undefined;
      for (const name of scanner.getAllMethodNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const policy = (Reflect.getMetadata(POLICY_KEY, handler) as RoutePolicy | undefined) ?? classPolicy;
        // Nest answers POST with 201 unless @HttpCode says otherwise
        const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === RequestMethod.POST ? 201 : 200);
        out.set(`${cls.name}_${name}`, { policy, status });
      }
    }
  }
  return out;
}
