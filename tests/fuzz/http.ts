import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { hugeString, nastyString } from './generators.js';

// HTTP side of the fuzz suite: requests go over a real loopback socket to the listening test app
// (keep-alive, a few in flight), and every answer is checked the same way.

export interface FuzzRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  body: string;
}

export function client(server: http.Server) {
  const { port } = server.address() as AddressInfo;
  const agents = new Map<string, http.Agent>();
  // Rate limits are per client address: spreading requests over 127.0.0.0/8 source addresses keeps
  // the strict login limit from answering 429 to everything after the tenth body.
  const agentFor = (local: string) => {
    let a = agents.get(local);
    if (!a) agents.set(local, (a = new http.Agent({ keepAlive: true, maxSockets: 8 })));
    return a;
  };
  return {
    send(r: FuzzRequest, localAddress = '127.0.0.1'): Promise<FuzzAnswer> {
      return new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, localAddress, agent: agentFor(localAddress) }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(r.body);
      });
    },
    close() {
      for (const a of agents.values()) a.destroy();
    },
  };
}

/** What every fuzzed answer must satisfy: no 5xx, and a refusal is problem+json with a reason. Returns the failure, if any. */
export function checkAnswer(r: FuzzRequest, a: FuzzAnswer): string | undefined {
  const what = `${r.method} ${r.path.slice(0, 300)} -> ${a.status}`;
  if (a.status >= 500) return `${what}: server error ${a.body.slice(0, 300)}`;
  if (a.status < 400) return undefined;
  // Node's HTTP parser refuses oversized request heads itself (the status is the reason).
  if (a.status === 431) return undefined;
  if (!/application\/problem\+json/.test(a.contentType)) return `${what}: refusal is not problem+json (${a.contentType}) ${a.body.slice(0, 200)}`;
  let p: { detail?: unknown; title?: unknown };
  try {
    p = JSON.parse(a.body) as typeof p;
  } catch {
    return `${what}: problem body is not JSON`;
  }
  if (typeof p.detail !== 'string' || p.detail.trim().length < 3) return `${what}: refusal without a reason ${a.body.slice(0, 200)}`;
  return undefined;
}

const PARAMS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider', 'groupBy', 'granularity', 'limit', 'baseFrom', 'k', 'format', 'q', 'kind'];
const PLAUSIBLE = ['2025-01', '2025-06', '2024-12', 'state:06', 'county:06037', 'cbsa:31080', 'us', '62', '6221', '29-1141', '51.3801', 'soc', 'naics', 'region', 'credential', 'month', 'quarter', 'year', '10', '0', '100'];

// Percent-encoded bytes that are not UTF-8, and encodings that decode to control characters.
const BAD_ESCAPES = ['%FF', '%C3', '%E2%82', '%C0%AF', '%ED%A0%80', '%00', '%', '%zz', '%%', '%0A%0D', '%E2%80%A8'];

// encodeURIComponent throws on a lone surrogate: send its UTF-8 replacement bytes instead.
const enc = (s: string) => encodeURIComponent(s.toWellFormed());

const encoded = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE).map(enc) },
  { weight: 4, arbitrary: nastyString.map(enc) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...PLAUSIBLE), fc.constantFrom(...BAD_ESCAPES)).map(([v, b]) => enc(v) + b) },
  { weight: 1, arbitrary: hugeString.map((s) => enc(s.slice(0, 1500))) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PLAUSIBLE), { maxLength: 200 }).map((xs) => enc(xs.join(','))) },
);

/** A query string: known and misspelt parameter names, repeated ones, bracket syntax, bad escapes. */
export const queryString = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PARAMS) }, { weight: 1, arbitrary: nastyString.map(enc) }, { weight: 1, arbitrary: fc.constantFrom('from[]', 'region[x]', '__proto__', 'constructor', 'groupBy[0]', 'limit.x') }),
      encoded,
      fc.boolean(),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.map(([k, v, bare]) => (bare && v.length % 5 === 0 ? k : `${k}=${v}`)).join('&'));

/** A request body for JSON endpoints: malformed, wrong-typed, deep, huge, not UTF-8, or not JSON at all. */
export const jsonBody = fc.oneof(
  { weight: 3, arbitrary: fc.record({ email: fc.oneof(nastyString, fc.jsonValue({ maxDepth: 2 })), password: fc.oneof(nastyString, fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] }).map((o) => Buffer.from(JSON.stringify(o))) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 80 }), fc.nat()).map(([s, n]) => Buffer.from(`{"email":"a@b.c","password":"${s}`.slice(0, n % 60))) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 100_000 }).map((d) => Buffer.from('{"email":'.repeat(d) + '1' + '}'.repeat(d))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.constantFrom(Buffer.from([0x7b, 0x22, 0x65, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), Buffer.from('\uFEFF{"email":"x","password":"y"}'), Buffer.from('{"email":"\u0000","password":"\u0000"}'), Buffer.from('')) },
  { weight: 1, arbitrary: fc.constant(Buffer.from(JSON.stringify({ email: 'a'.repeat(1_100_000), password: 'x' }))) },
);

export { enc };

export const contentType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/problem+json', '');
