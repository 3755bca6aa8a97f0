import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot, settled } from './support/chromium';
import { E2E_ADMIN } from './support/server';
import { root } from './support/build-web';
import { browserMissing, expectAccessible, useBrowser } from './support/session';

describe.skipIf(browserMissing || !!process.env.E2E_BASE_URL)('an admin uploads job postings and sees accepted and rejected records', () => {
  const b = useBrowser();

  it('signs in, uploads a good and a broken file, and sees counts, reasons and the load in the history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-e2e-upload-'));
    const broken = join(dir, 'broken-posting.jsonld');
    writeFileSync(broken, '{"@context": "https://schema.org/", "@type": "JobPosting", "title": ');
    const good = join(root, 'tests/fixtures/samples/schemaorg_jobposting/eg-0028.jsonld');

    const w = await b.open('/upload');
    const { page } = w;
    await settled(page);
    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Format').selectOption('jobposting');
    await page.getByLabel('Drop files here or choose them').setInputFiles([good, broken]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="upload-file"] [data-testid="upload-result"], [data-testid="upload-file"] [role="alert"]').length === 2, undefined, { timeout: 60_000 });

    const items = page.getByTestId('upload-file');
    const goodText = (await items.nth(0).textContent()) ?? '';
    expect(goodText).toMatch(/succeeded: 1 accepted, 0 rejected/);
    const brokenText = (await items.nth(1).textContent()) ?? '';
    // the broken file: counted as rejected, with the line and the reason in the rejects table
    expect(brokenText).toMatch(/0 accepted, 1 rejected/);
    expect(brokenText).toMatch(/unexpected end of file/);
    await settled(page);
    const history = (await page.locator('.chart', { hasText: 'Recent loads' }).textContent()) ?? '';
    expect(history).toContain('eg-0028.jsonld');

    await screenshot(page, 'scenario-upload');
    await expectAccessible(w);
    // a refused upload is an expected HTTP error; anything else in the console is not
    expect(w.errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
