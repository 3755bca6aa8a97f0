/** A skill row as the canonicaliser needs it. */
export interface SkillLabels {
  id: string;
  source: string;
  name: string;
  altLabels: readonly string[];
}

/** One concept: the member skills of every source, and the one that stands for it. */
export interface CanonicalSkill {
  /** The representative member's id: metrics, filters and exports use it. */
  id: string;
  name: string;
  /** Every member id (O*NET, ESCO, ...), the representative included, sorted. */
  memberIds: string[];
}

/**
 * The comparison form of a label: lower case, accents and punctuation folded, '#' and '+' spelled
 * out (C, C# and C++ stay three concepts), spaces collapsed.
 */
export function conceptKey(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/#/g, ' sharp')
    .replace(/\+/g, ' plus')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Product vendors O*NET puts before a product name ("Oracle Java", "Microsoft Excel").
const VENDORS = new Set(['microsoft', 'oracle', 'adobe', 'ibm', 'google', 'apple', 'amazon', 'sap', 'salesforce', 'autodesk', 'intuit', 'cisco', 'atlassian', 'apache', 'esri']);
const ACRONYM = /^[A-Z][A-Z0-9]{1,6}$/;

/**
 * The forms that name exactly this concept (not a broader or narrower one): the name; the name
 * without a parenthesised qualifier ("Python (computer programming)" -> "Python"); for O*NET's
 * catalogue names, the trailing acronym of a spelled-out name whose initials it echoes ("Structured
 * query language SQL" -> "SQL") and the product without its vendor ("Oracle Java" -> "Java").
 */
export function identityForms(name: string): string[] {
  return identityFormsTagged(name).map((f) => f.form);
}

/** identityForms with `weak` set on the vendor-less product name (it joins products only). */
export function identityFormsTagged(name: string): { form: string; weak: boolean; acronym?: boolean }[] {
  const out = new Set<string>([name]);
  let weak: string | undefined;
  let acronym: string | undefined;
  const qualified = /^(.*\S)\s*\(([^()]+)\)$/.exec(name.trim());
  const base = qualified ? qualified[1] : name.trim();
  out.add(base);
  if (qualified && ACRONYM.test(qualified[2])) acronym = qualified[2];
  const words = base.split(/\s+/);
  const last = words[words.length - 1];
  if (words.length >= 3 && ACRONYM.test(last)) {
    const expansion = words.slice(0, -1);
    const initials = expansion.map((w) => w[0]?.toUpperCase() ?? '').join('');
    // "Structured query language SQL", "Microsoft transact-structural query language T-SQL" is not
    // (its acronym has a hyphen); the acronym's letters must appear in order among the initials
    let i = 0;
    for (const ch of initials) if (ch === last[i]) i++;
    if (i === last.length) {
      acronym = last;
      out.add(expansion.join(' '));
    }
  }
  if (words.length >= 2 && VENDORS.has(words[0].toLowerCase()) && /^[A-Z.]/.test(words[1])) weak = words.slice(1).join(' ');
  const forms: { form: string; weak: boolean; acronym?: boolean }[] = [...out].filter((f) => f.trim().length > 0).map((form) => ({ form, weak: false }));
  // Acronyms are ambiguous ("PMS": practice or property management) and so are vendor-less names
  // ("Analytics" of Google and of Adobe): they join a skill so named, never each other.
  if (acronym && !out.has(acronym)) forms.push({ form: acronym, weak: true, acronym: true });
  if (weak && !out.has(weak)) forms.push({ form: weak, weak: true });
  return forms;
}

/**
 * Groups skills of every source into concepts (union-find over identity keys): two skills are one
 * concept when an identity form of one (conceptKey of identityForms) equals one of the other's, or
 * when each lists the other's name among its alternative labels. An alternative label alone never
 * joins two skills: ESCO lists narrower products under broader concepts ("SQL"-like names under
 * "database management systems").
 */
export function canonicalSkills(skills: readonly SkillLabels[]): CanonicalSkill[] {
  const parent = skills.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byKey = new Map<string, number>();
  // products: O*NET names and ESCO names with a qualifier ("Java (computer programming)"), plus ESCO
  // names that are acronyms ("SQL"); "Google Analytics" joins a product named "Analytics", never the
  // ESCO skill "analytics"
  const products = new Map<string, number>();
  const nameKey = skills.map((s) => conceptKey(s.name));
  // acronyms: a skill whose name is the acronym ("SQL", "CSS")
  const acronyms = new Map<string, number>();
  const weakForms: [number, string, boolean][] = [];
  skills.forEach((s, i) => {
    const qualified = /\([^()]+\)\s*$/.test(s.name);
    for (const { form, weak, acronym } of identityFormsTagged(s.name)) {
      const k = conceptKey(form);
      if (!k) continue;
      if (weak) {
        weakForms.push([i, k, acronym === true]);
        continue;
      }
      const j = byKey.get(k);
      if (j === undefined) byKey.set(k, i);
      else union(i, j);
      if (s.source !== 'esco' || qualified) products.set(k, products.get(k) ?? i);
      if (ACRONYM.test(s.name.trim())) acronyms.set(k, acronyms.get(k) ?? i);
    }
  });
  for (const [i, k, isAcronym] of weakForms) {
    const j = (isAcronym ? acronyms : products).get(k);
    if (j !== undefined) union(i, j);
  }
  // mutual alternative labels: A lists B's name and B lists A's name
  const byName = new Map<string, number[]>();
  nameKey.forEach((k, i) => byName.set(k, [...(byName.get(k) ?? []), i]));
  skills.forEach((s, i) => {
    for (const alt of s.altLabels) {
      for (const j of byName.get(conceptKey(alt)) ?? []) {
        // across sources only: two ESCO concepts are distinct by ESCO's own definition
        if (j !== i && skills[j].source !== s.source && skills[j].altLabels.some((a) => conceptKey(a) === nameKey[i])) union(i, j);
      }
    }
  });
  const groups = new Map<number, number[]>();
  skills.forEach((_, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  const out: CanonicalSkill[] = [];
  for (const members of groups.values()) {
    // the representative: the shortest plain name (a qualifier does not count), then a name without
    // a qualifier ("Python" before "Python (computer programming)"), ESCO before O*NET, then id
    const score = (i: number) => {
      const s = skills[i];
      const plain = s.name.replace(/\s*\([^()]*\)\s*$/, '');
      return [plain.length, plain === s.name ? 0 : 1, s.source === 'esco' ? 0 : 1, s.id] as const;
    };
    const rep = members.slice().sort((a, b) => {
      const [x, y] = [score(a), score(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (x[3] < y[3] ? -1 : 1);
    })[0];
    out.push({ id: skills[rep].id, name: skills[rep].name, memberIds: members.map((i) => skills[i].id).sort() });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** skill id -> the id of its concept's representative. */
export function canonicalIdMap(groups: readonly CanonicalSkill[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const g of groups) for (const id of g.memberIds) m.set(id, g.id);
  return m;
}
