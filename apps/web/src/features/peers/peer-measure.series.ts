import type { PeerMeasure, PeerMeasureRow } from '@credpulse/contracts';
import { formatDollars, formatNumber, formatPercent, suppressedLabel } from '@credpulse/web-charts';

/** A measure's value as the panel shows it: hidden figures say so (never 0), missing ones "no data". */
export function measureText(m: Pick<PeerMeasure, 'unit'>, row: Pick<PeerMeasureRow, 'value' | 'suppressed'>, k?: number): string {
  if (row.suppressed) return suppressedLabel(k);
  if (row.value === null) return 'no data';
  switch (m.unit) {
    case 'percent':
      return formatPercent(row.value);
    case 'dollars':
      return formatDollars(row.value);
    case 'count':
      return formatNumber(Math.round(row.value));
    default:
      return row.value.toFixed(2);
  }
}

/** The index against the nation (1.00 = the national figure), "—" when there is none. */
export function indexText(index: number | null): string {
  return index === null ? '—' : index.toFixed(2);
}

/** Peers of the URL (`peers=state:06,cbsa:31080`), dropped when empty. */
export function panelParams(f: { region?: string; from?: string; to?: string }, peers: string | null, view: string): Record<string, string> | null {
  if (!f.region || f.region === 'us') return null;
  const p: Record<string, string> = { region: f.region, view };
  if (f.from) p.from = f.from;
  if (f.to) p.to = f.to;
  if (peers) p.peers = peers;
  return p;
}
