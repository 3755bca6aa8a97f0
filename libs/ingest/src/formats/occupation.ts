import { getOccupationCoder } from '@credpulse/taxonomy';
import { codingStats } from './coding-stats.js';
import type { PostingRecord } from './types.js';

export type CodedOccupation = Pick<PostingRecord, 'socCode' | 'socSource' | 'socMethod' | 'socConfidence'>;

/**
 * The occupation of a posting: the SOC the source gives, else the title coder's (when it does not
 * abstain). A title with nothing to code (punctuation only) is a warning; the posting is kept
 * without a SOC either way.
 */
export function codeOccupation(title: string | undefined, givenSoc: string | undefined, warn: (reason: string) => void): CodedOccupation {
  if (givenSoc) return { socCode: givenSoc, socSource: 'given' };
  if (!title) return {};
  const t0 = performance.now();
  const r = getOccupationCoder().code(title);
  codingStats.titleMs += performance.now() - t0;
  codingStats.titleCalls++;
  if (!r.normalized || (r.warnings.length && !r.alternatives.length)) for (const w of r.warnings) warn(w);
  if (!r.soc) return {};
  return { socCode: r.soc, socSource: 'coded', socMethod: r.method, socConfidence: r.confidence };
}
