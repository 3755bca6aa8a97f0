import { z } from 'zod';

/** One 2-digit NAICS sector of an area's postings, with its location quotient against the nation. */
export const PeerSectorCell = z
  .object({
    naics2: z.string(),
    count: z.number().describe('Unique postings in the sector (nation scaled: the expected count at the national mix, one decimal).'),
    share: z.number().nullable().describe("Share of the area's postings."),
    lq: z.number().nullable().describe('Location quotient against the nation (1 for the nation scaled).'),
  })
  .meta({ id: 'PeerSectorCell' });
export type PeerSectorCell = z.infer<typeof PeerSectorCell>;

export const PeerArea = z
  .object({
    code: z.string().describe('Region code (the `region` filter syntax); "us" for the nation scaled.'),
    name: z.string(),
    role: z.enum(['region', 'peer', 'nation-scaled']),
    postings: z.number().describe('Unique postings in the period (nation scaled: the region\'s own count).'),
    awards: z.number().nullable().describe('Credential awards (people) in the period; null when disclosure control hides it (nation scaled: national awards per posting x the region\'s postings, rounded).'),
    awardsSuppressed: z.boolean(),
    awardsPerThousandPostings: z.number().nullable(),
    similarity: z.number().nullable().describe('Peers: 1 - distance (industry mix and size, docs/methodology.md "Peer regions"); null for the region and the nation.'),
    mixDistance: z.number().nullable(),
    sizeDistance: z.number().nullable(),
    sectors: z.array(PeerSectorCell),
  })
  .meta({ id: 'PeerArea' });
export type PeerArea = z.infer<typeof PeerArea>;

/** GET /api/peers: a region beside its peers and beside the nation scaled to its size. */
export const PeersResponse = z
  .object({
    query: z.object({ region: z.string(), from: z.string(), to: z.string(), peers: z.array(z.string()) }),
    suggested: z.boolean().describe('True when the peers were suggested (no `peers` parameter given).'),
    candidates: z.string().describe('Which regions were candidates for the suggestion (states for a state; metro/micro areas and custom regions otherwise).'),
    sectors: z.array(z.object({ naics2: z.string(), title: z.string() })).describe("Sectors of the region's postings, largest first."),
    areas: z.array(PeerArea).describe('The region, its peers, then the nation scaled.'),
    k: z.number().int(),
    suppressedCells: z.number().int(),
    methodVersion: z.string(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'PeersResponse' });
export type PeersResponse = z.infer<typeof PeersResponse>;
