/**
 * First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a CSV cell as a
 * formula or a DDE command: = + - @, and tab or carriage return, which some of them skip before
 * looking for one (OWASP "CSV Injection").
 */
export const CSV_FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

const TRIGGER = /^[=+\-@\t\r]/;

/**
 * A text cell as it may be written to CSV: prefixed with a single quote when it starts with a
 * formula trigger, so a spreadsheet shows it as text instead of running it. Only for text values:
 * numbers are written as numbers and never pass through here.
 */
export function csvSafeText(s: string): string {
  return TRIGGER.test(s) ? `'${s}` : s;
}

/** What every export's provenance says about the guard (CSV only; typed formats keep values). */
export const CSV_FORMULA_NOTE =
  "CSV: text cells starting with =, +, -, @, a tab or a carriage return are prefixed with a single quote (') so spreadsheets show them as text instead of running them as formulas; numbers are unchanged. Arrow and Parquet keep every value exactly as stored (typed readers do not evaluate formulas).";
