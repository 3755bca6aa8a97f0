import { parseJsonItem, splitJson, type JsonItem } from './json-stream.js';
import { peek, readAll } from './source.js';
import { resolveLocation, type ResolvedLocation } from './location.js';
import { codeOccupation } from './occupation.js';
import type { ParseEvent, ParseOptions, PostingRecord, RecordIssue, SalaryUnit } from './types.js';
import { annualize, asArray, degreeLevelOf, isObject, langString, naicsCodeOf, ptr, salaryUnit, sha256, socCodeOf, SOC_2010_TO_2018, stateFips, stripHtml, toDate, toNumber, typesOf } from './util.js';

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return stripHtml(v).trim() || undefined;
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join('; ') || undefined;
  if (isObject(v)) return langString(v.name) ?? langString(v.description) ?? langString(v.credentialCategory);
  return undefined;
};

function codeValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isObject(v)) return (typeof v.codeValue === 'string' ? v.codeValue : undefined) ?? (typeof v.termCode === 'string' ? v.termCode : undefined) ?? langString(v.name);
  return undefined;
}

interface Ctx {
  file: string;
  line: number;
  issues: RecordIssue[];
  warnings: RecordIssue[];
}

function salary(c: Ctx, node: Record<string, unknown>, p: string): Pick<PostingRecord, 'salaryMin' | 'salaryMax' | 'salaryUnit' | 'salaryAnnual'> {
  const bs = node.baseSalary;
  if (bs === undefined) return {};
  let min: number | undefined;
  let max: number | undefined;
  let unit: SalaryUnit | undefined;
  const sp = ptr(p, 'baseSalary');
  if (typeof bs === 'number' || typeof bs === 'string') {
    min = max = toNumber(bs);
    if (min === undefined) c.issues.push({ file: c.file, line: c.line, pointer: sp, field: 'baseSalary', reason: `expected a number or MonetaryAmount, got ${JSON.stringify(bs)}` });
  } else if (isObject(bs)) {
    const v = bs.value;
    if (isObject(v)) {
      min = toNumber(v.minValue) ?? toNumber(v.value);
      max = toNumber(v.maxValue) ?? toNumber(v.value);
      unit = salaryUnit(v.unitText);
      if (v.unitText !== undefined && !unit) c.issues.push({ file: c.file, line: c.line, pointer: ptr(sp, 'value', 'unitText'), field: 'baseSalary.value.unitText', reason: `unknown unit ${JSON.stringify(v.unitText)}; expected HOUR, DAY, WEEK, MONTH or YEAR` });
    } else {
      min = toNumber(bs.minValue) ?? toNumber(v);
      max = toNumber(bs.maxValue) ?? toNumber(v);
      unit = salaryUnit(bs.unitText);
    }
    if (min === undefined && max === undefined) c.issues.push({ file: c.file, line: c.line, pointer: sp, field: 'baseSalary', reason: 'a MonetaryAmount without a numeric value, minValue or maxValue' });
    const cur = bs.currency ?? node.salaryCurrency;
    if (typeof cur === 'string' && cur.toUpperCase() !== 'USD') c.warnings.push({ file: c.file, line: c.line, pointer: ptr(sp, 'currency'), field: 'baseSalary.currency', reason: `salary in ${cur}; wages are compared in USD and this one is not converted` });
  } else {
    c.issues.push({ file: c.file, line: c.line, pointer: sp, field: 'baseSalary', reason: 'expected a number or MonetaryAmount' });
  }
  if (min !== undefined && max !== undefined && min > max) c.issues.push({ file: c.file, line: c.line, pointer: sp, field: 'baseSalary', reason: `minValue ${min} is above maxValue ${max}` });
  if (!unit && (min !== undefined || max !== undefined)) {
    // A bare amount: hourly-looking figures are taken as hourly, others as yearly, and said so.
    unit = (max ?? min)! < 300 ? 'hour' : 'year';
    c.warnings.push({ file: c.file, line: c.line, pointer: sp, field: 'baseSalary', reason: `no unitText; ${max ?? min} read as ${unit === 'hour' ? 'an hourly' : 'a yearly'} amount` });
  }
  return { salaryMin: min, salaryMax: max, salaryUnit: unit, salaryAnnual: annualize(min, max, unit) };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() || undefined : typeof v === 'number' ? String(v) : langString(v)?.trim() || undefined);

// jobLocation: one Place or several, each with a PostalAddress (or the address as text);
// applicantLocationRequirements: the area a remote job is open to (a State, or the Country).
function location(c: Ctx, node: Record<string, unknown>, p: string): ResolvedLocation {
  const remote = typesOf(node.jobLocationType).some((t) => /telecommute/i.test(t));
  const texts: string[] = [];
  let countyFips: string | undefined;
  let stateGiven: string | undefined;
  let nonUs: string | undefined;
  for (const place of asArray(node.jobLocation as unknown[])) {
    const addr = isObject(place) ? (isObject(place.address) ? place.address : typeof place.address === 'string' ? { streetAddress: place.address } : place) : typeof place === 'string' ? { streetAddress: place } : undefined;
    if (!addr) continue;
    const county = typeof addr.addressCounty === 'string' && /^\d{5}$/.test(addr.addressCounty) ? addr.addressCounty : undefined;
    const region = str(addr.addressRegion);
    const country = isObject(addr.addressCountry) ? str(addr.addressCountry.name) : str(addr.addressCountry);
    if (country && !/^(us|usa|u\.s\.a?\.?|united states( of america)?)$/i.test(country)) {
      nonUs ??= [str(addr.addressLocality), region, country].filter(Boolean).join(', ');
      continue;
    }
    countyFips ??= county;
    if (county && region) stateGiven ??= region;
    const t = [str(addr.streetAddress), str(addr.addressLocality), [region, str(addr.postalCode)].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    if (t) texts.push(t);
  }
  for (const req of asArray(node.applicantLocationRequirements as unknown[])) {
    const name = isObject(req) ? str(req.name) : str(req);
    if (name && !texts.length && !countyFips) texts.push(name);
  }
  const warn = (reason: string) => c.warnings.push({ file: c.file, line: c.line, pointer: ptr(p, 'jobLocation'), field: 'jobLocation', reason });
  if (nonUs && !texts.length && !countyFips) {
    warn(`place "${nonUs}" is outside the United States; kept without a region`);
    return { remote };
  }
  const st = stateGiven ? stateFips(stateGiven) : undefined;
  const r = resolveLocation({ countyFips, stateFips: st, text: texts.join(' | ') || undefined }, warn);
  return { ...r, remote: remote || r.remote };
}

/** One schema.org JobPosting -> a posting record, or the reasons it cannot be one. */
export function jobPostingRecord(node: Record<string, unknown>, p: string, line: number, o: ParseOptions): { issues: RecordIssue[]; warnings: RecordIssue[]; record?: PostingRecord } {
  const c: Ctx = { file: o.file, line, issues: [], warnings: [] };
  const title = text(node.title) ?? text(node.name);
  if (!title) c.issues.push({ file: o.file, line, pointer: ptr(p, 'title'), field: 'title', reason: 'required: the posting has neither a title nor a name' });
  let posted = toDate(node.datePosted);
  if (node.datePosted !== undefined && !posted) c.issues.push({ file: o.file, line, pointer: ptr(p, 'datePosted'), field: 'datePosted', reason: `expected an ISO date like 2024-05-01, got ${JSON.stringify(node.datePosted)}` });
  if (node.datePosted === undefined) {
    posted = (o.now ?? new Date()).toISOString().slice(0, 10);
    c.warnings.push({ file: o.file, line, pointer: ptr(p, 'datePosted'), field: 'datePosted', reason: `missing; the ingest date ${posted} is used` });
  }
  const expires = toDate(node.validThrough);
  if (node.validThrough !== undefined && !expires) c.issues.push({ file: o.file, line, pointer: ptr(p, 'validThrough'), field: 'validThrough', reason: `expected an ISO date or date-time, got ${JSON.stringify(node.validThrough)}` });
  const employer = isObject(node.hiringOrganization) ? langString(node.hiringOrganization.name) : text(node.hiringOrganization);

  // occupationalCategory: a string "15-1132.00 Software Developers", a CategoryCode, or inside relevantOccupation.
  let soc: string | undefined;
  const occ = node.occupationalCategory ?? (isObject(node.relevantOccupation) ? node.relevantOccupation.occupationalCategory : undefined);
  const occPtr = node.occupationalCategory !== undefined ? ptr(p, 'occupationalCategory') : ptr(p, 'relevantOccupation', 'occupationalCategory');
  for (const o2 of asArray(occ as unknown[])) {
    const cv = codeValue(o2);
    const code = cv ? socCodeOf(cv) : undefined;
    if (code) {
      soc = code;
      break;
    }
  }
  if (occ !== undefined && !soc) c.warnings.push({ file: o.file, line, pointer: occPtr, field: 'occupationalCategory', reason: 'no SOC / O*NET-SOC code found; the posting is loaded without an occupation' });
  if (soc && SOC_2010_TO_2018[soc]) {
    c.warnings.push({ file: o.file, line, pointer: occPtr, field: 'occupationalCategory', reason: `SOC 2010 code ${soc} mapped to SOC 2018 ${SOC_2010_TO_2018[soc]}` });
    soc = SOC_2010_TO_2018[soc];
  }
  let naics: string | undefined;
  if (node.industry !== undefined) {
    const iv = asArray(node.industry as unknown[]).map(codeValue).find(Boolean);
    naics = iv ? naicsCodeOf(iv) : undefined;
    if (!naics) c.warnings.push({ file: o.file, line, pointer: ptr(p, 'industry'), field: 'industry', reason: `${JSON.stringify(iv ?? node.industry)} is not a NAICS code; the posting is loaded without an industry` });
  }

  // educationRequirements: text, or EducationalOccupationalCredential with credentialCategory.
  let degreeLevel: PostingRecord['degreeLevel'];
  let educationText: string | undefined;
  for (const ed of asArray(node.educationRequirements as unknown[])) {
    if (isObject(ed) && ed.credentialCategory !== undefined) {
      const cat = text(ed.credentialCategory) ?? '';
      const lvl = degreeLevelOf(cat);
      if (lvl === undefined) c.warnings.push({ file: o.file, line, pointer: ptr(p, 'educationRequirements', 'credentialCategory'), field: 'educationRequirements.credentialCategory', reason: `${JSON.stringify(cat)} is not a degree level; read from the text instead` });
      else degreeLevel = Math.max(degreeLevel ?? 0, lvl) as PostingRecord['degreeLevel'];
      educationText = [educationText, cat].filter(Boolean).join('; ');
    } else {
      educationText = [educationText, text(ed)].filter(Boolean).join('; ');
    }
  }
  let experienceMonths: number | undefined;
  const er = node.experienceRequirements;
  if (isObject(er)) experienceMonths = toNumber(er.monthsOfExperience);
  const experienceText = typeof er === 'string' ? er : isObject(er) ? langString(er.description) : undefined;
  const inLieu = node.experienceInPlaceOfEducation === true || node.experienceInPlaceOfEducation === 'true' ? true : undefined;
  const sal = salary(c, node, p);
  const loc = location(c, node, p);
  const description = [text(node.description), text(node.responsibilities), experienceText].filter(Boolean).join('\n\n') || undefined;
  if (c.issues.length || !title || !posted) return c;
  const coded = codeOccupation(title, soc, (reason) => c.warnings.push({ file: o.file, line, pointer: ptr(p, 'title'), field: 'title', reason }));
  const ident = node.identifier;
  const identValue = isObject(ident) ? (ident.value ?? ident.name) : ident;
  const key =
    (typeof identValue === 'string' || typeof identValue === 'number' ? `${employer ?? ''}:${identValue}` : undefined) ??
    (typeof node.url === 'string' ? node.url : undefined) ??
    (typeof node['@id'] === 'string' ? node['@id'] : undefined) ??
    `jp:${sha256(JSON.stringify([title, employer, posted, loc.stateFips, description]))}`;
  return {
    ...c,
    record: {
      kind: 'posting',
      sourceKey: key,
      employer,
      title,
      naicsCode: naics,
      ...coded,
      countyFips: loc.countyFips,
      stateFips: loc.stateFips,
      locationMethod: loc.locationMethod,
      locationConfidence: loc.locationConfidence,
      locations: loc.locations,
      postedDate: posted,
      expiresDate: expires,
      description,
      qualifications: text(node.qualifications),
      skillsText: text(node.skills),
      educationText,
      experienceMonths,
      ...sal,
      degreeLevel,
      inLieu,
      remote: loc.remote,
    },
  };
}

/** Finds JobPosting nodes in a JSON-LD value (a node, an array, or a @graph). */
function* postingsIn(v: unknown, p: string, depth = 0): Generator<{ node: Record<string, unknown>; p: string }> {
  // JSON-LD nests arrays and graphs a level or two deep; a deeper document is not looked into
  // (it is then refused for having no JobPosting) rather than blowing the stack.
  if (depth > 32) return;
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) yield* postingsIn(x, ptr(p, i), depth + 1);
    return;
  }
  if (!isObject(v)) return;
  if (typesOf(v['@type']).some((t) => t === 'JobPosting' || t.endsWith('/JobPosting') || t === 'schema:JobPosting')) yield { node: v, p };
  else if (Array.isArray(v['@graph'])) yield* postingsIn(v['@graph'], ptr(p, '@graph'), depth + 1);
}

function* fromItem(item: JsonItem, o: ParseOptions, html: boolean): Generator<ParseEvent> {
  const parsed = parseJsonItem(item);
  if (!parsed.ok) {
    yield { type: 'reject', issues: [{ file: o.file, line: parsed.line, pointer: item.base, field: '(document)', reason: parsed.reason }], loc: { line: item.line, pointer: item.base } };
    return;
  }
  let n = 0;
  for (const { node, p } of postingsIn(parsed.value, item.base)) {
    n++;
    const r = jobPostingRecord(node, p, item.line, o);
    for (const w of r.warnings) yield { type: 'warning', issue: w };
    if (r.record) yield { type: 'record', record: r.record, loc: { line: item.line, pointer: p } };
    else yield { type: 'reject', issues: r.issues, loc: { line: item.line, pointer: p }, raw: item.text.slice(0, 2000) };
  }
  // JSON-LD blocks in a page often describe other things (Organization, BreadcrumbList): not an error there.
  if (n === 0 && !html) {
    const t = isObject(parsed.value) ? JSON.stringify(parsed.value['@type'] ?? null) : 'none';
    yield { type: 'reject', issues: [{ file: o.file, line: item.line, pointer: ptr(item.base, '@type'), field: '@type', reason: `expected "JobPosting", got ${t}` }], loc: { line: item.line, pointer: item.base } };
  }
}

/** schema.org JobPosting: JSON-LD (one, array, JSON Lines) or HTML pages with <script type="application/ld+json">. */
export async function* parseJobPosting(source: AsyncIterable<Buffer | string>, o: ParseOptions): AsyncGenerator<ParseEvent> {
  const { first, stream } = await peek(source);
  if (first === '<') {
    const html = await readAll(stream);
    const re = /<script[^>]*type\s*=\s*["']application\/ld\+json["'][^>]*>([\s\S]*?)<\/script>/gi;
    let m: RegExpExecArray | null;
    let blocks = 0;
    while ((m = re.exec(html))) {
      blocks++;
      const line = html.slice(0, m.index).split('\n').length;
      yield* fromItem({ text: m[1].trim(), line, base: '' }, o, true);
    }
    if (blocks === 0) yield { type: 'reject', issues: [{ file: o.file, line: 1, field: '(document)', reason: 'an HTML page without any <script type="application/ld+json"> block' }], loc: { line: 1 } };
    return;
  }
  for await (const ev of splitJson(stream)) {
    if (ev.kind === 'error') yield { type: 'reject', issues: [{ file: o.file, line: ev.line, pointer: ev.base, field: ev.field, reason: ev.reason }], loc: { line: ev.line, pointer: ev.base } };
    else yield* fromItem(ev.item, o, false);
  }
}
