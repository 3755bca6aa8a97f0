import { z } from 'zod';
import { TaxonomyVersions } from './filters.js';
import { Timestamp } from './codes.js';

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

export const HealthResponse = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('degraded while migrations are pending.'),
    version: z.string(),
    database: z.object({
      mode: z.enum(['embedded', 'postgres']),
      migrations: z.object({ applied: z.array(z.string()), pending: z.number().int() }),
    }),
    taxonomyVersions: TaxonomyVersions,
    counts: z.record(z.string(), z.number().int()).optional().describe('Rows per table; left out for anonymous callers when anonymous viewing is off.'),
    demo: z.boolean().describe('True when the loaded postings and awards are synthetic demo data.'),
    dataAsOf: Timestamp.nullable().describe('ISO timestamp of the last completed load.'),
  })
  .meta({ id: 'HealthResponse' });
export type HealthResponse = z.infer<typeof HealthResponse>;
