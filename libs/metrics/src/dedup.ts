/** Postings with the same key within this many days of a cluster's first posting count once. */
export const DEDUP_WINDOW_DAYS = 60;

// Tokens that vary between reposts of the same job without changing it.
const NOISE = /\b(urgent(ly)?|hiring|now|immediate(ly)?|start|new|remote|hybrid|onsite|on-site|full[- ]?time|part[- ]?time|ft|pt)\b/g;

/** Normalised job title: lower case, '&' as 'and', punctuation, parentheses and repost noise removed. */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9+#]+/g, ' ')
    .replace(NOISE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalised employer: lower case without punctuation and legal suffixes. */
export function normalizeEmployer(employer: string | null): string {
  return (employer ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(inc|llc|ltd|corp|corporation|co|company|incorporated|plc)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Dedup key: employer + normalised title + region (county, else state). */
export function dedupKey(employer: string | null, title: string, region: string | null): string {
  return `${normalizeEmployer(employer)}|${normalizeTitle(title)}|${region ?? ''}`;
}

export interface DedupInput {
  id: string;
  key: string;
  /** ISO date posted. */
  posted: string;
}
export interface DedupResult {
  id: string;
  /** Id of the cluster's first posting. */
  group: string;
  duplicate: boolean;
}

const DAY = 86_400_000;

/**
 * Clusters postings: same key and posted within DEDUP_WINDOW_DAYS after the cluster's first
 * posting. The window is anchored at the first posting so a job reposted every month for a year
 * counts about once per 60 days, not once in total.
 */
export function assignDedupGroups(postings: DedupInput[]): DedupResult[] {
  const sorted = [...postings].sort((a, b) => (a.posted < b.posted ? -1 : a.posted > b.posted ? 1 : a.id < b.id ? -1 : 1));
  const open = new Map<string, { id: string; t: number }>();
  const out: DedupResult[] = [];
  for (const p of sorted) {
    const t = Date.parse(p.posted);
    if (Number.isNaN(t)) throw new RangeError(`posting ${p.id}: invalid posted date "${p.posted}"`);
    const first = open.get(p.key);
    if (first && (t - first.t) / DAY <= DEDUP_WINDOW_DAYS) {
      out.push({ id: p.id, group: first.id, duplicate: true });
    } else {
      open.set(p.key, { id: p.id, t });
      out.push({ id: p.id, group: p.id, duplicate: false });
    }
  }
  return out;
}

/** Posting intensity = total / unique; null with no postings. */
export function postingIntensity(total: number, unique: number): number | null {
  if (unique > total) throw new RangeError(`unique postings (${unique}) cannot exceed total (${total})`);
  return unique === 0 ? null : total / unique;
}
