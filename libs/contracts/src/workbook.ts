import type { MetricName } from './metrics/index.js';

/**
 * The dashboard views, by the path segment of their page (/recognition, /skill-gaps, ...; '' is the
 * overview). A view downloads as one workbook: GET /api/exports/views/<view>?format=xlsx&<filters>.
 */
export const DASHBOARD_VIEWS = ['overview', 'recognition', 'skill-gaps', 'outcomes', 'programs', 'equity', 'pathways', 'saturation'] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];

/** One chart of a view as a workbook sheet: the metric request behind it. */
export interface WorkbookSheetDef {
  /** Sheet name (at most 31 characters, no []:*?/\). */
  sheet: string;
  /** The chart's title, written above its table. */
  title: string;
  metric: MetricName;
  /** The view's filters this chart passes on (the rest of the URL is not sent to it). */
  filters: readonly string[];
  /** Fixed parameters of the chart's request (groupBy, limit, ...). */
  params: Readonly<Record<string, string>>;
}

const PERIOD = ['region', 'from', 'to'] as const;

/**
 * The charts of each view, in page order, as the web app requests them (apps/web/src/features/<view>).
 * Keep the two in step: a chart added to a page belongs here too.
 */
export const VIEW_SHEETS: Record<DashboardView, readonly WorkbookSheetDef[]> = {
  overview: [
    { sheet: 'Postings by month', title: 'Job postings by month', metric: 'postings', filters: [...PERIOD, 'naics', 'soc', 'granularity'], params: { groupBy: 'month' } },
    { sheet: 'Postings by industry', title: 'Job postings by industry (NAICS sector)', metric: 'postings', filters: [...PERIOD, 'naics', 'soc'], params: { groupBy: 'naics2', limit: '40' } },
  ],
  recognition: [
    { sheet: 'Recognition by industry', title: 'Share of postings naming a micro-credential, by sector', metric: 'recognition', filters: [...PERIOD, 'naics'], params: { groupBy: 'naics2', limit: '40' } },
    { sheet: 'Credentials named', title: 'Credentials employers name most', metric: 'recognition', filters: [...PERIOD, 'naics'], params: { groupBy: 'credential', limit: '25' } },
  ],
  'skill-gaps': [
    { sheet: 'Gaps by skill', title: 'Supply and demand by skill', metric: 'skill-gap', filters: [...PERIOD, 'naics', 'skill'], params: { groupBy: 'skill', limit: '200' } },
    { sheet: 'Gap by month', title: 'Supply and demand by month', metric: 'skill-gap', filters: [...PERIOD, 'naics', 'skill'], params: { groupBy: 'month' } },
    { sheet: 'Gap by industry', title: 'Supply and demand by industry (NAICS sector)', metric: 'skill-gap', filters: [...PERIOD, 'naics', 'skill'], params: { groupBy: 'naics2', limit: '30' } },
  ],
  outcomes: [{ sheet: 'Outcomes', title: 'Employment and wages after the award', metric: 'outcomes', filters: [...PERIOD, 'credential', 'cip', 'groupBy'], params: { groupBy: 'credential', limit: '200' } }],
  programs: [{ sheet: 'Program demand', title: 'Program demand: openings against completions', metric: 'program-demand', filters: [...PERIOD, 'cip'], params: { limit: '30' } }],
  equity: [{ sheet: 'Equity', title: 'Award shares by group against population shares', metric: 'equity', filters: [...PERIOD, 'credential'], params: {} }],
  pathways: [{ sheet: 'Pathways', title: 'Stackable pathways', metric: 'pathways', filters: [...PERIOD, 'credential'], params: {} }],
  saturation: [
    { sheet: 'Saturation by skill', title: 'Credentials aligned to each skill', metric: 'saturation', filters: [...PERIOD], params: { view: 'skills', limit: '50' } },
    { sheet: 'Unrecognized credentials', title: 'Credentials with awards that no posting names', metric: 'saturation', filters: [...PERIOD], params: { view: 'unrecognized', limit: '50' } },
  ],
};

/** What every workbook's provenance says about its text cells (the CSV guard, applied to xlsx cells too). */
export const XLSX_FORMULA_NOTE =
  "Workbook: every value is written as a typed cell (numbers as numbers, text as text, never a formula); text cells starting with =, +, -, @, a tab or a carriage return are also prefixed with a single quote ('), as in the CSV exports, so a copy into another sheet or a CSV cannot turn them into formulas.";

/** Excel's row limit per sheet, less the header: longer tables are refused before any byte is sent. */
export const XLSX_MAX_ROWS = 1_048_575;
