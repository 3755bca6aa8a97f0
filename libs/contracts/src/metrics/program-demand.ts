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

export type ProgramDemandResponse = MetricResponse<ProgramDemandRow, { openings: number; completionsPerYear: number | null; [k: string]: number | null }> & {
  /** Both allocation methods, labelled with their versions. */
  methods: { fullCredit: string; proportional: string };
};
