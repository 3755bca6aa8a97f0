import { describe, expect, it } from 'vitest';
import { getOccupationCoder, NORMALISER_VERSION, readOccupationCoderData, titleTokens } from './occupation-coder.js';

// The shipped onet_titles_tokens.txt.gz (the O*NET titles as titleTokens reads them, precomputed so a
// process builds the coder without normalising 56,000 titles) must be what titleTokens gives now.
// When this fails: bump NORMALISER_VERSION if titleTokens changed, then
//   npx tsc -p libs/taxonomy/tsconfig.lib.json && node libs/taxonomy/scripts/build-onet-title-tokens.mjs
describe('occupation coder build', () => {
  it('ships the titles normalised by the current normaliser', () => {
    const data = readOccupationCoderData();
    expect(data.titleTokensText, 'onet_titles_tokens.txt.gz is missing').toBeDefined();
    const [head, ...lines] = data.titleTokensText!.split('\n');
    expect(head).toContain(`normaliser ${NORMALISER_VERSION}:`);
    const titles = data.titlesText.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines.filter((l, i) => l || i < titles.length)).toHaveLength(titles.length);
    const stale = titles.map((l, i) => [l.split('\t')[1], lines[i]] as const).filter(([t, w]) => titleTokens(t).join(' ') !== w);
    expect(stale.slice(0, 5), `${stale.length} titles read otherwise now`).toEqual([]);
    expect(getOccupationCoder().precomputed).toBe(true);
  });
});
