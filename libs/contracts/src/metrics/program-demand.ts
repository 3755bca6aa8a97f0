import type { MetricResponse, ProtectedCount } from '../filters.js';

export interface ProgramSocRow {
  soc: string;
  title: string;
  openings: number;
  /** Completions allocated to this SOC in proportion to its openings (method programDemandProportional). */
  allocatedCompletions: number | null;
}

/** One program (CIP) in the region. */
export interface ProgramDemandRow {
  cip: string;
  title: string;
  socs: ProgramSocRow[];
  /** Postings in the program's SOCs in the period. */
  openings: number;
  /** Awards of the program averaged per year over the years in range (people: suppressed below k). */
  completionsPerYear: ProtectedCount;
  /** Years averaged (2 or more, else completions are null). */
  years: number;
  /** Full-credit gap: openings - completions (method programDemand). */
  gap: number | null;
  /** Openings per year over the period, for comparison with completions per year. */
  openingsPerYear: number;
  /** Annualised gap: openingsPerYear - completionsPerYear. */
  gapPerYear: number | null;
}

export type ProgramDemandResponse = MetricResponse<ProgramDemandPublicRow, { openings: number; completionsPerYear: number | null; [k: string]: number | null }> & {
  /** Both allocation methods, labelled with their versions. */
  methods: { fullCredit: string; proportional: string; public?: string; publicFullCredit?: string };
  /** Public data behind `public` (null when none is loaded). */
  basis?: PublicDataBasis | null;
};

/** gap: completions below 0.8 x openings; balanced: 0.8 to 1.25; surplus: above 1.25 (docs/methodology.md). */
export type GapLabel = 'gap' | 'balanced' | 'surplus';

/** Completions of one IPEDS year (first majors; people: suppressed below k). */
export interface CompletionsYear {
  year: number;
  value: number | null;
  suppressed: boolean;
}

/** Supply and demand from public data (IPEDS completions, OEWS, BLS projections) for a program or an award level. */
export interface PublicSupplyDemand {
  /** IPEDS completions of the latest loaded year at institutions in the region (first majors only, grand totals excluded). */
  completions: ProtectedCount;
  /** The latest year and the earlier loaded years, oldest first. */
  completionsTrend: CompletionsYear[];
  /** Annual openings allocated to this program (projections' openings rate x OEWS employment of the region; proportional allocation). */
  openings: number | null;
  /** The same with every program seeing all openings of its occupations (full credit; programs overlap). */
  openingsFullCredit: number | null;
  /** Employment-weighted mean of the occupations' OEWS median annual wages. */
  medianWage: number | null;
  /** openings - completions (null when completions are suppressed or nothing is loaded). */
  gap: number | null;
  gapLabel: GapLabel | null;
}

/** A program's row: the postings-based figures above plus `public` (null when no public data is loaded). */
export interface ProgramDemandPublicRow extends ProgramDemandRow {
  /** Postings in the program's SOCs in the period (the same as `openings`, named as the award-level rows name it). */
  postings: number;
  public: PublicSupplyDemand | null;
}

/** One award level of a program (or of every program under the CIP filter) with `groupBy=award-level`. */
export interface ProgramAwardLevelRow extends PublicSupplyDemand {
  /** IPEDS AWLEVEL code (5 = bachelor's). */
  awardLevel: number;
  /** Readable award level ("Bachelor's", "Certificate, 1-2 years"). */
  label: string;
  /** Demand tier: occupations whose typical entry education matches this level. */
  tier: 'certificate' | 'associate' | 'bachelor' | 'master' | 'doctor';
  /** Postings in the period in the program's occupations of this tier. */
  postings: number;
}

/** An occupation behind a program, with its public-data figures for the region. */
export interface ProgramOccupation {
  soc: string;
  title: string;
  tier: ProgramAwardLevelRow['tier'];
  /** Where the tier came from: the projections' typical entry education or the O*NET job zone. */
  tierSource: 'projections' | 'onet-job-zone';
  employment: number | null;
  /** Annual openings in the region (all of them; full credit). */
  openings: number | null;
  /** Openings per 100 jobs a year (projections). */
  openingsRate: number | null;
  medianWage: number | null;
  postings: number;
}

/** An institution in the region with completions of the program (latest year). */
export interface ProgramInstitution {
  unitid: number;
  name: string;
  countyFips: string | null;
  completions: ProtectedCount;
  /** By award level, latest year. */
  byAwardLevel: { awardLevel: number; label: string; completions: ProtectedCount }[];
}

/** A micro-credential aligned with the program's occupations (its target SOCs). */
export interface ProgramCredential {
  id: number;
  name: string;
  /** Postings in the region and period naming it. */
  postingMentions: number;
  /** Awards in the region and period (people). */
  awards: ProtectedCount;
}

/** Which public data the answer used: vintages, the OEWS area and how openings were regionalised. */
export interface PublicDataBasis {
  completionsYears: number[];
  oewsVintage: string | null;
  /** OEWS area used for employment and wages: 'US', 'state:06', 'cbsa:31080'. */
  oewsArea: string | null;
  /** How national employment was brought to the region when no area file is loaded; null when the area's own file was used. */
  scaledBy: { method: 'population-share' | 'postings-share'; share: number } | null;
  projectionsVintage: string | null;
  /** 'US' or a state FIPS. */
  projectionsArea: string | null;
  /** Plain sentences saying the above (shown on views and in exports). */
  notes: string[];
}

export type ProgramDemandAwardLevelResponse = MetricResponse<ProgramAwardLevelRow, { completions: number | null; openings: number | null; postings: number }> & {
  methods: { proportional: string; fullCredit: string };
  basis: PublicDataBasis;
  /** With a CIP filter: the occupations behind it, neighbouring institutions and aligned micro-credentials. */
  program: { cip: string; title: string; occupations: ProgramOccupation[]; institutions: ProgramInstitution[]; credentials: ProgramCredential[] } | null;
};
