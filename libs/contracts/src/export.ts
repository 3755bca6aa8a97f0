import { z } from 'zod';
import { CipCode, Month, RegionCode, Timestamp } from './codes.js';
import { ProtectedCount, RangeCoverage, TaxonomyVersions } from './filters.js';
import { Finding, OmittedFinding } from './findings.js';
import { ProgramAwardLevelRow, ProgramAwardLevelTotals, ProgramCredential, ProgramInstitution, ProgramOccupation, PublicDataBasis } from './metrics/program-demand.js';

/** File formats of research exports. */
export const EXPORT_FORMATS = ['arrow', 'parquet', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Media type of each export format. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  arrow: 'application/vnd.apache.arrow.stream',
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { arrow: 'arrows', parquet: 'parquet', csv: 'csv', xlsx: 'xlsx' };

/** Record-level datasets: one row per posting, mention, award or learner-quarter. Gated by CREDPULSE_RECORD_EXPORTS. */
export const RECORD_DATASETS = ['postings', 'posting-skills', 'posting-credentials', 'awards', 'outcomes'] as const;
export type RecordDataset = (typeof RECORD_DATASETS)[number];

/** Logical column types of an export, as they appear in Arrow and Parquet. */
export const EXPORT_COLUMN_TYPES = ['int64', 'int32', 'int16', 'float64', 'bool', 'date', 'utf8'] as const;
export type ExportColumnType = (typeof EXPORT_COLUMN_TYPES)[number];

/** One entry of the data dictionary that travels with every export. */
export const ExportColumn = z
  .object({
    name: z.string(),
    type: z.enum(EXPORT_COLUMN_TYPES),
    unit: z.string().nullable().describe('Unit of the values (e.g. "USD per year", "count"), null when the column is a code or label.'),
    description: z.string(),
  })
  .meta({ id: 'ExportColumn' });
export type ExportColumn = z.infer<typeof ExportColumn>;

/** Provenance of an export: in Arrow schema metadata, Parquet key-value metadata and the CSV .meta.json. */
export const ExportProvenance = z
  .object({
    dataset: z.string(),
    format: z.enum(EXPORT_FORMATS),
    recordLevel: z.boolean().describe('True for record-level datasets (not aggregated, not suppressed).'),
    filters: z.record(z.string(), z.string()).describe('The filters as understood by the server (normalised).'),
    methodVersion: z.string(),
    taxonomyVersions: TaxonomyVersions,
    k: z.number().int().describe('Disclosure threshold in force on the server.'),
    suppressed: z.boolean().describe('Whether disclosure control was applied to the rows (false only for record-level datasets).'),
    generatedAt: Timestamp.describe('ISO timestamp at which the export was generated.'),
    dataAsOf: Timestamp.nullable().describe('ISO timestamp of the last completed data load.'),
    demo: z.boolean().describe('True when the data are synthetic demo data.'),
    rowCount: z.number().int().describe('Rows in the file, counted in the same database snapshot the rows were read from.'),
    columns: z.array(ExportColumn),
    suppressedCells: z.number().int().optional().describe('Metric views: cells hidden by disclosure control (primary and complementary).'),
    truncated: z.boolean().optional().describe("Metric views: true when the metric's `limit` cut rows."),
    notes: z.array(z.string()).optional(),
    fileName: z.string().describe('The file name the server proposes.'),
  })
  .meta({ id: 'ExportProvenance' });
export type ExportProvenance = z.infer<typeof ExportProvenance>;

/** A count of people after disclosure control, as in the metric responses. */
export const ReportCount = ProtectedCount;
export type ReportCount = ProtectedCount;

/** Areas of the region (counties of a state, CBSA or custom region; states for the nation) with one figure each. */
export const ReportMap = z
  .object({
    level: z.enum(['state', 'county']).describe("'county' areas are 5-digit FIPS, 'state' 2-digit."),
    measure: z.string().describe('What the value is, e.g. "Unique job postings".'),
    areas: z.array(z.object({ fips: z.string(), name: z.string(), value: z.number().nullable(), suppressed: z.boolean() })),
    context: z.array(z.string()).describe("State FIPS codes to draw as context (the region's states)."),
  })
  .meta({ id: 'ReportMap' });
export type ReportMap = z.infer<typeof ReportMap>;

/** A trend of the region beside the nation; `index`: both series as 100 x value / first complete period. */
export const ReportTrend = z
  .object({
    title: z.string(),
    kind: z.enum(['index', 'share']),
    points: z.array(
      z.object({ period: z.string(), region: z.number().nullable(), nation: z.number().nullable(), partial: z.boolean(), months: z.number().int(), monthsInPeriod: z.number().int() }),
    ),
    raw: z.array(z.object({ period: z.string(), region: z.number(), nation: z.number() })).optional().describe('Raw values behind an index, for the table.'),
    note: z.string(),
  })
  .meta({ id: 'ReportTrend' });
export type ReportTrend = z.infer<typeof ReportTrend>;

const ReportCommonShape = {
  title: z.string(),
  subtitle: z.string(),
  from: Month.describe('First month covered, YYYY-MM.'),
  to: Month.describe('Last month covered, YYYY-MM.'),
  region: RegionCode,
  regionName: z.string(),
  dataAsOf: Timestamp.nullable(),
  demo: z.boolean(),
  k: z.number().int(),
  taxonomyVersions: TaxonomyVersions,
  methodVersions: z.record(z.string(), z.string()).describe('metric name -> its method version.'),
  methodology: z.array(z.string()),
  generatedAt: Timestamp,
  findings: z.array(Finding).describe('Key findings, first in the report (rules in docs/methodology.md).'),
  omittedFindings: z.array(OmittedFinding).describe('Rules that gave no finding, and why.'),
  coverage: RangeCoverage,
  notices: z.array(z.string()).describe('Plain statements about what the report cannot show (everything suppressed, no postings).'),
  map: ReportMap,
  trends: z.array(ReportTrend).describe('Trends of the region beside the nation.'),
  howToRead: z.array(z.string()).describe('"How to read this" lines.'),
};
/** Everything a board-ready report shows; the web page and the PDF render the same object. */
export type ReportCommon = z.infer<z.ZodObject<typeof ReportCommonShape>>;

export const ReportOutcomeRow = z
  .object({
    key: z.string(),
    label: z.string(),
    earners: ProtectedCount,
    employmentRateQ2: z.number().nullable().describe('Employment rate 2 quarters after the award (null when hidden or under k).'),
    wageMedianQ2: z.number().nullable().describe('Median quarterly wage 2 quarters after the award, nominal dollars (null under k).'),
  })
  .meta({ id: 'ReportOutcomeRow' });
export type ReportOutcomeRow = z.infer<typeof ReportOutcomeRow>;

export const RegionReport = z
  .object({
    ...ReportCommonShape,
    kind: z.literal('region'),
    headline: z.object({
      uniquePostings: z.number().int(),
      totalPostings: z.number().int(),
      medianAnnualWage: z.number().nullable(),
      degreeRequirementShare: z.number().nullable(),
      skillsFirstShare: z.number().nullable(),
    }),
    topSkills: z.array(z.object({ key: z.string(), label: z.string(), demand: z.number().int() })).describe('Most demanded skills (postings naming them).'),
    largestGaps: z
      .array(z.object({ key: z.string(), label: z.string(), demand: z.number().int(), supply: ProtectedCount, ratio: z.number().nullable(), bucket: z.string().nullable() }))
      .describe('Skills with the lowest supply/demand ratio (largest gaps), among skills at least one catalogued credential teaches.'),
    recognitionChange: z
      .array(z.object({ key: z.string(), label: z.string(), earlier: z.number(), later: z.number(), postingsEarlier: z.number().int(), postingsLater: z.number().int() }))
      .describe('Credentials by recognition change between the two halves of the period (the figures behind the recognition findings).'),
    industryNaming: z
      .array(z.object({ naics: z.string(), label: z.string(), postings: z.number().int(), naming: z.number().int(), rate: z.number().nullable() }))
      .describe('Industries (NAICS sectors) by share of postings naming any micro-credential.'),
    notAligned: z
      .array(z.object({ key: z.string(), label: z.string(), demand: z.number().int() }))
      .describe('Most demanded skills that no catalogued credential teaches: shown apart, never ranked as gaps.'),
    credentialsByIndustry: z
      .array(
        z.object({
          naics: z.string(),
          label: z.string(),
          postings: z.number().int(),
          credentials: z.array(z.object({ key: z.string(), label: z.string(), naming: z.number().int(), rate: z.number().nullable() })),
        }),
      )
      .describe('For the largest industries: the credentials their postings name most.'),
    outcomes: z.array(ReportOutcomeRow),
    programDemand: z.array(z.object({ cip: z.string(), title: z.string(), openings: z.number().int(), completionsPerYear: ProtectedCount, gapPerYear: z.number().nullable() })),
  })
  .meta({ id: 'RegionReport' });
export type RegionReport = z.infer<typeof RegionReport>;

/** The program card of `GET /api/metrics/program-demand?groupBy=award-level&cip=` in a report. */
export const ProgramPublicDemand = z
  .object({
    rows: z.array(ProgramAwardLevelRow),
    totals: ProgramAwardLevelTotals,
    basis: PublicDataBasis,
    methods: z.object({ proportional: z.string(), fullCredit: z.string() }),
    occupations: z.array(ProgramOccupation),
    institutions: z.array(ProgramInstitution),
    credentials: z.array(ProgramCredential),
  })
  .meta({ id: 'ProgramPublicDemand' });
export type ProgramPublicDemand = z.infer<typeof ProgramPublicDemand>;

export const ProgramReport = z
  .object({
    ...ReportCommonShape,
    kind: z.literal('program'),
    cip: CipCode,
    cipTitle: z.string(),
    headline: z.object({ openings: z.number().int(), openingsPerYear: z.number(), completionsPerYear: ProtectedCount, gapPerYear: z.number().nullable(), years: z.number().int() }),
    occupations: z.array(z.object({ soc: z.string(), title: z.string(), openings: z.number().int(), allocatedCompletions: z.number().nullable() })),
    outcomes: z.array(ReportOutcomeRow),
    publicDemand: ProgramPublicDemand.nullable().optional().describe('Supply and demand from public data (IPEDS, OEWS, BLS projections) by award level; null when none is loaded.'),
  })
  .meta({ id: 'ProgramReport' });
export type ProgramReport = z.infer<typeof ProgramReport>;

/** GET /api/exports: the datasets and formats, and whether record-level exports are enabled here. */
export const ExportCatalogue = z
  .object({
    formats: z.array(z.enum(EXPORT_FORMATS)),
    datasets: z.array(
      z.object({
        name: z.string().describe('metrics/<metric> or a record-level dataset name.'),
        recordLevel: z.boolean(),
        enabled: z.boolean().describe('False for record-level datasets unless CREDPULSE_RECORD_EXPORTS=true.'),
      }),
    ),
  })
  .meta({ id: 'ExportCatalogue' });
export type ExportCatalogue = z.infer<typeof ExportCatalogue>;
