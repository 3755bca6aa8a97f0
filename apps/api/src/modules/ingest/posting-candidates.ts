import type { CandidateMention } from '@credpulse/ingest';
import type { PoolClient } from 'pg';

// Writes what extraction found besides catalog mentions: credential-like phrases the catalog lacks
// (credential_candidate, one row per normalised phrase with up to 5 example snippets; and
// posting_credential_candidate, which posting named which) and the posting's structured sections,
// kept for re-extraction.

const MAX_EXAMPLES = 5;

export async function writeCandidates(c: Pick<PoolClient, 'query'>, rows: { postingId: number | string; candidates?: CandidateMention[] }[]): Promise<void> {
  const keys: string[] = [];
  const names: string[] = [];
  const patterns: string[] = [];
  const snippets: string[] = [];
  const links: [number | string, string][] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const m of r.candidates ?? []) {
      links.push([r.postingId, m.key]);
      if (seen.has(m.key)) continue;
      seen.add(m.key);
      keys.push(m.key);
      names.push(m.name);
      patterns.push(m.pattern);
      snippets.push(m.snippet);
    }
  }
  if (keys.length === 0) return;
  const { rows: ids } = await c.query<{ id: number; key: string }>(
    `INSERT INTO credential_candidate AS cc (key, name, pattern, examples)
     SELECT k, n, p, jsonb_build_array(s) FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(k, n, p, s)
     ON CONFLICT (key) DO UPDATE SET examples = CASE
       WHEN jsonb_array_length(cc.examples) < ${MAX_EXAMPLES} AND NOT cc.examples @> EXCLUDED.examples THEN cc.examples || EXCLUDED.examples
       ELSE cc.examples END
     RETURNING id, key`,
    [keys, names, patterns, snippets],
  );
  const idOf = new Map(ids.map((r) => [r.key, r.id]));
  await c.query(
    `INSERT INTO posting_credential_candidate (posting_id, candidate_id) SELECT * FROM unnest($1::bigint[], $2::int[]) ON CONFLICT DO NOTHING`,
    [links.map((l) => l[0]), links.map((l) => idOf.get(l[1]))],
  );
}

export async function writeSections(
  c: Pick<PoolClient, 'query'>,
  rows: { postingId: number | string; qualifications?: string; skills?: string; education?: string }[],
): Promise<void> {
  const keep = rows.filter((r) => r.qualifications || r.skills || r.education);
  if (keep.length === 0) return;
  await c.query(
    `INSERT INTO posting_section (posting_id, qualifications, skills, education) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (posting_id) DO UPDATE SET qualifications = EXCLUDED.qualifications, skills = EXCLUDED.skills, education = EXCLUDED.education`,
    [keep.map((r) => r.postingId), keep.map((r) => r.qualifications ?? null), keep.map((r) => r.skills ?? null), keep.map((r) => r.education ?? null)],
  );
}
