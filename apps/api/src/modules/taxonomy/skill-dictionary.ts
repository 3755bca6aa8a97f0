import { skillDictionary, type SkillDictionaryEntry } from '@credpulse/taxonomy';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The phrase dictionary for posting-text extraction, built from every loaded skill (O*NET technology
 * examples and ESCO skills): [{id, name, altLabels}] sorted by id.
 */
export async function loadSkillDictionary(ds: DataSource | EntityManager, opts: { sources?: ('onet' | 'esco')[] } = {}): Promise<SkillDictionaryEntry[]> {
  const rows: { id: string; name: string; alt_labels: string[] }[] = opts.sources
    ? await ds.query('SELECT id, name, alt_labels FROM skill WHERE source = ANY($1)', [opts.sources])
    : await ds.query('SELECT id, name, alt_labels FROM skill');
  return skillDictionary(rows.map((r) => ({ id: r.id, name: r.name, altLabels: r.alt_labels ?? [] })));
}
