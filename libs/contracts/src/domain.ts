/** How a posting names a skill or credential. Stored as 1, 2, 3. */
export const MENTION_LEVELS = ['required', 'preferred', 'in_lieu'] as const;
export type MentionLevel = (typeof MENTION_LEVELS)[number];
export const MENTION_LEVEL_CODE: Record<MentionLevel, 1 | 2 | 3> = { required: 1, preferred: 2, in_lieu: 3 };

/** Minimum education a posting asks for. Stored as 0..4. */
export const DEGREE_LEVELS = ['none', 'high_school', 'associate', 'bachelor', 'master_plus'] as const;
export type DegreeLevel = (typeof DEGREE_LEVELS)[number];

export const CREDENTIAL_TYPES = ['badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential', 'apprenticeship'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export type ProofStatus = 'verified' | 'invalid' | 'unverifiable' | 'none';

export type TaxonomyVersions = Record<string, string>;

export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  database: {
    mode: 'embedded' | 'postgres';
    migrations: { applied: string[]; pending: number };
  };
  taxonomyVersions: TaxonomyVersions;
  /** Row counts per table; left out for anonymous callers when anonymous viewing is off. */
  counts?: Record<string, number>;
  /** True when the loaded postings and awards are synthetic demo data. */
  demo: boolean;
  /** ISO timestamp of the last completed load. */
  dataAsOf: string | null;
}
