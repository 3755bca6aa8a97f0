import type { ProgramAwardLevelRow, ProgramCredential, ProgramInstitution, ProgramOccupation, PublicDataBasis } from './metrics/program-demand.js';
import type { Coverage } from './filters.js';
import type { Finding, OmittedFinding } from './findings.js';

/** File formats of research exports. */
export const EXPORT_FORMATS = ['arrow', 'parquet', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Media type of each export format. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  arrow: 'application/vnd.apache.arrow.stream',
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv; charset=utf-8',
};

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { arrow: 'arrows', parquet: 'parquet', csv: 'csv' };

/** Record-level datasets: one row per posting, mention, award or learner-quarter. Gated by CREDPULSE_RECORD_EXPORTS. */
export const RECORD_DATASETS = ['postings', 'posting-skills', 'posting-credentials', 'awards', 'outcomes'] as const;
export type RecordDataset = (typeof RECORD_DATASETS)[number];

/** Logical column types of an export, as they appear in Arrow and Parquet. */
export type ExportColumnType = 'int64' | 'int32' | 'int16' | 'float64' | 'bool' | 'date' | 'utf8';

/** One entry of the data dictionary that travels with every export. */
export interface ExportColumn {
  name: string;
  type: ExportColumnType;
  /** Unit of the values (e.g. "USD per year", "count"), null when the column is a code or label. */
  unit: string | null;
  description: string;
}

/** Provenance of an export: in Arrow schema metadata, Parquet key-value metadata and the CSV .meta.json. */
export interface ExportProvenance {
  dataset: string;
  format: ExportFormat;
  /** True for record-level datasets (not aggregated, not suppressed). */
  recordLevel: boolean;
  /** The filters as understood by the server (normalised). */
  filters: Record<string, string>;
  methodVersion: string;
  taxonomyVersions: Record<string, string>;
  /** Disclosure threshold in force on the server. */
  k: number;
  /** Whether disclosure control was applied to the rows (false only for record-level datasets). */
  suppressed: boolean;
  /** ISO timestamp at which the export was generated. */
  generatedAt: string;
  /** ISO timestamp of the last completed data load. */
  dataAsOf: string | null;
  /** True when the data are synthetic demo data. */
  demo: boolean;
  /** Rows in the file, counted in the same database snapshot the rows were read from. */
  rowCount: number;
  columns: ExportColumn[];
  /** Metric views: cells hidden by disclosure control (primary and complementary). */
  suppressedCells?: number;
  /** Metric views: true when the metric's `limit` cut rows. */
  truncated?: boolean;
  notes?: string[];
  /** The file name the server proposes. */
  fileName: string;
}

/** A count of people after disclosure control, as in the metric responses. */
export interface ReportCount {
  value: number | null;
  suppressed: boolean;
}

/** Everything a board-ready report shows; the web page and the PDF render the same object. */
export interface ReportCommon {
  title: string;
  subtitle: string;
  /** Period covered, YYYY-MM. */
  from: string;
  to: string;
  region: string;
  regionName: string;
  dataAsOf: string | null;
  demo: boolean;
  k: number;
  taxonomyVersions: Record<string, string>;
  /** metric name -> its method version. */
  methodVersions: Record<string, string>;
  methodology: string[];
  generatedAt: string;
  /** Key findings, first in the report (rules in docs/methodology.md). */
  findings: Finding[];
  /** Rules that gave no finding, and why. */
  omittedFindings: OmittedFinding[];
  /** Complete months of data in the period (partial when fewer than the period's months). */
  coverage: Coverage & { firstMonth: string | null; lastMonth: string | null };
  /** Plain statements about what the report cannot show (everything suppressed, no postings). */
  notices: string[];
  /** A map of the region with the figure mapped. */
  map: ReportMap;
  /** Trends of the region beside the nation. */
  trends: ReportTrend[];
  /** "How to read this" lines. */
  howToRead: string[];
}

/** Areas of the region (counties of a state, CBSA or custom region; states for the nation) with one figure each. */
export interface ReportMap {
  /** 'county' areas are 5-digit FIPS, 'state' 2-digit. */
  level: 'state' | 'county';
  /** What the value is, e.g. "Unique job postings". */
  measure: string;
  /** FIPS codes of the areas in the region (drawn with the value; neighbours of the same state drawn blank for context). */
  areas: { fips: string; name: string; value: number | null; suppressed: boolean }[];
  /** State FIPS codes to draw as context (the region's states). */
  context: string[];
}

/** A trend of the region beside the nation; `indexed`: both series as 100 x value / first complete period. */
export interface ReportTrend {
  title: string;
  /** 'index' (first complete period = 100) or 'share' (0..1). */
  kind: 'index' | 'share';
  points: { period: string; region: number | null; nation: number | null; partial: boolean; months: number; monthsInPeriod: number }[];
  /** Raw values behind an index, for the table. */
  raw?: { period: string; region: number; nation: number }[];
  note: string;
}

export interface ReportOutcomeRow {
  key: string;
  label: string;
  earners: ReportCount;
  /** Employment rate 2 quarters after the award (null when hidden or under k). */
  employmentRateQ2: number | null;
  /** Median quarterly wage 2 quarters after the award, nominal dollars (null under k). */
  wageMedianQ2: number | null;
}

export interface RegionReport extends ReportCommon {
  kind: 'region';
  headline: {
    uniquePostings: number;
    totalPostings: number;
    medianAnnualWage: number | null;
    degreeRequirementShare: number | null;
    skillsFirstShare: number | null;
  };
  /** Most demanded skills (postings naming them). */
  topSkills: { key: string; label: string; demand: number }[];
  /** Skills with the lowest supply/demand ratio (largest gaps), among skills at least one catalogued credential teaches. */
  largestGaps: { key: string; label: string; demand: number; supply: ReportCount; ratio: number | null; bucket: string | null }[];
  /** Credentials by recognition change between the two halves of the period (the figures behind the recognition findings). */
  recognitionChange: { key: string; label: string; earlier: number; later: number; postingsEarlier: number; postingsLater: number }[];
  /** Industries (NAICS sectors) by share of postings naming any micro-credential. */
  industryNaming: { naics: string; label: string; postings: number; naming: number; rate: number | null }[];
  /** Most demanded skills that no catalogued credential teaches: shown apart, never ranked as gaps. */
  notAligned: { key: string; label: string; demand: number }[];
  /** For the largest industries: the credentials their postings name most. */
  credentialsByIndustry: { naics: string; label: string; postings: number; credentials: { key: string; label: string; naming: number; rate: number | null }[] }[];
  outcomes: ReportOutcomeRow[];
  programDemand: { cip: string; title: string; openings: number; completionsPerYear: ReportCount; gapPerYear: number | null }[];
}

export interface ProgramReport extends ReportCommon {
  kind: 'program';
  cip: string;
  cipTitle: string;
  headline: { openings: number; openingsPerYear: number; completionsPerYear: ReportCount; gapPerYear: number | null; years: number };
  occupations: { soc: string; title: string; openings: number; allocatedCompletions: number | null }[];
  outcomes: ReportOutcomeRow[];
  /** Supply and demand from public data (IPEDS, OEWS, BLS projections) by award level; null when none is loaded. */
  publicDemand?: ProgramPublicDemand | null;
}

/** The program card of `GET /api/metrics/program-demand?groupBy=award-level&cip=` in a report. */
export interface ProgramPublicDemand {
  rows: ProgramAwardLevelRow[];
  totals: { completions: number | null; openings: number | null; postings: number };
  basis: PublicDataBasis;
  methods: { proportional: string; fullCredit: string };
  occupations: ProgramOccupation[];
  institutions: ProgramInstitution[];
  credentials: ProgramCredential[];
}
