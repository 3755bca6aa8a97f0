import type { Finding, OmittedFinding } from '@credpulse/contracts';

/** "Recognition grew most: X" -> the number as a reader sees it (+2.1 pts, 5.3%, 0.04, 45.2%, 210). */
export function findingNumber(f: Finding): string {
  switch (f.unit) {
    case 'points':
      return `${f.value >= 0 ? '+' : ''}${f.value.toFixed(1)} pts`;
    case 'percent':
      return `${f.value >= 0 ? '+' : ''}${f.value.toFixed(1)}%`;
    case 'share':
      return `${(f.value * 100).toFixed(1)}%`;
    case 'ratio':
      return f.value.toFixed(2);
    default:
      return Math.round(f.value).toLocaleString('en-US');
  }
}

/** The period of a finding in words. */
export function findingPeriod(f: Finding): string {
  return f.period.from === f.period.to ? f.period.from : `${f.period.from} to ${f.period.to}`;
}

/** One line saying which rules gave no finding and why. */
export function omittedText(omitted: readonly OmittedFinding[]): string | null {
  return omitted.length ? `Not stated: ${omitted.map((o) => `${o.rule} (${o.reason})`).join('; ')}.` : null;
}
