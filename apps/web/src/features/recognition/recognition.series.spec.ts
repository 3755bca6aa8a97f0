import type { RecognitionRow } from '@credpulse/contracts';
import { describe, expect, it } from 'vitest';
import { anyRow, credentialRows, drillDown, industryRows, levelFor, naicsTrail } from './recognition.series';

const row = (key: string, postings = 10): RecognitionRow => ({
  key,
  label: key,
  postings,
  naming: { any: 1, required: 1, preferred: 0, in_lieu: 0 },
  rates: { any: 0.1, required: 0.1, preferred: 0, in_lieu: 0 },
});

describe('industry drill-down', () => {
  it('goes from sector to 3 digits to 4 digits and stops there', () => {
    expect(drillDown('54')).toEqual({ naics: '54', groupBy: 'naics3' });
    expect(drillDown('31-33')).toEqual({ naics: '31-33', groupBy: 'naics3' });
    expect(drillDown('541')).toEqual({ naics: '541', groupBy: 'naics4' });
    expect(drillDown('5415')).toBeNull();
  });

  it('shows the level below the current filter', () => {
    expect(levelFor(undefined)).toBe('naics2');
    expect(levelFor('44-45')).toBe('naics3');
    expect(levelFor('541')).toBe('naics4');
  });

  it('builds a breadcrumb trail back to the sector', () => {
    expect(naicsTrail('5415')).toEqual(['54', '541', '5415']);
    expect(naicsTrail(undefined)).toEqual([]);
  });

  it('separates the any-micro-credential aggregate from credential rows and drops unknown industries', () => {
    const rows = [row('any'), row('12'), row('--'), row('62', 0)];
    expect(anyRow(rows)?.key).toBe('any');
    expect(credentialRows(rows).map((r) => r.key)).toEqual(['12', '--', '62']);
    expect(industryRows(rows).map((r) => r.key)).toEqual(['any', '12']);
  });
});
