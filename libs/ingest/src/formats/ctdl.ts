import type { CredentialType } from '@credpulse/contracts';
import { jsonTooDeep, parseJsonItem, splitJson } from './json-stream.js';
import { MAX_JSON_CONTAINER_CHARS } from './limits.js';
import type { CredentialRecord, OutcomeProfileRecord, ParseEvent, ParseOptions, ProviderRecord, RecordIssue } from './types.js';
import { asArray, cipCodeOf, isObject, langString, naicsCodeOf, ptr, socCodeOf, SOC_2010_TO_2018, toDate, toNumber, typesOf } from './util.js';

// CTDL credential classes -> the catalog's credential types.
const CLASS_TYPE: Record<string, CredentialType> = {
  Badge: 'badge', DigitalBadge: 'badge', OpenBadge: 'badge',
  Certificate: 'certificate', CertificateOfCompletion: 'certificate', ApprenticeshipCertificate: 'certificate',
  ProficiencyCertificate: 'certificate', AcademicCertificate: 'certificate', QualityAssuranceCredential: 'certificate',
  Diploma: 'certificate', GeneralEducationDevelopment: 'certificate', SecondarySchoolDiploma: 'certificate',
  Certification: 'certification', License: 'license', MicroCredential: 'micro-credential',
  Degree: 'degree', AssociateDegree: 'degree', BachelorDegree: 'degree', MasterDegree: 'degree', DoctoralDegree: 'degree',
  ProfessionalDoctorate: 'degree', ResearchDoctorate: 'degree', AssociateOfAppliedArtsDegree: 'degree', AssociateOfAppliedScienceDegree: 'degree',
  AssociateOfArtsDegree: 'degree', AssociateOfScienceDegree: 'degree', BachelorOfArtsDegree: 'degree', BachelorOfScienceDegree: 'degree',
  MasterOfArtsDegree: 'degree', MasterOfScienceDegree: 'degree', TransferDegree: 'degree', Credential: 'certificate',
};

const localType = (t: string) => t.replace(/^ceterms:/, '').replace(/^https?:\/\/purl\.org\/ctdl\/terms\//, '');
const CTID_RE = /(ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
export const ctidOf = (v: unknown): string | undefined => (typeof v === 'string' ? CTID_RE.exec(v)?.[1]?.toLowerCase() : undefined);

function credentialClass(node: Record<string, unknown>): CredentialType | undefined {
  for (const t of typesOf(node['@type'])) {
    const ty = CLASS_TYPE[localType(t)];
    if (ty) return ty;
  }
  return undefined;
}

/** ISO 8601 duration -> hours, when it is stated in hours/minutes (PT40H); weeks or months are not effort hours. */
function durationHours(d: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?)?$/.exec(d);
  if (!m || (m[2] === undefined && m[3] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
}

const qv = (v: unknown): number | undefined => {
  for (const x of asArray(v as unknown[])) {
    if (!isObject(x)) continue;
    const n = toNumber(x['schema:value']) ?? toNumber(x['qdata:percentage']) ?? toNumber(x['qdata:median']);
    if (n !== undefined) return n;
  }
  return toNumber(v);
};

interface CtdlCtx {
  file: string;
  line: number;
  issues: RecordIssue[];
  warnings: RecordIssue[];
  nodes: Map<string, Record<string, unknown>>;
}

function alignmentCodes(c: CtdlCtx, v: unknown, p: string, field: string, kind: 'soc' | 'naics' | 'cip'): string[] {
  const out: string[] = [];
  asArray(v as unknown[]).forEach((a, i) => {
    const node = typeof a === 'string' ? c.nodes.get(a) : a;
    if (!isObject(node)) return;
    const raw = String(node['ceterms:codedNotation'] ?? node['ceterms:targetNode'] ?? '');
    const name = langString(node['ceterms:targetNodeName']) ?? '';
    if (kind === 'soc') {
      let code = socCodeOf(raw);
      if (!code) {
        // Occupation nodes (isPreparationFor / targetOccupation) carry their codes in occupationType.
        if (node['ceterms:occupationType']) out.push(...alignmentCodes(c, node['ceterms:occupationType'], ptr(p, i), field, 'soc'));
        else if (raw || name) c.warnings.push({ file: c.file, line: c.line, pointer: ptr(p, i), field, reason: `no SOC code in ${JSON.stringify(raw || name)}; occupation not linked` });
        return;
      }
      const framework = String(node['ceterms:framework'] ?? '') + ' ' + (langString(node['ceterms:frameworkName']) ?? '');
      if (SOC_2010_TO_2018[code]) {
        c.warnings.push({ file: c.file, line: c.line, pointer: ptr(p, i, 'ceterms:codedNotation'), field, reason: `SOC 2010 code ${code} mapped to SOC 2018 ${SOC_2010_TO_2018[code]}` });
        code = SOC_2010_TO_2018[code];
      } else if (/2010/.test(framework)) {
        c.warnings.push({ file: c.file, line: c.line, pointer: ptr(p, i), field, reason: `code ${code} is from SOC 2010 and kept as is (unchanged in SOC 2018, or not in the bundled partial crosswalk)` });
      }
      out.push(code);
    } else {
      const code = kind === 'naics' ? naicsCodeOf(raw) : cipCodeOf(raw);
      if (code) out.push(code);
      else if (raw || name) c.warnings.push({ file: c.file, line: c.line, pointer: ptr(p, i), field, reason: `no ${kind.toUpperCase()} code in ${JSON.stringify(raw || name)}` });
    }
  });
  return [...new Set(out)];
}

function providerFor(c: CtdlCtx, node: Record<string, unknown>): ProviderRecord | undefined {
  const ref = [...asArray(node['ceterms:ownedBy'] as unknown[]), ...asArray(node['ceterms:offeredBy'] as unknown[])][0];
  const org = typeof ref === 'string' ? c.nodes.get(ref) : isObject(ref) ? ref : undefined;
  const id = typeof ref === 'string' ? ref : typeof org?.['@id'] === 'string' ? (org['@id'] as string) : undefined;
  if (!id) return undefined;
  const name = langString(org?.['ceterms:name']);
  return { sourceKey: ctidOf(id) ?? id, name: name ?? `Organization ${ctidOf(id) ?? id}`, url: typeof org?.['ceterms:subjectWebpage'] === 'string' ? (org['ceterms:subjectWebpage'] as string) : id, kind: 'owner' };
}

function outcomeProfiles(c: CtdlCtx, node: Record<string, unknown>, key: string): OutcomeProfileRecord[] {
  return asArray(node['ceterms:aggregateData'] as unknown[]).filter(isObject).map((adp, i) => {
    // Keep the profile as published, with the data sets it references inlined when the graph has them.
    const dataSets = asArray(adp['qdata:relevantDataSet'] as unknown[]).map((r) => (typeof r === 'string' ? (c.nodes.get(r) ?? r) : r));
    const attrs = dataSets.filter(isObject).flatMap((ds) => asArray(ds['qdata:dataSetTimePeriod'] as unknown[]).filter(isObject).flatMap((tf) => asArray(tf['qdata:dataAttributes'] as unknown[]).filter(isObject)));
    const first = (prop: string) => attrs.map((a) => qv(a[prop])).find((v) => v !== undefined);
    const earnings = attrs.flatMap((a) => asArray(a['qdata:earningsDistribution'] as unknown[]).filter(isObject)).map((d) => toNumber(d['qdata:median'])).find((v) => v !== undefined);
    return {
      sourceKey: `${key}#aggregateData/${i}`,
      description: langString(adp['ceterms:name']) ?? langString(adp['ceterms:description']),
      dateEffective: toDate(adp['ceterms:dateEffective']),
      employmentRate: first('qdata:employmentRate'),
      medianEarnings: toNumber(adp['ceterms:medianEarnings']) ?? earnings,
      jobsObtained: qv(adp['ceterms:jobsObtained']),
      data: { ...adp, 'qdata:relevantDataSet': dataSets },
    };
  });
}

function credentialFromNode(c: CtdlCtx, node: Record<string, unknown>, p: string, type: CredentialType): CredentialRecord | undefined {
  const name = langString(node['ceterms:name']);
  const ctid = typeof node['ceterms:ctid'] === 'string' ? (node['ceterms:ctid'] as string).toLowerCase() : ctidOf(node['@id']);
  if (!name) c.issues.push({ file: c.file, line: c.line, pointer: ptr(p, 'ceterms:name'), field: 'ceterms:name', reason: 'required: the credential has no name (a language map like {"en-US": "..."})' });
  if (!ctid && typeof node['@id'] !== 'string') c.issues.push({ file: c.file, line: c.line, pointer: ptr(p, 'ceterms:ctid'), field: 'ceterms:ctid', reason: 'required: neither a CTID nor an @id identifies the credential' });
  if (!name || (!ctid && typeof node['@id'] !== 'string')) return undefined;
  const key = ctid ?? (node['@id'] as string);
  const costs = asArray(node['ceterms:estimatedCost'] as unknown[]).filter(isObject);
  const prices = costs.flatMap((cp) => asArray(cp['ceterms:price'] as unknown[]).map(toNumber)).filter((n): n is number => n !== undefined);
  const durations = asArray(node['ceterms:estimatedDuration'] as unknown[]).filter(isObject);
  const exact = durations.map((d) => d['ceterms:exactDuration']).find((d): d is string => typeof d === 'string');
  const skills = asArray(node['ceterms:requires'] as unknown[])
    .filter(isObject)
    .flatMap((cp) => asArray(cp['ceterms:targetCompetency'] as unknown[]))
    .map((a) => (isObject(a) ? langString(a['ceterms:targetNodeName']) : undefined))
    .filter((s): s is string => !!s);
  const occupations = [
    ...alignmentCodes(c, node['ceterms:occupationType'], ptr(p, 'ceterms:occupationType'), 'ceterms:occupationType', 'soc'),
    ...asArray(node['ceterms:isPreparationFor'] as unknown[])
      .filter(isObject)
      .flatMap((cp, i) => alignmentCodes(c, cp['ceterms:targetOccupation'], ptr(p, 'ceterms:isPreparationFor', i, 'ceterms:targetOccupation'), 'ceterms:targetOccupation', 'soc')),
  ];
  const alt = node['ceterms:alternateName'];
  const shortNames = isObject(alt) ? Object.values(alt).flat().filter((s): s is string => typeof s === 'string') : asArray(alt as string[]).filter((s) => typeof s === 'string');
  return {
    kind: 'credential',
    sourceKey: key,
    name,
    shortNames: [...new Set(shortNames)],
    type,
    isMicro: type !== 'degree' && type !== 'license',
    provider: providerFor(c, node),
    description: langString(node['ceterms:description']),
    hours: exact ? durationHours(exact) : undefined,
    cost: prices.length ? prices.reduce((a, b) => a + b, 0) : undefined,
    currency: costs.map((cp) => cp['ceterms:currency']).find((x): x is string => typeof x === 'string' && /^[A-Z]{3}$/.test(x)),
    ctid,
    externalIds: {
      ctdlType: typesOf(node['@type'])[0],
      ...(typeof node['@id'] === 'string' ? { ctdlUri: node['@id'] } : {}),
      ...(exact || durations.length ? { duration: exact ?? durations } : {}),
      ...(typeof node['ceterms:credentialId'] === 'string' ? { credentialId: node['ceterms:credentialId'] } : {}),
    },
    socCodes: [...new Set(occupations)],
    naicsCodes: alignmentCodes(c, node['ceterms:industryType'], ptr(p, 'ceterms:industryType'), 'ceterms:industryType', 'naics'),
    cipCodes: alignmentCodes(c, node['ceterms:instructionalProgramType'], ptr(p, 'ceterms:instructionalProgramType'), 'ceterms:instructionalProgramType', 'cip'),
    skills: [...new Set(skills)],
    partOf: asArray(node['ceterms:isPartOf'] as unknown[]).map((r) => ctidOf(r) ?? String(r)),
    hasPart: asArray(node['ceterms:hasPart'] as unknown[]).map((r) => ctidOf(r) ?? String(r)),
    outcomeProfiles: outcomeProfiles(c, node, key),
  };
}

/** Unwraps a Credential Registry envelope to its resource. */
function unwrap(v: unknown): unknown {
  if (!isObject(v)) return v;
  if (isObject(v.decoded_resource)) return v.decoded_resource;
  if (typeof v.resource === 'string') {
    const s = v.resource.trim();
    try {
      const json = s.startsWith('{') ? s : Buffer.from(s.split('.')[1] ?? '', 'base64url').toString('utf8');
      return jsonTooDeep(json) ? v : JSON.parse(json);
    } catch {
      return v;
    }
  }
  return v;
}

/** CTDL JSON-LD: Registry envelopes, @graph documents, single resources; one, an array, or JSON Lines. */
export async function* parseCtdl(source: AsyncIterable<Buffer | string>, o: ParseOptions): AsyncGenerator<ParseEvent> {
  for await (const ev of splitJson(source, MAX_JSON_CONTAINER_CHARS)) {
    if (ev.kind === 'error') {
      yield { type: 'reject', issues: [{ file: o.file, line: ev.line, pointer: ev.base, field: ev.field, reason: ev.reason }], loc: { line: ev.line, pointer: ev.base } };
      continue;
    }
    const parsed = parseJsonItem(ev.item);
    const base = ev.item.base;
    const line = ev.item.line;
    if (!parsed.ok) {
      yield { type: 'reject', issues: [{ file: o.file, line: parsed.line, pointer: base, field: '(document)', reason: parsed.reason }], loc: { line, pointer: base } };
      continue;
    }
    const envelope = parsed.value;
    const doc = unwrap(envelope);
    const docBase = doc !== envelope ? ptr(base, isObject(envelope) && isObject(envelope.decoded_resource) ? 'decoded_resource' : 'resource') : base;
    if (!isObject(doc)) {
      yield { type: 'reject', issues: [{ file: o.file, line, pointer: base, field: '(document)', reason: 'expected a CTDL resource, @graph document or Registry envelope' }], loc: { line, pointer: base } };
      continue;
    }
    const graph = Array.isArray(doc['@graph']) ? (doc['@graph'] as unknown[]) : [doc];
    const graphBase = Array.isArray(doc['@graph']) ? ptr(docBase, '@graph') : docBase;
    const nodes = new Map<string, Record<string, unknown>>();
    for (const n of graph) if (isObject(n) && typeof n['@id'] === 'string') nodes.set(n['@id'], n);
    let found = 0;
    for (const [i, n] of graph.entries()) {
      if (!isObject(n)) continue;
      const type = credentialClass(n);
      if (!type) continue;
      found++;
      const p = graph.length === 1 && graph[0] === doc ? docBase : ptr(graphBase, i);
      const c: CtdlCtx = { file: o.file, line, issues: [], warnings: [], nodes };
      const cred = credentialFromNode(c, n, p, type);
      for (const w of c.warnings) yield { type: 'warning', issue: w };
      if (c.issues.length || !cred) yield { type: 'reject', issues: c.issues, loc: { line, pointer: p } };
      else {
        if (!cred.provider) yield { type: 'warning', issue: { file: o.file, line, pointer: ptr(p, 'ceterms:ownedBy'), field: 'ceterms:ownedBy', reason: 'no owner or offerer: the credential is loaded without a provider' } };
        yield { type: 'record', record: cred, loc: { line, pointer: p } };
        for (const whole of cred.partOf) yield { type: 'record', record: { kind: 'stack', partKey: cred.sourceKey, wholeKey: whole }, loc: { line, pointer: ptr(p, 'ceterms:isPartOf') } };
        for (const part of cred.hasPart) yield { type: 'record', record: { kind: 'stack', partKey: part, wholeKey: cred.sourceKey }, loc: { line, pointer: ptr(p, 'ceterms:hasPart') } };
      }
    }
    if (found === 0) {
      const t = typesOf(graph.find(isObject)?.['@type']).join(', ') || 'none';
      yield { type: 'reject', issues: [{ file: o.file, line, pointer: graphBase, field: '@type', reason: `no credential class in this document (found @type ${t}); expected e.g. ceterms:Certification, ceterms:DigitalBadge, ceterms:BachelorDegree` }], loc: { line, pointer: base } };
    }
  }
}
