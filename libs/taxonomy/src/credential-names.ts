// Credential names as employers write them. Published lists name a credential in full, with
// trademarks, issuer prefixes, parenthesised acronyms and truncations ("(ISC)2 CISSP",
// "Commercial Driver's License Class A (CDL-A)", "ACCOUNTANT (CPA)", "Registered Diagnostic Cardiac
// Sonographer (Adult Echocardiograp"); postings write "CISSP", "Class A CDL", "Class A Commercial
// Driver's License", "licensed accountant". This module derives the written forms (aliases) from a
// published name, and tells names that identify a credential on their own ("CompTIA Security+",
// "Certified Nursing Assistant") from names that are only a field or a job title ("Building
// Inspector", "Internet Security"), which count only when a credential word goes with them
// ("Building Inspector certification", "licensed Plumber").

/** Words that make a phrase name a credential by themselves. */
const MARKER = /\b(certified|certification|certificate|certificates|licen[cs]e|licen[cs]ed|licensure|registered|credential|chartered|diploma|apprentice|apprenticeship|accredited|endorsement|designation)\b/i;

/**
 * Acronyms that are not safe as a credential's short name on their own: they name technologies,
 * departments or everyday things far more often than a credential in job postings.
 */
export const AMBIGUOUS_ACRONYMS: ReadonlySet<string> = new Set(
  `IT HR PM QA CI CD AI ML BI UX UI API SQL ERP CRM CAD CAM EMR EHR RPA SAP AWS GCP IBM DBA ETL SEO SEM PPC ROI KPI CPR AED LAN WAN VPN DNS TCP IP OS PC MS US USA NJ NY HVAC EPA OSHA DOT FAA FDA CDC ADA HIPAA GMP GLP SOP ISO IEEE NEC NFPA ASE AT CT CV S T N A B C D E TV VCR IC MRI PET ICU ER OR RN LPN EMT CNA MA PT OT SLP CMA CPT CET CC EA ACE ACP ACA AP AR GL HS GED BA BS MS MBA PHD JD MD DO DDS NP PA CPA CFA`.split(/\s+/),
);

const TRADEMARKS = /[®™©℠]/g;
const ws = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Minimal clean-up of a published name: trademarks, doubled spaces, stray separators. */
export function cleanCredentialName(raw: string): string {
  let s = raw.replace(TRADEMARKS, '').replace(/\(ISC\)\s*[2²]/gi, 'ISC2');
  s = s.replace(/\s+-\s*$/, '').replace(/\s*:\s+/g, ': ').replace(/\s+-\s+/g, ' - ');
  // a truncated trailing parenthesis ("(Adult Echocardiograp") is dropped
  const open = s.lastIndexOf('(');
  if (open > 0 && s.indexOf(')', open) < 0) s = s.slice(0, open);
  return ws(s).replace(/[\s,;:-]+$/, '');
}

const SMALL = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/** "MASSAGE AND BODYWORK THERAPIST" -> "Massage and Bodywork Therapist"; mixed-case input is kept. */
export function titleCaseIfUpper(s: string): string {
  if (s !== s.toUpperCase()) return s;
  return s
    .toLowerCase()
    .split(' ')
    .map((w, i) => (i > 0 && SMALL.has(w) ? w : w.replace(/(^|[-/(])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase())))
    .join(' ')
    .replace(/\(([^()]+)\)/g, (m, inner: string) => (/^[a-z0-9+&/.-]{2,8}$/i.test(inner) && !/\s/.test(inner) && s.includes(`(${inner.toUpperCase()})`) ? `(${inner.toUpperCase()})` : m));
}

/** The comparison key of a name or alias: lower case, apostrophes dropped, punctuation as spaces. */
export const nameKey = (s: string): string =>
  s
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/licence/g, 'license')
    .replace(/[^\p{L}\p{N}+#]+/gu, ' ')
    .trim();

const ACRONYM = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z][A-Za-z0-9+&/.-]{1,11}$/;

/** Acronyms a name spells out in parentheses: "Registered Vascular Technologist (RVT)" -> RVT. */
export function parentheticalAcronyms(name: string, opts: { includeAmbiguous?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const m of name.matchAll(/\(([^()]+)\)/g)) {
    const inner = m[1].trim();
    if (!ACRONYM.test(inner) || /\s/.test(inner)) continue;
    const letters = inner.replace(/[^A-Za-z]/g, '');
    if (letters.replace(/[^A-Z]/g, '').length * 10 < letters.length * 7) continue; // "Phone/Data" is not an acronym
    if (letters.length < 3 && !/[+]/.test(inner)) continue;
    if (!opts.includeAmbiguous && AMBIGUOUS_ACRONYMS.has(inner.toUpperCase())) continue;
    out.push(inner);
  }
  return out;
}

/** An acronym-like token of a name: "MCSA", "RHCSA", "DB2", "CCNA". */
const hasAcronymToken = (s: string) => s.split(/[\s:/,-]+/).some((t) => /^[A-Z][A-Z0-9+]{1,}$/.test(t) && /[A-Z].*[A-Z]|\+/.test(t) && !AMBIGUOUS_ACRONYMS.has(t));

/**
 * True when a name identifies a credential when written alone: it carries a credential word
 * (certified, certification, licence, registered, ...) or, with three or more words, a distinctive
 * acronym or brand token ("Cisco Certified ...", "MCSA - Certified Systems Administrator").
 * "Building Inspector", "Internet Security", "Phlebotomy Technician" are not: they also name jobs
 * and fields.
 */
export function isDistinctiveName(name: string): boolean {
  const base = ws(name.replace(/\([^()]*\)/g, ' '));
  if (MARKER.test(base)) return true;
  const words = base.split(' ').filter(Boolean).length;
  // "ISC2 CISSP", "CCNA Security": an acronym of four letters or more names one thing
  if (base.split(/[\s:/,-]+/).some((t) => /^[A-Z]{4,}[0-9+]*$/.test(t) && !AMBIGUOUS_ACRONYMS.has(t))) return true;
  return words >= 3 && hasAcronymToken(base);
}

const BARE_WORDS = new Set(['certified', 'certification', 'certificate', 'certificates', 'license', 'licence', 'licensed', 'licensure', 'registered', 'credential', 'program', 'level', 'professional', 'specialist', 'associate', 'expert', 'i', 'ii', 'iii', 'iv', 'the', 'of', 'in', 'and', 'for', 'a', 'an']);

/**
 * True for a written form that names nothing by itself: only credential words ("Certification",
 * "Certified Professional") or one ambiguous acronym with them ("AWS Certification": Amazon Web
 * Services or the American Welding Society?).
 */
export function isBareName(alias: string): boolean {
  const words = alias.split(/[\s:/,-]+/).filter(Boolean);
  const rest = words.filter((w) => !BARE_WORDS.has(w.toLowerCase()));
  if (rest.length === 0) return true;
  return rest.length === 1 && AMBIGUOUS_ACRONYMS.has(rest[0].toUpperCase()) && words.length > 1;
}

export type AliasKind = 'license' | 'other';

/**
 * The forms employers write for a credential name. `issuer` (when known) is stripped as a prefix
 * where what remains still identifies the credential ("ISC2 CISSP" -> "CISSP"). For names that are
 * not distinctive, only forms with a credential word are returned ("Plumber license",
 * "licensed Plumber", "Aqua Instructor certification"), never the bare name.
 */
export function credentialAliases(name: string, opts: { type: string; issuer?: string | null; distinctive?: boolean }): string[] {
  const out = new Set<string>();
  const clean = cleanCredentialName(name);
  const base = ws(clean.replace(/\([^()]*\)/g, ' ')).replace(/[\s,;:-]+$/, '');
  const distinctive = opts.distinctive ?? isDistinctiveName(clean);
  const isLicense = opts.type === 'license';
  const add = (s: string) => {
    const v = ws(s);
    if (v && nameKey(v) !== nameKey(name)) out.add(v);
  };

  if (distinctive) {
    add(clean);
    if (base.split(' ').length >= 2) add(base);
    for (const a of parentheticalAcronyms(clean)) add(a);
    // an issuer prefix ("ISC2 CISSP", "CompTIA: Linux+", "ASCP- Phlebotomy Technician (PBT)")
    const prefix = /^([A-Z][\w&.]*(?:\s[A-Z][\w&.]*)?)\s*[-:]\s+(.+)$/.exec(base);
    if (prefix && isDistinctiveName(prefix[2])) add(prefix[2]);
    if (opts.issuer) {
      // only where what remains is still unmistakable: an acronym ("ISC2 CISSP" -> "CISSP") or a
      // name with one ("CompTIA Linux+"); "Google Project Management Professional Certificate"
      // keeps its brand ("Project Management Professional Certificate" is PMI's field)
      const re = new RegExp(`^${opts.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[-:]?\\s+`, 'i');
      const rest = base.replace(re, '');
      if (rest !== base && hasAcronymToken(rest) && (rest.split(' ').length === 1 || isDistinctiveName(rest))) add(rest);
    }
    // "Commercial Driver's License Class A" <-> "Class A Commercial Driver's License"
    const cls = /^(.+?)\s+(Class\s+[A-D])$/i.exec(base);
    if (cls) add(`${cls[2]} ${cls[1]}`);
    const clsFirst = /^(Class\s+[A-D])\s+(.+)$/i.exec(base);
    if (clsFirst) add(`${clsFirst[2]} ${clsFirst[1]}`);
    // "X Certification" -> "certified X" / "X certified" when X is a role or a named programme
    const cert = /^(.+?)\s+Certification$/i.exec(base);
    if (cert && cert[1].split(' ').length >= 2 && !MARKER.test(cert[1])) {
      add(`${cert[1]} certificate`);
    }
    // "Certified Public Accountant license" -> "Certified Public Accountant" when that still names it
    const typed = /^(.+?)\s+(licen[cs]e|certification|certificate|credential)$/i.exec(base);
    if (typed && isDistinctiveName(typed[1]) && typed[1].split(' ').length >= 2) add(typed[1]);
    if (isLicense) {
      const lic = /^(.+?)\s+Licen[cs]e$/i.exec(base);
      if (lic && !MARKER.test(lic[1])) {
        add(`licensed ${lic[1]}`);
        add(`${lic[1]} licensure`);
      }
    }
  } else {
    const t = base;
    if (!t) return [];
    if (isLicense) {
      for (const f of [`${t} license`, `licensed ${t}`, `${t} licensure`, `${t} certification`]) add(f);
    } else {
      for (const f of [`${t} certification`, `${t} certificate`, `certified ${t}`, `${t} credential`]) add(f);
    }
    for (const a of parentheticalAcronyms(clean)) add(a);
  }
  // British spelling of licence forms
  for (const a of [...out]) if (/\blicense\b/i.test(a)) add(a.replace(/\blicense\b/gi, 'licence'));
  return [...out].filter((a) => !isBareName(a));
}
