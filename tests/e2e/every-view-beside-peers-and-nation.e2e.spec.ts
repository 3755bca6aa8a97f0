import { readFileSync } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import type { PeersResponse } from '@credpulse/contracts';
import { screenshot, settled } from './support/chromium';
import { browserMissing, expectAccessible, useBrowser } from './support/session';

type Cell = string | number | boolean | Date | null;

// Issue 17: with a region and its peers chosen, every dashboard view shows its headline measure for
// the region, each peer and the nation scaled to the region's size, from one request; the figures
// on the page are the API's (disclosure control applied there), and the peers view downloads as a
// workbook.
const VIEWS: [path: string, view: string][] = [
  ['/', 'overview'],
  ['/recognition', 'recognition'],
  ['/skill-gaps', 'skill-gaps'],
  ['/outcomes', 'outcomes'],
  ['/programs', 'programs'],
  ['/equity', 'equity'],
  ['/pathways', 'pathways'],
  ['/saturation', 'saturation'],
];
const REGION = 'state:06';
const PEERS = 'state:48,state:12';

describe.skipIf(browserMissing)('every view shows the region beside its peers and the nation scaled to its size', () => {
  const b = useBrowser();

  it('each view draws the panel with the API figures of its headline measure, one request per view', async () => {
    const w = await b.open('/');
    const { page } = w;
    for (const [path, view] of VIEWS) {
      const asked: string[] = [];
      const listen = (r: import('playwright-core').Request) => {
        const u = new URL(r.url());
        if (u.pathname === '/api/peers') asked.push(u.search);
      };
      page.on('request', listen);
      await page.goto(new URL(`${path}?region=${REGION}&peers=${PEERS}`, page.url()).toString());
      await settled(page);
      page.off('request', listen);
      const panel = page.getByTestId('peers-panel');
      await panel.locator('tbody tr').first().waitFor({ timeout: 60_000 });
      expect(asked.length, `${view}: one /api/peers request`).toBe(1);
      expect(new URLSearchParams(asked[0]).get('view')).toBe(view);
      const shown = await panel.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const [value, index] = [...tr.querySelectorAll('td')];
          return {
            role: tr.getAttribute('data-role'),
            code: tr.getAttribute('data-code'),
            value: value.getAttribute('data-value'),
            suppressed: value.getAttribute('data-suppressed'),
            text: (value.textContent ?? '').trim(),
            index: index.getAttribute('data-index'),
          };
        }),
      );
      const res = await page.request.get(new URL(`/api/peers?region=${REGION}&peers=${PEERS}&view=${view}`, page.url()).toString());
      expect(res.status()).toBe(200);
      const api = ((await res.json()) as PeersResponse).measure!;
      expect(api.view).toBe(view);
      expect(
        shown.map((r) => [r.role, r.code]),
        view,
      ).toEqual([
        ['region', REGION],
        ['peer', 'state:48'],
        ['peer', 'state:12'],
        ['nation-scaled', 'us'],
      ]);
      expect(
        shown.map((r) => ({
          value: r.value === '' ? null : Number(r.value),
          suppressed: r.suppressed === 'true',
          index: r.index === '' ? null : Number(r.index),
        })),
        view,
      ).toEqual(
        api.rows.map((r) => ({
          value: r.value,
          suppressed: r.suppressed,
          index: r.index,
        })),
      );
      // a hidden figure reads as hidden, never as 0
      shown.forEach((r) => r.suppressed === 'true' && expect(r.text).toMatch(/suppressed/));
      // counts: the nation is the national figure times the region's share of national postings
      const nation = api.rows[3];
      if (api.kind === 'count' && api.nationValue !== null) expect(nation.value).toBe(Math.round((api.nationValue * api.rows[0].postings) / api.nationPostings));
      else expect(nation.value).toBe(api.nationValue);
      await expect(page.getByTestId('region-value').textContent()).resolves.toBe('California');
      if (view === 'equity') {
        await screenshot(page, 'scenario-view-beside-peers');
        await expectAccessible(w);
      }
    }
    expect(w.errors).toEqual([]);
  }, 600_000);

  it('the peers view downloads as one workbook: areas, industry mix with LQs, provenance', async () => {
    const w = await b.open(`/peers?region=${REGION}&peers=${PEERS}`);
    const { page } = w;
    await settled(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-workbook').click()]);
    expect(download.suggestedFilename()).toMatch(/^credpulse_peers_state-06_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheets = (await readXlsxFile(readFileSync(await download.path()))) as { sheet: string; data: Cell[][] }[];
    expect(sheets.map((s) => s.sheet)).toEqual(['Peers', 'Industry mix', 'Provenance']);
    const api = (await (await page.request.get(new URL(`/api/peers?region=${REGION}&peers=${PEERS}`, page.url()).toString())).json()) as PeersResponse;
    const [head, ...rows] = sheets[0].data;
    expect(rows.map((r) => r[head.indexOf('code')])).toEqual(api.areas.map((a) => a.code));
    expect(rows.map((r) => r[head.indexOf('postings')])).toEqual(api.areas.map((a) => a.postings));
    expect(head).toContain('awards_suppressed');
    expect(sheets[1].data.length - 1).toBe(api.areas.length * api.sectors.length);
    const prov = new Map(sheets[2].data.map((r) => [String(r[0]), r[1]]));
    expect(prov.get('Filter: region')).toBe(REGION);
    expect(prov.get('Filter: peers')).toBe(PEERS);
    expect(String(prov.get('Suppression'))).toMatch(/fewer than k = \d+ people is hidden/);
    expect(w.errors).toEqual([]);
  }, 300_000);
});
