import { z } from 'zod';
import { CREDENTIAL_TYPES } from './domain.js';

// Issue 13: credentials employers name that the catalog lacks, and re-extraction jobs.

export const CANDIDATE_STATUSES = ['open', 'added', 'merged', 'ignored'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/**
 * GET /api/admin/credential-candidates (and /export): what the list is filtered by. The web app sends
 * it as query parameters; the server parses them into CandidateFilters.
 */
export const CandidateQuery = z.object({
  status: z.string().optional().describe('open (default), added, merged, ignored or all; several separated by commas.'),
  minSupport: z.number().int().min(1).max(1_000_000).optional().describe('Least postings naming a phrase (reposts left out) for an open phrase to be listed (default 3).'),
  from: z.string().optional().describe('First month, YYYY-MM or YYYY-MM-DD.'),
  to: z.string().optional().describe('Last month, YYYY-MM or YYYY-MM-DD.'),
  state: z.string().optional().describe('2-digit state FIPS code.'),
  q: z.string().optional().describe('Part of the phrase, case-insensitive.'),
  limit: z.number().int().min(1).max(5000).optional(),
});
export type CandidateQuery = z.infer<typeof CandidateQuery>;

/** The candidate query once parsed: statuses spelled out, defaults applied, dates as YYYY-MM-DD, q lower-cased. */
export const CandidateFilters = z.object({
  status: z.array(z.enum(CANDIDATE_STATUSES)),
  minSupport: z.number().int(),
  from: z.string().optional(),
  to: z.string().optional(),
  state: z.string().optional(),
  limit: z.number().int(),
  q: z.string().optional(),
});
export type CandidateFilters = z.infer<typeof CandidateFilters>;

export const CredentialCandidate = z
  .object({
    id: z.number().int(),
    name: z.string(),
    key: z.string(),
    pattern: z.enum(['name-credential', 'certified-role', 'acronym-certified', 'registered-role']),
    status: z.enum(CANDIDATE_STATUSES),
    credentialId: z.number().int().nullable(),
    credentialName: z.string().nullable(),
    postings: z.number().int(),
    firstMonth: z.string().nullable(),
    lastMonth: z.string().nullable(),
    byMonth: z.array(z.object({ month: z.string(), postings: z.number().int() })),
    byState: z.array(z.object({ state: z.string(), postings: z.number().int() })),
    byIndustry: z.array(z.object({ naics: z.string(), postings: z.number().int() })),
    examples: z.array(z.string()),
  })
  .meta({ id: 'CredentialCandidate' });
export type CredentialCandidate = z.infer<typeof CredentialCandidate>;

export const ReextractJob = z
  .object({
    id: z.number().int(),
    status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    reason: z.string(),
    total: z.number(),
    done: z.number(),
    changed: z.number(),
    lastPostingId: z.number(),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'ReextractJob' });
export type ReextractJob = z.infer<typeof ReextractJob>;

export const ReextractStatus = ReextractJob.nullable().meta({ id: 'ReextractStatus' });

export const CandidateDecision = z
  .object({ candidateId: z.number().int(), credentialId: z.number().int(), reextract: ReextractJob.nullable() })
  .meta({ id: 'CandidateDecision' });
export const CandidateIgnored = z.object({ candidateId: z.number().int(), status: z.literal('ignored') }).meta({ id: 'CandidateIgnored' });

export const CandidateAddRequest = z
  .object({
    name: z.string().optional(),
    type: z.enum(CREDENTIAL_TYPES),
    issuer: z.string().optional(),
    targetSoc: z.union([z.string(), z.array(z.string())]).optional(),
    shortNames: z.union([z.string(), z.array(z.string())]).optional(),
    url: z.string().optional(),
  })
  .meta({ id: 'CandidateAddRequest' });
export const CandidateMergeRequest = z.object({ credentialId: z.number().int() }).meta({ id: 'CandidateMergeRequest' });
export const ReextractRequest = z.object({ force: z.boolean().optional() }).meta({ id: 'ReextractRequest' });
