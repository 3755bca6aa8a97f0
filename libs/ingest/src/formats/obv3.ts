import type { CredentialType } from '@credpulse/contracts';
import { verifyDataIntegrity, verifyVcJwt, type ProofResult } from '../proof/verify.js';
import { jsonTooDeep, MAX_JSON_DEPTH, parseJsonItem, splitJson } from './json-stream.js';
import { MAX_LINE_CHARS, mb } from './limits.js';
import { peek, readLines } from './source.js';
import type { AwardRecord, CredentialRecord, ParseEvent, ParseOptions, ProviderRecord, RecordIssue } from './types.js';
import { asArray, isDateTime, isObject, isUri, langString, nonEmpty, ptr, sha256, socCodeOf, SOC_2010_TO_2018, toDate, typesOf } from './util.js';

export const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const OB_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d+\.\d+)?\.json$/;
// Early OB 3.0 drafts (and their VC-JWT examples) used this context.
const OB_DRAFT_CONTEXT = 'https://imsglobal.github.io/openbadges-specification/context.json';
export const CLR_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/clr\/v2p0\/context(-2\.\d+\.\d+)?\.json$/;

export interface ObResult {
  issues: RecordIssue[];
  warnings: RecordIssue[];
  award?: AwardRecord;
  credential?: CredentialRecord;
}

export interface Ctx {
  file: string;
  line?: number;
  issues: RecordIssue[];
  warnings: RecordIssue[];
}
export const err = (c: Ctx, pointer: string, field: string, reason: string) => c.issues.push({ file: c.file, line: c.line, pointer, field, reason });
export const warn = (c: Ctx, pointer: string, field: string, reason: string) => c.warnings.push({ file: c.file, line: c.line, pointer, field, reason });

/** Checks the @context list: the VC context first, then the given spec context. Returns the VCDM version. */
export function checkContext(c: Ctx, doc: Record<string, unknown>, base: string, spec: 'ob' | 'clr'): 1 | 2 | undefined {
  const ctx = doc['@context'];
  if (!Array.isArray(ctx) || ctx.length === 0) {
    err(c, ptr(base, '@context'), '@context', 'required: an array starting with the W3C credentials context');
    return undefined;
  }
  const version = ctx[0] === VC_V2 ? 2 : ctx[0] === VC_V1 ? 1 : undefined;
  if (!version) {
    err(c, ptr(base, '@context', 0), '@context', `the first context must be "${VC_V2}" (VC Data Model 2.0) or "${VC_V1}" (1.1), got ${JSON.stringify(ctx[0])}`);
  }
  const specRe = spec === 'ob' ? OB_CONTEXT : CLR_CONTEXT;
  const i = ctx.findIndex((x) => typeof x === 'string' && (specRe.test(x) || (spec === 'ob' && x === OB_DRAFT_CONTEXT)));
  if (i < 0) {
    const want = spec === 'ob' ? 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json' : 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
    err(c, ptr(base, '@context'), '@context', `the ${spec === 'ob' ? 'Open Badges 3.0' : 'CLR 2.0'} context (e.g. "${want}") is missing`);
  } else if (i === 0) {
    err(c, ptr(base, '@context', 0), '@context', 'the W3C credentials context must come first');
  } else if (ctx[i] === OB_DRAFT_CONTEXT) {
    warn(c, ptr(base, '@context', i), '@context', 'pre-release Open Badges 3.0 context; current credentials use https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');
  }
  return version;
}

export function providerOf(v: unknown): ProviderRecord | undefined {
  if (typeof v === 'string') return { sourceKey: v, name: v, url: v.startsWith('http') ? v : undefined };
  if (isObject(v) && typeof v.id === 'string') {
    return { sourceKey: v.id, name: langString(v.name) ?? v.id, url: typeof v.url === 'string' ? v.url : v.id.startsWith('http') ? v.id : undefined, kind: 'issuer' };
  }
  return undefined;
}

/** Checks issuer: a URI or a Profile with id and type. */
export function checkIssuer(c: Ctx, doc: Record<string, unknown>, base: string): ProviderRecord | undefined {
  const iss = doc.issuer;
  const p = ptr(base, 'issuer');
  if (iss === undefined) {
    err(c, p, 'issuer', 'required: the issuer is missing; expected a URI or a Profile object with "id" and "type": ["Profile"]');
    return undefined;
  }
  if (typeof iss === 'string') {
    if (!isUri(iss)) err(c, p, 'issuer', `expected a URI, got ${JSON.stringify(iss)}`);
    return providerOf(iss);
  }
  if (!isObject(iss)) {
    err(c, p, 'issuer', `expected a URI or a Profile object, got ${Array.isArray(iss) ? 'an array' : typeof iss}`);
    return undefined;
  }
  if (!isUri(iss.id)) err(c, ptr(p, 'id'), 'issuer.id', iss.id === undefined ? 'required: the issuer Profile has no id' : `expected a URI, got ${JSON.stringify(iss.id)}`);
  if (!typesOf(iss.type).includes('Profile')) err(c, ptr(p, 'type'), 'issuer.type', `must include "Profile", got ${JSON.stringify(iss.type ?? null)}`);
  return providerOf(iss);
}

function credentialTypeOf(achievementType: unknown): CredentialType {
  const t = String(achievementType ?? '').toLowerCase();
  if (t.includes('degree') || t === 'diploma') return 'degree';
  if (t.includes('license')) return 'license';
  if (t.includes('certification')) return 'certification';
  if (t.includes('certificate')) return 'certificate';
  if (t.includes('microcredential') || t.includes('micro-credential')) return 'micro-credential';
  return 'badge';
}

/** Achievement -> catalog entry, with alignments to CTDL, CASE, O*NET/SOC and skills. */
export function achievementToCredential(c: Ctx, a: Record<string, unknown>, p: string, fallbackProvider: ProviderRecord | undefined): CredentialRecord {
  const type = credentialTypeOf(a.achievementType);
  const cred: CredentialRecord = {
    kind: 'credential',
    sourceKey: String(a.id),
    name: langString(a.name) ?? String(a.id),
    shortNames: [],
    type,
    isMicro: type !== 'degree',
    provider: providerOf(a.creator) ?? fallbackProvider,
    description: langString(a.description),
    obAchievementId: String(a.id),
    externalIds: {},
    socCodes: [],
    naicsCodes: [],
    cipCodes: [],
    skills: [],
    partOf: [],
    hasPart: [],
    outcomeProfiles: [],
  };
  if (nonEmpty(a.humanCode)) cred.shortNames.push(a.humanCode);
  if (typeof a.achievementType === 'string') cred.externalIds.achievementType = a.achievementType;
  if (nonEmpty(a.fieldOfStudy)) cred.externalIds.fieldOfStudy = a.fieldOfStudy;
  asArray(a.alignment).forEach((al, i) => {
    if (!isObject(al)) {
      err(c, ptr(p, 'alignment', i), 'alignment', 'expected an Alignment object');
      return;
    }
    const tt = String(al.targetType ?? '');
    const fw = String(al.targetFramework ?? '');
    const code = String(al.targetCode ?? '');
    const name = langString(al.targetName);
    if (/o\*?net|soc/i.test(fw + ' ' + tt) && socCodeOf(code)) {
      let soc = socCodeOf(code)!;
      if (SOC_2010_TO_2018[soc]) {
        warn(c, ptr(p, 'alignment', i, 'targetCode'), 'alignment.targetCode', `SOC 2010 code ${soc} mapped to SOC 2018 ${SOC_2010_TO_2018[soc]}`);
        soc = SOC_2010_TO_2018[soc];
      }
      cred.socCodes.push(soc);
    } else if (tt === 'ceterms:Credential' || /ctdl|credentialengine|credreg/i.test(fw + String(al.targetUrl ?? ''))) {
      cred.externalIds.ctdl = al.targetUrl ?? code;
    } else if (tt === 'CFItem' || tt === 'CFRubric' || /case/i.test(fw)) {
      (cred.externalIds.case ??= [] as unknown[]) as unknown[];
      (cred.externalIds.case as unknown[]).push(al.targetUrl ?? code);
      if (name) cred.skills.push(name);
    } else if (name && (/competency|skill/i.test(tt + ' ' + fw) || tt === '')) {
      cred.skills.push(name);
    }
  });
  return cred;
}

export function checkAchievement(c: Ctx, a: unknown, p: string): a is Record<string, unknown> {
  if (!isObject(a)) {
    err(c, p, 'achievement', `expected an Achievement object, got ${Array.isArray(a) ? 'an array' : typeof a}`);
    return false;
  }
  const before = c.issues.length;
  if (!isUri(a.id)) err(c, ptr(p, 'id'), 'achievement.id', a.id === undefined ? 'required: the achievement has no id' : `expected a URI, got ${JSON.stringify(a.id)}`);
  if (!typesOf(a.type).includes('Achievement')) err(c, ptr(p, 'type'), 'achievement.type', `must include "Achievement", got ${JSON.stringify(a.type ?? null)}`);
  if (!langString(a.name)) err(c, ptr(p, 'name'), 'achievement.name', 'required: the achievement has no name');
  if (!isObject(a.criteria)) err(c, ptr(p, 'criteria'), 'achievement.criteria', 'required: an object with "id" or "narrative"');
  else if (a.criteria.id === undefined && !nonEmpty(a.criteria.narrative)) err(c, ptr(p, 'criteria'), 'achievement.criteria', 'needs "id" or "narrative"');
  return c.issues.length === before;
}

/** Validates one OB 3.0 credential (JSON-LD, or the payload of a VC-JWT) and maps it to an award. */
export function validateOpenBadge(doc: unknown, base: string, o: ParseOptions, line: number | undefined, proof: ProofResult, fallbackKey: string): ObResult {
  const c: Ctx = { file: o.file, line, issues: [], warnings: [] };
  if (!isObject(doc)) {
    err(c, base, '(document)', `expected a credential object, got ${Array.isArray(doc) ? 'an array' : typeof doc}`);
    return c;
  }
  const version = checkContext(c, doc, base, 'ob');
  const types = typesOf(doc.type);
  if (!types.includes('VerifiableCredential')) err(c, ptr(base, 'type'), 'type', `must include "VerifiableCredential", got ${JSON.stringify(doc.type ?? null)}`);
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) {
    err(c, ptr(base, 'type'), 'type', `must include "OpenBadgeCredential" or "AchievementCredential", got ${JSON.stringify(doc.type ?? null)}`);
  }
  if (doc.id !== undefined && !isUri(doc.id)) err(c, ptr(base, 'id'), 'id', `expected a URI, got ${JSON.stringify(doc.id)}`);
  const provider = checkIssuer(c, doc, base);

  // Dates: VCDM 2.0 validFrom / validUntil; VCDM 1.1 issuanceDate / expirationDate.
  const fromField = version === 1 ? 'issuanceDate' : 'validFrom';
  const untilField = version === 1 ? 'expirationDate' : 'validUntil';
  if (version === 2 && doc.issuanceDate !== undefined && doc.validFrom === undefined) {
    err(c, ptr(base, 'issuanceDate'), 'issuanceDate', 'a VC Data Model 2.0 credential uses "validFrom", not the 1.1 "issuanceDate"');
  } else if (doc[fromField] === undefined) {
    err(c, ptr(base, fromField), fromField, `required: the ${fromField} date-time is missing`);
  } else if (!isDateTime(doc[fromField])) {
    err(c, ptr(base, fromField), fromField, `expected a date-time with time zone like 2024-05-01T00:00:00Z, got ${JSON.stringify(doc[fromField])}`);
  }
  if (doc[untilField] !== undefined && !isDateTime(doc[untilField])) {
    err(c, ptr(base, untilField), untilField, `expected a date-time with time zone, got ${JSON.stringify(doc[untilField])}`);
  }

  asArray(doc.evidence).forEach((ev, i) => {
    if (!isObject(ev) || !typesOf(ev.type).includes('Evidence')) err(c, ptr(base, 'evidence', i), 'evidence.type', 'each evidence item must be an object whose type includes "Evidence"');
  });

  // Subject and achievement
  const sp = ptr(base, 'credentialSubject');
  const subject = doc.credentialSubject;
  let learner: string | undefined;
  let achievement: Record<string, unknown> | undefined;
  if (!isObject(subject)) {
    err(c, sp, 'credentialSubject', subject === undefined ? 'required: the credentialSubject is missing' : 'expected one AchievementSubject object');
  } else {
    if (!typesOf(subject.type).includes('AchievementSubject')) err(c, ptr(sp, 'type'), 'credentialSubject.type', `must include "AchievementSubject", got ${JSON.stringify(subject.type ?? null)}`);
    if (typeof subject.id === 'string') {
      if (!isUri(subject.id)) err(c, ptr(sp, 'id'), 'credentialSubject.id', `expected a URI, got ${JSON.stringify(subject.id)}`);
      learner = subject.id;
    }
    asArray(subject.identifier).forEach((idObj, i) => {
      const ip = ptr(sp, 'identifier', i);
      if (!isObject(idObj)) return err(c, ip, 'credentialSubject.identifier', 'expected an IdentityObject');
      if (!typesOf(idObj.type).includes('IdentityObject')) err(c, ptr(ip, 'type'), 'identifier.type', 'must be "IdentityObject"');
      if (!nonEmpty(idObj.identityHash)) err(c, ptr(ip, 'identityHash'), 'identifier.identityHash', 'required: a string');
      if (!nonEmpty(idObj.identityType)) err(c, ptr(ip, 'identityType'), 'identifier.identityType', 'required: e.g. "emailAddress", "studentId"');
      if (typeof idObj.hashed !== 'boolean') err(c, ptr(ip, 'hashed'), 'identifier.hashed', 'required: true or false');
      if (!learner && nonEmpty(idObj.identityHash)) learner = `${String(idObj.identityType)}:${idObj.identityHash}`;
    });
    if (!learner) {
      // Issuers such as the Digital Credentials Consortium's signing service put the learner's name
      // in the subject and no id: the award counts, but it cannot be joined to outcomes or pathways.
      if (langString(subject.name)) {
        warn(c, sp, 'credentialSubject', 'the subject has a "name" but neither an "id" nor an "identifier": the award is counted, not linkable to a learner (no outcomes, no pathways)');
      } else {
        err(c, sp, 'credentialSubject', 'no learner: the subject has neither an "id" nor an "identifier" nor a "name"');
      }
    }
    if (subject.achievement === undefined) {
      warn(c, ptr(sp, 'achievement'), 'credentialSubject.achievement', "no achievement: the award is recorded under the credential's own name and issuer");
    } else if (checkAchievement(c, subject.achievement, ptr(sp, 'achievement'))) {
      achievement = subject.achievement as Record<string, unknown>;
    }
  }
  if (c.issues.length > 0) return c;

  const credential = achievement
    ? achievementToCredential(c, achievement, ptr(sp, 'achievement'), provider)
    : achievementToCredential(c, { id: `${provider?.sourceKey ?? ''}#${langString(doc.name) ?? 'credential'}`, name: langString(doc.name) ?? 'Unnamed credential', achievementType: 'Badge' }, base, provider);
  if (!achievement) credential.obAchievementId = undefined;
  const awardDate = toDate(doc[fromField])!;
  const expiry = toDate(doc[untilField]);
  const now = (o.now ?? new Date()).toISOString().slice(0, 10);
  const award: AwardRecord = {
    kind: 'award',
    sourceKey: typeof doc.id === 'string' ? doc.id : fallbackKey,
    learnerKey: learner === undefined ? null : o.learnerKey(learner),
    credential,
    awardDate,
    expiryDate: expiry,
    expired: expiry !== undefined && expiry < now,
    proofStatus: proof.status,
    proofDetail: proof.detail,
    ...(proof.credentialStatus ? { credentialStatus: proof.credentialStatus } : {}),
  };
  if (award.expired) warn(c, ptr(base, untilField), untilField, `expired on ${expiry}; kept and flagged expired`);
  if (awardDate > now) warn(c, ptr(base, fromField), fromField, `not yet valid: ${fromField} ${awardDate} is in the future; the award is counted in that month`);
  if (proof.status === 'invalid') warn(c, ptr(base, 'proof'), 'proof', `invalid proof, kept and never counted as verified: ${proof.detail}`);
  else if (proof.status === 'unverifiable') warn(c, ptr(base, 'proof'), 'proof', `proof unverifiable offline: ${proof.detail}`);
  if (proof.credentialStatus === 'unchecked') warn(c, ptr(base, 'credentialStatus'), 'credentialStatus', 'revocation status unchecked: the status list is not available offline');
  return { ...c, award, credential };
}

export const JWS_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Credential inside a VC-JWT payload: the `vc` claim (VCDM 1.1) or the payload itself (VCDM 2.0 JOSE). */
export function decodeVcJwt(jws: string): Record<string, unknown> {
  const json = Buffer.from(jws.split('.')[1], 'base64url').toString('utf8');
  if (jsonTooDeep(json)) throw new Error(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  const payload = JSON.parse(json) as Record<string, unknown>;
  const vc = isObject(payload.vc) ? { ...payload.vc } : { ...payload };
  // JWT claims stand in for missing credential properties (VC-JWT 1.1 encoding rules).
  if (vc.id === undefined && typeof payload.jti === 'string') vc.id = payload.jti;
  if (vc.issuer === undefined && typeof payload.iss === 'string') vc.issuer = payload.iss;
  if (vc.issuanceDate === undefined && vc.validFrom === undefined && typeof payload.nbf === 'number') vc.issuanceDate = new Date(payload.nbf * 1000).toISOString().replace('.000', '');
  if (vc.expirationDate === undefined && vc.validUntil === undefined && typeof payload.exp === 'number') vc.expirationDate = new Date(payload.exp * 1000).toISOString().replace('.000', '');
  if (isObject(vc.credentialSubject) && vc.credentialSubject.id === undefined && typeof payload.sub === 'string') vc.credentialSubject = { ...vc.credentialSubject, id: payload.sub };
  return vc;
}

export function* emitOb(r: ObResult, loc: { line?: number; pointer?: string }, raw?: string): Generator<ParseEvent> {
  for (const w of r.warnings) yield { type: 'warning', issue: w };
  if (r.issues.length > 0 || !r.award) yield { type: 'reject', issues: r.issues, loc, raw };
  // The award carries its catalog entry; the loader upserts the credential and provider first.
  else yield { type: 'record', record: r.award, loc };
}

/** Open Badges 3.0: JSON-LD documents (one, an array, JSON Lines) or VC-JWTs (one per line). */
export async function* parseObv3(source: AsyncIterable<Buffer | string>, o: ParseOptions): AsyncGenerator<ParseEvent> {
  const { first, stream } = await peek(source);
  if (first !== '{' && first !== '[' && first !== '') {
    for await (const { text, line, tooLong } of readLines(stream)) {
      if (tooLong) {
        yield { type: 'reject', issues: [{ file: o.file, line, pointer: '', field: '(document)', reason: `the line is longer than ${mb(MAX_LINE_CHARS)}; skipped` }], loc: { line } };
        continue;
      }
      const jws = text.trim();
      if (jws === '') continue;
      const loc = { line, pointer: '' };
      if (!JWS_RE.test(jws)) {
        yield { type: 'reject', issues: [{ file: o.file, line, pointer: '', field: '(document)', reason: 'neither JSON nor a compact JWS (VC-JWT): expected three base64url parts separated by "."' }], loc, raw: jws.slice(0, 200) };
        continue;
      }
      let vc: Record<string, unknown>;
      try {
        vc = decodeVcJwt(jws);
      } catch (e) {
        yield { type: 'reject', issues: [{ file: o.file, line, pointer: '', field: '(payload)', reason: `the JWT payload is not JSON: ${(e as Error).message}` }], loc };
        continue;
      }
      const proof = await verifyVcJwt(jws, vc, o.proof);
      yield* emitOb(validateOpenBadge(vc, '', o, line, proof, `jwt:${sha256(jws)}`), loc);
    }
    return;
  }
  for await (const ev of splitJson(stream)) {
    if (ev.kind === 'error') {
      yield { type: 'reject', issues: [{ file: o.file, line: ev.line, pointer: ev.base, field: ev.field, reason: ev.reason }], loc: { line: ev.line, pointer: ev.base } };
      continue;
    }
    const parsed = parseJsonItem(ev.item);
    const loc = { line: ev.item.line, pointer: ev.item.base };
    if (!parsed.ok) {
      yield { type: 'reject', issues: [{ file: o.file, line: parsed.line, pointer: ev.item.base, field: '(document)', reason: parsed.reason }], loc, raw: ev.item.text.slice(0, 500) };
      continue;
    }
    const proof: ProofResult = isObject(parsed.value) ? await verifyDataIntegrity(parsed.value, o.proof) : { status: 'none' };
    yield* emitOb(validateOpenBadge(parsed.value, ev.item.base, o, ev.item.line, proof, `ob:${sha256(ev.item.text)}`), loc, ev.item.text.slice(0, 2000));
  }
}
