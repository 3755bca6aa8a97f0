import { readFileSync } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { settled } from './support/chromium';
import { browserMissing, chartTable, expectNoConsoleErrors, pick, useBrowser } from './support/session';

type Cell = string | number | boolean | Date | null;

describe.skipIf(browserMissing)('a board member downloads the whole view as one Excel workbook', () => {
  const b = useBrowser();

  it('the recognition view for California downloads as a workbook: a sheet per chart with the rows the page shows, and the filters in its provenance', async () => {
    const w = await b.open('/recognition');
    const { page } = w;
    await settled(page);
    await pick(page, 'Region', 'California', /^California/);
    await page.waitForURL(/region=state%3A06/);
    await settled(page);
    const industries = await chartTable(page, 'chart-recognition-industry');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-workbook').click()]);
    expect(download.suggestedFilename()).toMatch(/^credpulse_view-recognition_state-06_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = await download.path();
    // read back with read-excel-file, independent of the writer (ExcelJS)
    const sheets = (await readXlsxFile(readFileSync(file))) as { sheet: string; data: Cell[][] }[];
    expect(sheets.map((s) => s.sheet)).toEqual(['Recognition by industry', 'Credentials named', 'Provenance']);
    const bySector = sheets[0].data;
    // the page's industry chart leaves out the unknown-industry row ('--') and empty sectors the API lists
    const [key, postings] = [bySector[0].indexOf('key'), bySector[0].indexOf('postings')];
    const keys = bySector.slice(1).filter((r) => r[key] !== '--' && Number(r[postings]) > 0);
    expect(keys.length).toBe(industries.length);
    const prov = new Map(sheets[2].data.map((r) => [String(r[0]), r[1]]));
    expect(prov.get('Filter: region')).toBe('state:06');
    expect(prov.get('Method version: recognition')).toMatch(/^recognition@/);
    expect(String(prov.get('Suppression'))).toMatch(/fewer than k = \d+ people is hidden/);
    expectNoConsoleErrors(w);
  });
});
