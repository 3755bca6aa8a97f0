import type { SkillLabels } from '@credpulse/taxonomy';
import { canonicalSkillDictionary, publishedConcepts, type ExtractionDictionary } from '@credpulse/ingest';
import type { DataSource, EntityManager } from 'typeorm';
import { refreshRollups } from '../analytics/catalogue/refresh.js';

type Db = DataSource | EntityManager;

// Strength of a stored mention level (MENTION_LEVEL_CODE): required 1, then in lieu 3, then preferred 2.
const RANK = (col: string) => `CASE ${col} WHEN 1 THEN 0 WHEN 3 THEN 1 ELSE 2 END`;

async function skillLabels(db: Db): Promise<SkillLabels[]> {
  const rows: { id: string; source: string; name: string; alt_labels: string[] | null }[] = await db.query(`SELECT id, source, name, alt_labels FROM skill ORDER BY id`);
  return rows.map((r) => ({ id: r.id, source: r.source, name: r.name, altLabels: r.alt_labels ?? [] }));
}

/** The extraction dictionary of skills: one entry per concept (canonicalSkillDictionary). */
export async function loadCanonicalSkillDictionary(db: Db): Promise<Pick<ExtractionDictionary, 'skills' | 'aliasesDerived'>> {
  return canonicalSkillDictionary(await skillLabels(db));
}

/** What applySkillConcepts changed. */
export interface SkillConceptChanges {
  concepts: number;
  merged: number;
  postingLinks: number;
  credentialLinks: number;
}

/**
 * Sets skill.canonical_id from the loaded skills (canonicalSkills: one concept across O*NET and
 * ESCO) and moves the links of loaded data onto the representative: posting_skill (keeping the
 * strongest level: required, then in lieu, then preferred) and credential_skill. occupation_skill is
 * reference data and keeps O*NET's ids (readers map them). Idempotent.
 */
export async function applySkillConcepts(db: Db, opts: { recompute?: boolean } = {}): Promise<SkillConceptChanges> {
  let concepts = 0;
  if (opts.recompute !== false) {
    // concepts over the published taxonomies only; other skills (added by hand or by tests) stay themselves
    const groups = publishedConcepts(await skillLabels(db));
    concepts = groups.length;
    const ids: string[] = [];
    const canon: string[] = [];
    for (const g of groups) {
      for (const id of g.memberIds) {
        if (id === g.id) continue;
        ids.push(id);
        canon.push(g.id);
      }
    }
    await db.query(`UPDATE skill SET canonical_id = NULL WHERE canonical_id IS NOT NULL AND NOT (id = ANY($1::text[]))`, [ids]);
    await db.query(
      `UPDATE skill s SET canonical_id = m.c FROM unnest($1::text[], $2::text[]) AS m(id, c) WHERE s.id = m.id AND s.canonical_id IS DISTINCT FROM m.c`,
      [ids, canon],
    );
  }
  const [{ merged }] = await db.query(`SELECT count(*)::int AS merged FROM skill WHERE canonical_id IS NOT NULL`);
  const moved = `(SELECT id, canonical_id FROM skill WHERE canonical_id IS NOT NULL)`;
  const [{ n: postingLinks }] = await db.query(`
    WITH m AS ${moved},
    gone AS (DELETE FROM posting_skill ps USING m WHERE ps.skill_id = m.id RETURNING ps.posting_id, m.canonical_id AS skill_id, ps.level),
    ins AS (
      INSERT INTO posting_skill (posting_id, skill_id, level)
      SELECT posting_id, skill_id, (array_agg(level ORDER BY ${RANK('level')}))[1] FROM gone GROUP BY 1, 2
      ON CONFLICT (posting_id, skill_id) DO UPDATE
        SET level = CASE WHEN ${RANK('EXCLUDED.level')} < ${RANK('posting_skill.level')} THEN EXCLUDED.level ELSE posting_skill.level END
    )
    SELECT count(*)::int AS n FROM gone`);
  const [{ n: credentialLinks }] = await db.query(`
    WITH m AS ${moved},
    gone AS (DELETE FROM credential_skill cs USING m WHERE cs.skill_id = m.id RETURNING cs.credential_id, m.canonical_id AS skill_id),
    ins AS (INSERT INTO credential_skill (credential_id, skill_id) SELECT DISTINCT credential_id, skill_id FROM gone ON CONFLICT DO NOTHING)
    SELECT count(*)::int AS n FROM gone`);
  return { concepts, merged, postingLinks, credentialLinks };
}

// Bump when the concept rules (canonicalSkills) change: the next start recomputes the concepts.
const CONCEPTS_REVISION = 'concepts-1';

/**
 * After the taxonomies and the credential catalog are loaded: recomputes the skill concepts when
 * the skills or the rules changed (recorded in app_meta 'skill_concepts'), else only moves links
 * written since onto their concept (the catalog writes source ids), all in one transaction; then
 * refreshes the rollups when postings or credentials were relinked.
 */
export async function syncSkillConcepts(ds: DataSource, log: (line: string) => void, opts: { force?: boolean } = {}): Promise<SkillConceptChanges> {
  const t0 = Date.now();
  const changes = await ds.transaction(async (m) => {
    const [{ fp }] = await m.query(
      `SELECT count(*)::text || ':' || coalesce(max(id), '') || ':' || coalesce(sum(length(name) + cardinality(alt_labels)), 0)::text AS fp FROM skill WHERE source IN ('onet', 'esco')`,
    );
    const want = `${CONCEPTS_REVISION}:${fp}`;
    const [cur] = await m.query(`SELECT value #>> '{}' AS v FROM app_meta WHERE key = 'skill_concepts'`);
    const recompute = opts.force === true || cur?.v !== want;
    const c = await applySkillConcepts(m, { recompute });
    if (recompute) await m.query(`INSERT INTO app_meta(key, value) VALUES ('skill_concepts', to_jsonb($1::text)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [want]);
    return c;
  });
  if (changes.concepts > 0 || changes.postingLinks + changes.credentialLinks > 0) {
    log(`  Skill concepts: ${changes.merged.toLocaleString('en-US')} source skills folded into their concept; links moved: ${changes.postingLinks} posting, ${changes.credentialLinks} credential (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  if (changes.postingLinks + changes.credentialLinks > 0) await refreshRollups(ds);
  return changes;
}
