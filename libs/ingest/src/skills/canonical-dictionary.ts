import { canonicalSkills, conceptKey, identityFormsTagged, type CanonicalSkill, type SkillDictionaryEntry, type SkillLabels } from '@credpulse/taxonomy';
import { deriveSkillAliases } from '../extraction/aliases.js';
import type { ExtractionDictionary } from '../extraction/extractor.js';

/**
 * The extraction dictionary with one entry per skill concept (canonicalSkills): the representative's
 * id and name, and as alternative labels every member's name, labels and the short forms postings
 * write (deriveSkillAliases of each member's name: "Excel" of "Microsoft Excel"). A label that names
 * another concept is left out, so "SQL" in a posting is the SQL concept only, never a broader one
 * that merely lists "SQL" ("database management systems"), and "JavaScript" is not also "JavaScript
 * Framework". The aliases are derived here, so the extractor must not derive them again
 * (`aliasesDerived`).
 */
export function canonicalSkillDictionary(
  skills: readonly SkillLabels[],
  groups: readonly CanonicalSkill[] = publishedConcepts(skills),
): Pick<ExtractionDictionary, 'skills' | 'aliasesDerived'> & { skills: SkillDictionaryEntry[] } {
  const byId = new Map(skills.map((s) => [s.id, s]));
  // who owns a phrase: the concept it is an identity form of (names, unqualified names, expansions)
  const owner = new Map<string, string>();
  for (const g of groups) {
    for (const id of g.memberIds) for (const { form, weak } of identityFormsTagged(byId.get(id)!.name)) if (!weak && !owner.has(conceptKey(form))) owner.set(conceptKey(form), g.id);
  }
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const out: SkillDictionaryEntry[] = [];
  for (const g of groups) {
    const name = clean(g.name);
    if (!name) continue;
    const seen = new Set([name.toLowerCase()]);
    const altLabels: string[] = [];
    const add = (raw: string) => {
      const label = clean(raw);
      const o = owner.get(conceptKey(label));
      if (label.length < 2 || seen.has(label.toLowerCase()) || (o !== undefined && o !== g.id)) return;
      seen.add(label.toLowerCase());
      altLabels.push(label);
    };
    for (const id of g.memberIds) {
      const s = byId.get(id)!;
      add(s.name);
      for (const a of s.altLabels) add(a);
      for (const a of deriveSkillAliases(s.name)) add(a);
    }
    out.push({ id: g.id, name, altLabels });
  }
  return { skills: out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), aliasesDerived: true };
}

/** Concepts over the published taxonomies (O*NET, ESCO); any other skill is a concept of its own. */
export function publishedConcepts(skills: readonly SkillLabels[]): CanonicalSkill[] {
  const published = (s: SkillLabels) => s.source === 'onet' || s.source === 'esco';
  return [...canonicalSkills(skills.filter(published)), ...skills.filter((s) => !published(s)).map((s) => ({ id: s.id, name: s.name, memberIds: [s.id] }))];
}
