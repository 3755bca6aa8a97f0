import { verifyDataIntegrity, verifyVcJwt, type ProofResult } from '../proof/verify.js';
import { parseJsonItem, splitJson } from './json-stream.js';
import { achievementToCredential, checkAchievement, checkContext, checkIssuer, decodeVcJwt, emitOb, err, JWS_RE, validateOpenBadge, warn, type Ctx } from './obv3.js';
import { MAX_JSON_CONTAINER_CHARS, MAX_LINE_CHARS, mb } from './limits.js';
import { peek, readLines } from './source.js';
import type { CredentialRecord, ParseEvent, ParseOptions, RecordLocation } from './types.js';
import { asArray, isDateTime, isObject, ptr, sha256, typesOf } from './util.js';

// Association types that express stacking, and which side is the part.
const PART_IS_SOURCE = new Set(['isChildOf', 'isPartOf']);
const PART_IS_TARGET = new Set(['isParentOf', 'hasPart']);

/**
 * CLR 2.0 ClrCredential: each nested credential becomes an award (rejected on its own if it is
 * invalid), the subject's achievements become catalog entries, and associations that express
 * parent/child or part-of become stacking relations.
 */
export async function* parseClr(source: AsyncIterable<Buffer | string>, o: ParseOptions): AsyncGenerator<ParseEvent> {
  const { first, stream } = await peek(source);
  if (first !== '{' && first !== '[' && first !== '') {
    for await (const { text, line, tooLong } of readLines(stream)) {
      if (tooLong) {
        yield { type: 'reject', issues: [{ file: o.file, line, pointer: '', field: '(document)', reason: `the line is longer than ${mb(MAX_LINE_CHARS)}; skipped` }], loc: { line } };
        continue;
      }
      const jws = text.trim();
      if (!jws) continue;
      if (!JWS_RE.test(jws)) {
        yield { type: 'reject', issues: [{ file: o.file, line, pointer: '', field: '(document)', reason: 'neither JSON nor a compact JWS (VC-JWT)' }], loc: { line } };
        continue;
      }
      let doc: Record<string, unknown>;
      try {
        doc = decodeVcJwt(jws);
      } catch (e) {
        yield { type: 'reject', issues: [{ file: o.file, line, pointer: '', field: '(payload)', reason: `the JWT payload is not JSON: ${(e as Error).message}` }], loc: { line } };
        continue;
      }
      const proof = await verifyVcJwt(jws, doc, o.proof);
      if (proof.status === 'invalid') yield { type: 'warning', issue: { file: o.file, line, pointer: '', field: 'proof', reason: `CLR proof invalid: ${proof.detail}` } };
      yield* clrDocument(doc, '', line, o);
    }
    return;
  }
  for await (const ev of splitJson(stream, MAX_JSON_CONTAINER_CHARS)) {
    if (ev.kind === 'error') {
      yield { type: 'reject', issues: [{ file: o.file, line: ev.line, pointer: ev.base, field: ev.field, reason: ev.reason }], loc: { line: ev.line, pointer: ev.base } };
      continue;
    }
    const parsed = parseJsonItem(ev.item);
    if (!parsed.ok) {
      yield { type: 'reject', issues: [{ file: o.file, line: parsed.line, pointer: ev.item.base, field: '(document)', reason: parsed.reason }], loc: { line: ev.item.line, pointer: ev.item.base } };
      continue;
    }
    if (isObject(parsed.value)) {
      const proof = await verifyDataIntegrity(parsed.value, o.proof);
      if (proof.status === 'invalid') yield { type: 'warning', issue: { file: o.file, line: ev.item.line, pointer: ptr(ev.item.base, 'proof'), field: 'proof', reason: `CLR proof invalid: ${proof.detail}` } };
    }
    yield* clrDocument(parsed.value, ev.item.base, ev.item.line, o);
  }
}

async function* clrDocument(doc: unknown, base: string, line: number, o: ParseOptions): AsyncGenerator<ParseEvent> {
  const c: Ctx = { file: o.file, line, issues: [], warnings: [] };
  const loc: RecordLocation = { line, pointer: base };
  if (!isObject(doc)) {
    yield { type: 'reject', issues: [{ file: o.file, line, pointer: base, field: '(document)', reason: 'expected a ClrCredential object' }], loc };
    return;
  }
  const version = checkContext(c, doc, base, 'clr');
  const types = typesOf(doc.type);
  if (!types.includes('VerifiableCredential') || !types.includes('ClrCredential')) {
    err(c, ptr(base, 'type'), 'type', `must include "VerifiableCredential" and "ClrCredential", got ${JSON.stringify(doc.type ?? null)}`);
  }
  const provider = checkIssuer(c, doc, base);
  const fromField = version === 1 ? 'issuanceDate' : 'validFrom';
  if (!isDateTime(doc[fromField])) err(c, ptr(base, fromField), fromField, doc[fromField] === undefined ? `required: the ${fromField} date-time is missing` : `expected a date-time with time zone, got ${JSON.stringify(doc[fromField])}`);
  const sp = ptr(base, 'credentialSubject');
  const subject = doc.credentialSubject;
  if (!isObject(subject)) err(c, sp, 'credentialSubject', 'required: a ClrSubject object');
  else {
    if (!typesOf(subject.type).includes('ClrSubject')) err(c, ptr(sp, 'type'), 'credentialSubject.type', `must include "ClrSubject", got ${JSON.stringify(subject.type ?? null)}`);
    if (!Array.isArray(subject.verifiableCredential) || subject.verifiableCredential.length === 0) {
      err(c, ptr(sp, 'verifiableCredential'), 'credentialSubject.verifiableCredential', 'required: a non-empty array of the credentials this CLR wraps');
    }
  }
  for (const w of c.warnings) yield { type: 'warning', issue: w };
  if (c.issues.length > 0 || !isObject(subject)) {
    yield { type: 'reject', issues: c.issues, loc };
    return;
  }

  // Catalog entries for the subject's achievements (the nodes associations refer to).
  const catalog = new Map<string, CredentialRecord>();
  for (const [i, a] of asArray(subject.achievement).entries()) {
    const ac: Ctx = { file: o.file, line, issues: [], warnings: [] };
    const p = ptr(sp, 'achievement', i);
    if (checkAchievement(ac, a, p)) {
      const cred = achievementToCredential(ac, a, p, provider);
      catalog.set(cred.sourceKey, cred);
    }
    for (const w of ac.warnings) yield { type: 'warning', issue: w };
    if (ac.issues.length) yield { type: 'reject', issues: ac.issues, loc: { line, pointer: p } };
  }
  // Nested credentials -> awards (each on its own).
  for (const [i, vc] of (subject.verifiableCredential as unknown[]).entries()) {
    const p = ptr(sp, 'verifiableCredential', i);
    if (typeof vc === 'string' && JWS_RE.test(vc)) {
      const nested = decodeVcJwt(vc);
      yield* emitOb(validateOpenBadge(nested, p, o, line, await verifyVcJwt(vc, nested, o.proof), `jwt:${sha256(vc)}`), { line, pointer: p });
      continue;
    }
    const proof: ProofResult = isObject(vc) ? await verifyDataIntegrity(vc, o.proof) : { status: 'none' };
    const r = validateOpenBadge(vc, p, o, line, proof, `clr:${sha256(JSON.stringify(vc))}`);
    if (r.credential) catalog.set(r.credential.sourceKey, r.credential);
    yield* emitOb(r, { line, pointer: p });
  }
  for (const cred of catalog.values()) yield { type: 'record', record: cred, loc };
  for (const [i, a] of asArray(subject.association).entries()) {
    const p = ptr(sp, 'association', i);
    if (!isObject(a)) continue;
    const at = String(a.associationType ?? '');
    const src = String(a.sourceId ?? '');
    const tgt = String(a.targetId ?? '');
    if (!PART_IS_SOURCE.has(at) && !PART_IS_TARGET.has(at)) continue;
    if (!catalog.has(src) || !catalog.has(tgt)) {
      warn(c, p, 'association', `${at} between ${src} and ${tgt} skipped: both must be achievements in this CLR`);
      yield { type: 'warning', issue: c.warnings[c.warnings.length - 1] };
      continue;
    }
    const [part, whole] = PART_IS_SOURCE.has(at) ? [src, tgt] : [tgt, src];
    yield { type: 'record', record: { kind: 'stack', partKey: part, wholeKey: whole }, loc: { line, pointer: p } };
  }
}
