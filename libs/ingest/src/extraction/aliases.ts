// O*NET technology skill names are catalogue entries ("Microsoft Excel", "Amazon Web Services AWS
// software", "JavaScript Object Notation JSON", "Python Tools for Visual Studio (PTVS)"), while
// postings write "Excel", "AWS", "JSON". These rules derive the forms people actually write; every
// derived alias still goes through the stoplist policy, so "Word" from "Microsoft Word" is matched
// only when capitalised.

const VENDORS = new Set([
  'microsoft', 'oracle', 'intuit', 'autodesk', 'adobe', 'ibm', 'google', 'apple', 'amazon', 'cisco', 'atlassian',
  'apache', 'esri', 'sap', 'salesforce', 'hubspot', 'statacorp', 'tenable', 'instructure',
]);
// two-word vendor prefixes ("Dassault Systemes SolidWorks", "The MathWorks MATLAB")
const VENDOR_PAIRS = new Set(['dassault systemes', 'the mathworks', 'red hat']);
// trailing edition/packaging words: "Splunk Enterprise" -> "Splunk", "Jenkins CI" -> "Jenkins",
// "IBM SPSS Statistics" -> "SPSS", "Microsoft .NET Framework" -> ".NET"
const GENERIC_SUFFIX = new Set(['software', 'enterprise', 'ci', 'systems', 'professional', 'statistics', 'framework']);
// Product words that are capitalised in titles and headings too often to stand alone ("Office
// Manager", "Project Lead", "Access Control"); the full name still matches.
const NO_STANDALONE = new Set(['office', 'project', 'access', 'teams', 'systems', 'software', 'server', 'cloud', 'suite', 'database', 'classroom', 'enterprise', 'professional', 'statistics', 'framework']);

const ACRONYM_RE = /^[A-Z][A-Z0-9]{1,6}$/;

/** Alternate forms of an O*NET-style product name (never includes the name itself). */
export function deriveSkillAliases(name: string): string[] {
  const out = new Set<string>();
  const add = (s: string): void => {
    const t = s.trim().replace(/\s+/g, ' ');
    if (!t || t === name) return;
    const words = t.split(' ');
    if (words.length === 1 && NO_STANDALONE.has(t.toLowerCase())) return;
    out.add(t);
  };
  let base = name.trim();
  // "X (ACR)" -> "X", "ACR"
  const paren = /^(.*\S)\s*\(([^()]+)\)$/.exec(base);
  if (paren) {
    add(paren[1]);
    if (ACRONYM_RE.test(paren[2])) add(paren[2]);
    base = paren[1];
  }
  const variants = [base];
  for (const v of [...variants]) {
    const words = v.split(' ');
    // "Microsoft Excel" -> "Excel"; only when what remains starts with a capital (a product name)
    if (words.length >= 2 && VENDORS.has(words[0].toLowerCase()) && /^[A-Z.]/.test(words[1])) variants.push(words.slice(1).join(' '));
    if (words.length >= 3 && VENDOR_PAIRS.has(`${words[0]} ${words[1]}`.toLowerCase()) && /^[A-Z.]/.test(words[2])) variants.push(words.slice(2).join(' '));
    // "Microsoft Office" is written "MS Office"
    if (words.length >= 2 && words[0] === 'Microsoft') variants.push(`MS ${words.slice(1).join(' ')}`);
  }
  for (const v of [...variants]) {
    const words = v.split(' ');
    if (words.length >= 2 && GENERIC_SUFFIX.has(words[words.length - 1].toLowerCase())) variants.push(words.slice(0, -1).join(' '));
  }
  for (const v of variants) {
    add(v);
    const words = v.split(' ');
    // "JavaScript Object Notation JSON" -> "JSON", "JavaScript Object Notation" (expansion must be
    // at least two words and the acronym must echo the expansion's initials loosely)
    const last = words[words.length - 1];
    if (words.length >= 3 && ACRONYM_RE.test(last)) {
      const initials = words
        .slice(0, -1)
        .map((w) => w[0].toUpperCase())
        .join('');
      if (initials.includes(last[0]) && [...last].filter((ch) => initials.includes(ch)).length >= Math.min(2, last.length)) {
        add(last);
        add(words.slice(0, -1).join(' '));
      }
    }
  }
  return [...out];
}
