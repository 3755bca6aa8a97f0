import { z } from 'zod';
import { METRIC_ENVELOPE_FIELDS, ProtectedCount } from '../filters.js';
import { CIP6_PATTERN, SocCode } from '../codes.js';
import { AWARD_TIERS } from '../public-data.js';
import { ProgramDemandQuery } from './filters.js';
import { periodQuery, periodRow } from '../periods.js';

export const ProgramSocRow = z
  .object({
    soc: SocCode,
    title: z.string(),
    openings: z.number().int(),
    allocatedCompletions: z.number().nullable().describe('Completions allocated to this SOC in proportion to its openings (method programDemandProportional).'),
  })
  .meta({ id: 'ProgramSocRow' });
export type ProgramSocRow = z.infer<typeof ProgramSocRow>;

/** One program (CIP) in the region. */
export const ProgramDemandRow = z
  .object({
    cip: z.string().regex(CIP6_PATTERN).describe('6-digit CIP program.'),
    title: z.string(),
    socs: z.array(ProgramSocRow),
    openings: z.number().int().describe("Postings in the program's SOCs in the period."),
    completionsPerYear: ProtectedCount,
    years: z.number().int().describe('Years averaged (2 or more, else completions are null).'),
    gap: z.number().nullable().describe('Full-credit gap: openings - completions (method programDemand).'),
    openingsPerYear: z.number().describe('Openings per year over the period, for comparison with completions per year.'),
    gapPerYear: z.number().nullable().describe('Annualised gap: openingsPerYear - completionsPerYear.'),
  })
  .meta({ id: 'ProgramDemandRow' });
export type ProgramDemandRow = z.infer<typeof ProgramDemandRow>;

/** gap: completions below 0.8 x openings; balanced: 0.8 to 1.25; surplus: above 1.25 (docs/methodology.md). */
export const GapLabel = z.enum(['gap', 'balanced', 'surplus']).meta({ id: 'GapLabel' });
export type GapLabel = z.infer<typeof GapLabel>;

/** Completions of one IPEDS year (first majors; people: suppressed below k). */
export const CompletionsYear = z.object({ year: z.number().int(), value: z.number().nullable(), suppressed: z.boolean() }).meta({ id: 'CompletionsYear' });
export type CompletionsYear = z.infer<typeof CompletionsYear>;

const publicSupplyDemandShape = {
  completions: ProtectedCount.describe('IPEDS completions of the latest loaded year at institutions in the region (first majors only, grand totals excluded).'),
  completionsTrend: z.array(CompletionsYear).describe('The latest year and the earlier loaded years, oldest first.'),
  openings: z.number().nullable().describe("Annual openings allocated to this program (projections' openings rate x OEWS employment of the region; proportional allocation)."),
  openingsFullCredit: z.number().nullable().describe('The same with every program seeing all openings of its occupations (full credit; programs overlap).'),
  medianWage: z.number().nullable().describe("Employment-weighted mean of the occupations' OEWS median annual wages."),
  gap: z.number().nullable().describe('openings - completions (null when completions are suppressed or nothing is loaded).'),
  gapLabel: GapLabel.nullable(),
};
/** Supply and demand from public data (IPEDS completions, OEWS, BLS projections) for a program or an award level. */
export const PublicSupplyDemand = z.object(publicSupplyDemandShape).meta({ id: 'PublicSupplyDemand' });
export type PublicSupplyDemand = z.infer<typeof PublicSupplyDemand>;

/** A program's row: the postings-based figures plus `public` (null when no public data is loaded). */
export const ProgramDemandPublicRow = ProgramDemandRow.extend({
  postings: z.number().int().describe("Postings in the program's SOCs in the period (the same as `openings`, named as the award-level rows name it)."),
  public: PublicSupplyDemand.nullable(),
}).meta({ id: 'ProgramDemandPublicRow' });
export type ProgramDemandPublicRow = z.infer<typeof ProgramDemandPublicRow>;

const Tier = z.enum(AWARD_TIERS);

/** One award level of a program (or of every program under the CIP filter) with `groupBy=award-level`. */
export const ProgramAwardLevelRow = z
  .object({
    ...publicSupplyDemandShape,
    awardLevel: z.number().int().describe("IPEDS AWLEVEL code (5 = bachelor's)."),
    label: z.string().describe('Readable award level ("Bachelor\'s", "Certificate, 1-2 years").'),
    tier: Tier.describe('Demand tier: occupations whose typical entry education matches this level.'),
    postings: z.number().int().describe("Postings in the period in the program's occupations of this tier."),
  })
  .meta({ id: 'ProgramAwardLevelRow' });
export type ProgramAwardLevelRow = z.infer<typeof ProgramAwardLevelRow>;

/** An occupation behind a program, with its public-data figures for the region. */
export const ProgramOccupation = z
  .object({
    soc: z.string(),
    title: z.string(),
    tier: Tier,
    tierSource: z.enum(['projections', 'onet-job-zone']).describe("Where the tier came from: the projections' typical entry education or the O*NET job zone."),
    employment: z.number().nullable(),
    openings: z.number().nullable().describe('Annual openings in the region (all of them; full credit).'),
    openingsRate: z.number().nullable().describe('Openings per 100 jobs a year (projections).'),
    medianWage: z.number().nullable(),
    postings: z.number().int(),
  })
  .meta({ id: 'ProgramOccupation' });
export type ProgramOccupation = z.infer<typeof ProgramOccupation>;

/** An institution in the region with completions of the program (latest year). */
export const ProgramInstitution = z
  .object({
    unitid: z.number().int(),
    name: z.string(),
    countyFips: z.string().nullable(),
    completions: ProtectedCount,
    byAwardLevel: z.array(z.object({ awardLevel: z.number().int(), label: z.string(), completions: ProtectedCount })).describe('By award level, latest year.'),
  })
  .meta({ id: 'ProgramInstitution' });
export type ProgramInstitution = z.infer<typeof ProgramInstitution>;

/** A micro-credential aligned with the program's occupations (its target SOCs). */
export const ProgramCredential = z
  .object({
    id: z.number().int(),
    name: z.string(),
    postingMentions: z.number().int().describe('Postings in the region and period naming it.'),
    awards: ProtectedCount.describe('Awards in the region and period (people).'),
  })
  .meta({ id: 'ProgramCredential' });
export type ProgramCredential = z.infer<typeof ProgramCredential>;

/** Which public data the answer used: vintages, the OEWS area and how openings were regionalised. */
export const PublicDataBasis = z
  .object({
    completionsYears: z.array(z.number().int()),
    oewsVintage: z.string().nullable(),
    oewsArea: z.string().nullable().describe("OEWS area used for employment and wages: 'US', 'state:06', 'cbsa:31080'."),
    scaledBy: z
      .object({ method: z.enum(['population-share', 'postings-share']), share: z.number() })
      .nullable()
      .describe("How national employment was brought to the region when no area file is loaded; null when the area's own file was used."),
    projectionsVintage: z.string().nullable(),
    projectionsArea: z.string().nullable().describe("'US' or a state FIPS."),
    notes: z.array(z.string()).describe('Plain sentences saying the above (shown on views and in exports).'),
  })
  .meta({ id: 'PublicDataBasis' });
export type PublicDataBasis = z.infer<typeof PublicDataBasis>;

export const ProgramDemandTotals = z
  .object({ openings: z.number().int(), completionsPerYear: z.number().nullable() })
  .meta({ id: 'ProgramDemandTotals' });
export type ProgramDemandTotals = z.infer<typeof ProgramDemandTotals>;

/** groupBy=cip (the default): one row per program. */
export const ProgramDemandResponse = z
  .object({
    query: ProgramDemandQuery,
    rows: z.array(ProgramDemandPublicRow),
    totals: ProgramDemandTotals,
    ...METRIC_ENVELOPE_FIELDS,
    methods: z
      .object({ fullCredit: z.string(), proportional: z.string(), public: z.string().optional(), publicFullCredit: z.string().optional() })
      .describe('The allocation methods, labelled with their versions: full credit (gap) and proportional (allocatedCompletions); public and publicFullCredit for `public`.'),
    basis: PublicDataBasis.nullable().optional().describe('Public data behind `public` (null when none is loaded).'),
  })
  .meta({ id: 'ProgramDemandResponse', description: 'GET /api/metrics/program-demand (groupBy=cip)' });
export type ProgramDemandResponse = z.infer<typeof ProgramDemandResponse>;

export const ProgramAwardLevelTotals = z
  .object({ completions: z.number().nullable(), openings: z.number().nullable(), postings: z.number().int() })
  .meta({ id: 'ProgramAwardLevelTotals' });

/** groupBy=award-level: one row per IPEDS award level, from public data. */
export const ProgramDemandAwardLevelResponse = z
  .object({
    query: ProgramDemandQuery,
    rows: z.array(ProgramAwardLevelRow),
    totals: ProgramAwardLevelTotals,
    ...METRIC_ENVELOPE_FIELDS,
    methods: z.object({ proportional: z.string(), fullCredit: z.string() }),
    basis: PublicDataBasis,
    program: z
      .object({ cip: z.string(), title: z.string(), occupations: z.array(ProgramOccupation), institutions: z.array(ProgramInstitution), credentials: z.array(ProgramCredential) })
      .nullable()
      .describe('With a CIP filter: the occupations behind it, neighbouring institutions and aligned micro-credentials.'),
  })
  .meta({ id: 'ProgramDemandAwardLevelResponse', description: 'GET /api/metrics/program-demand?groupBy=award-level' });
export type ProgramDemandAwardLevelResponse = z.infer<typeof ProgramDemandAwardLevelResponse>;

/** groupBy=period: openings in the programs' occupations and awards in the programs, per period. */
export const ProgramDemandPeriodRow = periodRow('ProgramDemandPeriodRow', 'Program demand in one period (groupBy=period).', {
  openings: z.number().int().describe("Unique postings in the period in the SOCs of the programs under the CIP filter (or of every program)."),
  awards: ProtectedCount.describe('Awards in the period in those programs (people; suppressed per period). Completions per year need 2+ years and are not split by period.'),
});
export type ProgramDemandPeriodRow = z.infer<typeof ProgramDemandPeriodRow>;
export const ProgramDemandSeriesTotals = z.object({ openings: z.number().int(), awards: ProtectedCount }).meta({ id: 'ProgramDemandSeriesTotals' });
export const ProgramDemandSeriesQuery = periodQuery('ProgramDemandSeriesQuery', ProgramDemandQuery);
export const ProgramDemandSeriesResponse = z
  .object({ query: ProgramDemandSeriesQuery, rows: z.array(ProgramDemandPeriodRow), totals: ProgramDemandSeriesTotals, ...METRIC_ENVELOPE_FIELDS })
  .meta({ id: 'ProgramDemandSeriesResponse', description: 'GET /api/metrics/program-demand?groupBy=period' });
export type ProgramDemandSeriesResponse = z.infer<typeof ProgramDemandSeriesResponse>;
