/** A skill in the reference dictionary (O*NET technology examples, ESCO skills). */
export interface SkillRecord {
  /** Stable id: `onet:<slug of the example>` or `esco:<uuid>`. */
  id: string;
  source: 'onet' | 'esco';
  name: string;
  altLabels: string[];
  /** onet: `technology`; esco: `skill/competence`, `knowledge` or null. */
  kind: string | null;
  /** O*NET Hot Technology (for any occupation). */
  hot: boolean;
}

/** A skill linked to a SOC 2018 occupation. */
export interface OccupationSkillRecord {
  socCode: string;
  skillId: string;
  hot: boolean;
  inDemand: boolean;
}

/**
 * A stable, readable key for a skill name: lower-case words joined by '-', with '#' and '+' spelled
 * out so that C, C# and C++ stay three skills.
 */
export function skillSlug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/#/g, '-sharp')
    .replace(/\+/g, '-plus')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** One entry of the phrase dictionary the posting text extractor matches against. */
export interface SkillDictionaryEntry {
  id: string;
  name: string;
  /** Other phrasings, without the name itself and without case-insensitive duplicates. */
  altLabels: string[];
}

/**
 * Builds the extraction dictionary from skill records (or rows shaped like them): names and labels
 * trimmed with inner whitespace collapsed, labels that repeat the name or each other (ignoring
 * case) dropped, labels shorter than 2 characters dropped, entries sorted by id.
 */
export function skillDictionary(records: readonly Pick<SkillRecord, 'id' | 'name' | 'altLabels'>[]): SkillDictionaryEntry[] {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const out: SkillDictionaryEntry[] = [];
  for (const r of records) {
    const name = clean(r.name);
    if (!name) continue;
    const seen = new Set([name.toLowerCase()]);
    const altLabels: string[] = [];
    for (const raw of r.altLabels) {
      const label = clean(raw);
      const key = label.toLowerCase();
      if (label.length < 2 || seen.has(key)) continue;
      seen.add(key);
      altLabels.push(label);
    }
    out.push({ id: r.id, name, altLabels });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
