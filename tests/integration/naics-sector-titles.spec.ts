import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { naicsTitles } from '../../apps/api/src/modules/analytics/naics-titles.js';
import { openTestDataSource } from './support/test-db.js';

describe('industry labels for postings grouped by two-digit NAICS', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  afterAll(() => ds.destroy());

  it('labels 31, 32 and 33 as Manufacturing (the 31-33 range sector), and plain codes by their own title', async () => {
    const t = await naicsTitles(ds, ['31', '33', '45', '48', '62', '5415', '999999']);
    expect(t.get('31')).toBe('Manufacturing');
    expect(t.get('33')).toBe('Manufacturing');
    expect(t.get('45')).toBe('Retail Trade');
    expect(t.get('48')).toBe('Transportation and Warehousing');
    expect(t.get('62')).toBe('Health Care and Social Assistance');
    expect(t.get('5415')).toBe('Computer Systems Design and Related Services');
    expect(t.has('999999')).toBe(false);
  });
});
