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

/** One area's value of a view's headline measure (GET /api/peers?view=...). */
export const PeerMeasureRow = z
  .object({
    code: z.string().describe('Region code; "us" for the nation.'),
    name: z.string(),
    role: z.enum(['region', 'peer', 'nation-scaled']),
    value: z
      .number()
      .nullable()
      .describe("The measure in the area; null when disclosure control hides it or there is no data. Nation scaled: a rate or level as it is nationally; a count times the region's postings over the nation's."),
    suppressed: z.boolean().describe('True when disclosure control hid a figure the value is made of (it is then null, never 0).'),
    postings: z.number().int().describe("Unique postings of the area in the peers' period (nation scaled: the region's), the size the nation is scaled by."),
    index: z
      .number()
      .nullable()
      .describe('Against the nation, 1 = the national figure: rates and levels value / national value; counts the location quotient (value / postings) / (national value / national postings).'),
  })
  .meta({ id: 'PeerMeasureRow' });
export type PeerMeasureRow = z.infer<typeof PeerMeasureRow>;

/** A dashboard view's headline measure for the region, its peers and the nation scaled to the region's size. */
export const PeerMeasure = z
  .object({
    view: z.string().describe('The dashboard view (overview, recognition, skill-gaps, outcomes, programs, equity, pathways, saturation).'),
    from: z.string().describe("The measure's period: the query's from/to, or the metric's own default (outcomes and pathways look further back)."),
    to: z.string(),
    label: z.string(),
    unit: z.enum(['percent', 'dollars', 'count', 'ratio']).describe('percent: a share 0..1; dollars; count; ratio: a plain number.'),
    kind: z.enum(['rate', 'count']).describe("rate (shares, ratios, medians: the nation is not scaled) or count (the nation is scaled to the region's postings)."),
    people: z.boolean().describe("True when the figure counts people (awards, earners, completions): each area's figure passed disclosure control."),
    source: z.string().describe("The metric request each area's figure comes from (with region set to the area)."),
    rows: z.array(PeerMeasureRow).describe('The region, its peers, then the nation scaled (the order of areas).'),
    nationValue: z.number().nullable().describe('The national figure before scaling.'),
    nationPostings: z.number().int(),
  })
  .meta({ id: 'PeerMeasure' });
export type PeerMeasure = z.infer<typeof PeerMeasure>;

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
    measure: PeerMeasure.optional().describe("With `view`: that view's headline measure for each area."),
  })
  .meta({ id: 'PeersResponse' });
export type PeersResponse = z.infer<typeof PeersResponse>;
