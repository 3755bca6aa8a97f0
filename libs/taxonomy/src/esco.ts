import { field, readCsv } from './csv.js';
import { TaxonomyFileError } from './errors.js';
import type { SkillRecord } from './skills.js';

const URI = /^http:\/\/data\.europa\.eu\/esco\/skill\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Parses esco_skills.csv (concept_uri, skill_type, reuse_level, preferred_label, alt_labels joined by " | "). */
export function parseEscoSkills(text: string, file = 'esco_skills.csv'): SkillRecord[] {
  const seen = new Set<string>();
  return readCsv(text, file, ['concept_uri', 'skill_type', 'preferred_label', 'alt_labels']).map((row) => {
    const uri = field(row, file, 'concept_uri');
    const m = URI.exec(uri);
    if (!m) throw new TaxonomyFileError(file, row.line, 'concept_uri', `"${uri}" is not an ESCO skill URI`);
    const id = `esco:${m[1]}`;
    if (seen.has(id)) throw new TaxonomyFileError(file, row.line, 'concept_uri', `duplicate concept ${uri}`);
    seen.add(id);
    const name = field(row, file, 'preferred_label');
    const labels = new Set([name.toLowerCase()]);
    const altLabels: string[] = [];
    for (const raw of row.get('alt_labels').split(' | ')) {
      const label = raw.trim();
      if (!label || labels.has(label.toLowerCase())) continue;
      labels.add(label.toLowerCase());
      altLabels.push(label);
    }
    return { id, source: 'esco' as const, name, altLabels, kind: row.get('skill_type') || null, hot: false };
  });
}
