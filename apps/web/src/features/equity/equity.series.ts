import { EQUITY_DIMENSION_NAMES, type EquityDimensionName, type EquityRow } from '@credpulse/contracts';

export const DIMENSION_LABEL: Record<EquityDimensionName, string> = {
  age_band: 'Age band',
  sex: 'Sex',
  race_ethnicity: 'Race / ethnicity',
  low_income: 'Low income',
  rural: 'Rural county',
};

/** Rows of the answer grouped by dimension, in the contract's dimension order. */
export function byDimension(rows: readonly EquityRow[]): { dimension: EquityDimensionName; rows: EquityRow[] }[] {
  return EQUITY_DIMENSION_NAMES.map((d) => ({ dimension: d, rows: rows.filter((r) => r.dimension === d) })).filter((g) => g.rows.length > 0);
}

/** Flags stored as 'true' / 'false' read as words. */
export function groupLabel(r: EquityRow): string {
  if (r.group === 'true') return r.dimension === 'rural' ? 'Rural' : 'Yes';
  if (r.group === 'false') return r.dimension === 'rural' ? 'Not rural' : 'No';
  return r.group.replace(/_/g, ' ');
}
