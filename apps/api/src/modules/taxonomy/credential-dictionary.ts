// The credentials extraction looks for: every credential's name, its short names and the aliases
// admins merged into it (credential_alias, kept across catalog reloads). One query for the ingest
// pipeline, `credpulse extract` and re-extraction, and one fingerprint of it: re-extraction is due
// when the fingerprint of the dictionary a posting was extracted with differs from today's.

/** Rows {id, name, short} of the credential dictionary, in id order. */
export const CREDENTIAL_DICTIONARY_SQL = `
  SELECT c.id, c.name, c.short_names || coalesce((SELECT array_agg(a.alias ORDER BY a.alias) FROM credential_alias a WHERE a.credential_id = c.id), '{}') AS short
  FROM credential c ORDER BY c.id`;

/**
 * md5 over the credential dictionary and the skill labels: changes when a credential, a short name,
 * an alias or a skill label changes.
 */
export const DICTIONARY_FINGERPRINT_SQL = `
  SELECT md5(
    coalesce((SELECT string_agg(c.id || ':' || c.name || ':' || array_to_string(c.short_names, '|'), ',' ORDER BY c.id) FROM credential c), '') || '#' ||
    coalesce((SELECT string_agg(a.credential_id || ':' || a.alias, ',' ORDER BY a.credential_id, a.alias) FROM credential_alias a), '') || '#' ||
    (SELECT count(*) || ':' || coalesce(md5(string_agg(s.id || ':' || s.name || ':' || coalesce(s.canonical_id, ''), ',' ORDER BY s.id)), '') FROM skill s)
  ) AS fingerprint`;
