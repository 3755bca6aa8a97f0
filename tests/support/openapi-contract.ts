import { Ajv, type ValidateFunction } from 'ajv';

// The API contract check (issue 19): every answer the integration and e2e suites receive is held
// against the OpenAPI document the server publishes (built from the zod schemas of
// @credpulse/contracts): the operation exists, the status is one it declares, the media type is one
// it declares for that status, and a JSON body validates against the declared schema.

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface ObservedResponse {
  method: string;
  /** Path with or without the query string, e.g. /api/metrics/postings?region=us */
  url: string;
  status: number;
  contentType: string | undefined;
  /** The parsed JSON body (ignored unless the media type is JSON). */
  body: unknown;
  /** The observer could not read the body (Chromium evicts large upload exchanges from its inspector
   * cache): status and media type are still held to the document, the body is not. */
  bodyUnavailable?: boolean;
}

const DOC_ID = 'credpulse-openapi';
// Anything under /api that is not an operation of the API itself
const NOT_OPERATIONS = /^\/api\/(docs(\/|$)|openapi\.json$)/;

export class ContractValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
  private readonly routes: { method: string; template: string; re: RegExp; op: Operation }[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDocument) {
    // OpenAPI 3.0 schemas: `nullable` is understood by Ajv 8; `example` and friends are ignored (strict off)
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(rewriteRefs({ $id: DOC_ID, components: doc.components ?? {} }) as Schema);
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
        this.routes.push({ method: method.toUpperCase(), template, re, op });
      }
    }
    // literal segments win over parameters (region/{region}.pdf before region/{region})
    this.routes.sort((a, b) => b.template.replace(/\{[^}]+\}/g, '').length - a.template.replace(/\{[^}]+\}/g, '').length);
  }

  /** What is wrong with one answer, as readable lines (empty when it keeps the contract). */
  check(r: ObservedResponse): string[] {
    const path = r.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    const method = r.method.toUpperCase();
    if (!path.startsWith('/api/') || NOT_OPERATIONS.test(path) || method === 'HEAD' || method === 'OPTIONS') return [];
    const route = this.routes.find((x) => x.method === method && x.re.test(path));
    const what = `${method} ${path} -> ${r.status}`;
    // an unknown route answers 404 problem+json from Nest itself; nothing to hold it to
    if (!route) return r.status === 404 ? [] : [`${what}: no such operation in the OpenAPI document`];
    const declared = route.op.responses[String(r.status)] ?? route.op.responses.default;
    if (!declared) return [`${what}: status not declared for ${method} ${route.template} (declared: ${Object.keys(route.op.responses).join(', ')})`];
    const content = declared.content;
    if (!content) return r.status === 204 || !r.contentType ? [] : [`${what}: declared without a body but answered ${r.contentType}`];
    const media = (r.contentType ?? '').split(';')[0].trim().toLowerCase();
    const entry = content[media];
    if (!entry) return [`${what}: media type "${media}" not declared (declared: ${Object.keys(content).join(', ')})`];
    if (!/[/+]json$/.test(media) || !entry.schema || r.bodyUnavailable) return [];
    const key = `${method} ${route.template} ${r.status} ${media}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(entry.schema) as Schema);
      this.compiled.set(key, validate);
    }
    if (validate(r.body)) return [];
    return (validate.errors ?? []).slice(0, 10).map((e) => `${what}: body${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''} (schema ${e.schemaPath})`);
  }
}

// OpenAPI 3.0 schema objects -> JSON Schema for Ajv: references into the registered document, and
// `nullable: true` as JSON Schema says it (a null type, or anyOf null for a reference or composition).
function rewriteRefs(v: unknown, names = false): unknown {
  if (Array.isArray(v)) return v.map((x) => rewriteRefs(x));
  if (!v || typeof v !== 'object') return v;
  const o: Schema = Object.fromEntries(
    Object.entries(v as Schema).map(([k, x]) => [k, !names && k === '$ref' && typeof x === 'string' && x.startsWith('#/') ? `${DOC_ID}${x}` : rewriteRefs(x, !names && k === 'properties')]),
  );
  if (names || o.nullable !== true) return o;
  delete o.nullable;
  if (typeof o.type === 'string') return { ...o, type: [o.type, 'null'], ...(Array.isArray(o.enum) && !o.enum.includes(null) ? { enum: [...o.enum, null] } : {}) };
  return { anyOf: [o, { type: 'null' }] };
}
