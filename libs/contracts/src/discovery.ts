import { z } from 'zod';

// Issue 13: credentials employers name that the catalog lacks, and re-extraction jobs.

export const CredentialCandidate = z
  .object({
    id: z.number().int(),
    name: z.string(),
    key: z.string(),
    pattern: z.enum(['name-credential', 'certified-role', 'acronym-certified', 'registered-role']),
    status: z.enum(['open', 'added', 'merged', 'ignored']),
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
    type: z.enum(['badge', 'certificate', 'certification', 'license', 'degree', 'micro-credential', 'apprenticeship']),
    issuer: z.string().optional(),
    targetSoc: z.union([z.string(), z.array(z.string())]).optional(),
    shortNames: z.union([z.string(), z.array(z.string())]).optional(),
    url: z.string().optional(),
  })
  .meta({ id: 'CandidateAddRequest' });
export const CandidateMergeRequest = z.object({ credentialId: z.number().int() }).meta({ id: 'CandidateMergeRequest' });
export const ReextractRequest = z.object({ force: z.boolean().optional() }).meta({ id: 'ReextractRequest' });
