import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dropUnsafeUrls, httpUrl, parseFile } from './index.js';
import type { IngestFormat, ParseEvent } from './types.js';
import { learnerKeyHasher } from './util.js';

// URLs from third-party feeds end up as links on the dashboard: only http(s) is kept; a
// javascript: (or data:, file:) URL is dropped with a warning naming the field, and the record stays.

const SAMPLES = join(import.meta.dirname, '../../../../tests/fixtures/samples');
const opts = { file: 'f.json', learnerKey: learnerKeyHasher('unit-test-secret'), now: new Date('2026-11-26T00:00:00Z') };

async function run(format: IngestFormat, text: string): Promise<ParseEvent[]> {
  const out: ParseEvent[] = [];
  for await (const ev of parseFile(format, Readable.from([Buffer.from(text)]), opts)) out.push(ev);
  return out;
}

describe('only http(s) URLs are kept from imports', () => {
  it('httpUrl accepts http and https only', () => {
    expect(httpUrl('https://example.org/a')).toBeDefined();
    expect(httpUrl('http://example.org')).toBeDefined();
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>1</script>', 'file:///etc/passwd', 'vbscript:x', '//example.org', 'example.org']) expect(httpUrl(bad), bad).toBeUndefined();
  });

  it('dropUnsafeUrls removes a javascript: url at any depth and reports its path', () => {
    const rec = { provider: { name: 'X', url: 'javascript:alert(document.cookie)' }, items: [{ url: 'https://ok.example' }] };
    expect(dropUnsafeUrls(rec)).toEqual(['provider/url']);
    expect(rec).toEqual({ provider: { name: 'X' }, items: [{ url: 'https://ok.example' }] });
  });

  it('an Open Badges issuer with a javascript: url loads without it, with a warning', async () => {
    const doc = JSON.parse(readFileSync(join(SAMPLES, 'openbadges_v3/simple.json'), 'utf8'));
    doc.issuer.url = 'javascript:alert(document.cookie)';
    const evs = await run('obv3', JSON.stringify(doc));
    const recs = evs.filter((e) => e.type === 'record');
    expect(recs.length).toBeGreaterThan(0);
    expect(JSON.stringify(recs)).not.toMatch(/javascript:/i);
    expect(evs.some((e) => e.type === 'warning' && /url$/.test(e.issue.field) && /http\(s\)/.test(e.issue.reason))).toBe(true);
  });

  it('a CTDL organisation whose subject webpage is javascript: loads without the URL', async () => {
    const doc = JSON.parse(readFileSync(join(SAMPLES, 'ctdl/Credential_WithOutcomeData_Credential_API_output.json'), 'utf8'));
    const org = 'https://credentialengineregistry.org/resources/ce-00000000-0000-0000-0000-0000000000aa';
    doc['@graph'][0]['ceterms:ownedBy'] = [org];
    doc['@graph'].push({ '@id': org, '@type': 'ceterms:CredentialOrganization', 'ceterms:name': { 'en-US': 'Evil Org' }, 'ceterms:subjectWebpage': 'javascript:alert(1)' });
    const evs = await run('ctdl', JSON.stringify(doc));
    expect(evs.some((e) => e.type === 'record')).toBe(true);
    expect(JSON.stringify(evs.filter((e) => e.type === 'record'))).not.toMatch(/javascript:/i);
    expect(evs.some((e) => e.type === 'warning' && /url$/.test(e.issue.field))).toBe(true);
  });
});
