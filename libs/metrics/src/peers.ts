/**
 * Peer regions (issue 17): the regions most similar to one region by industry mix and size.
 *
 * - mix: each region's unique postings by 2-digit NAICS sector, as shares of its postings with a
 *   known sector; mix distance = Duncan's dissimilarity index D = 1/2 * sum_i |s_i - t_i| (0 = the
 *   same mix, 1 = no sector in common): the share of postings that would have to change sector.
 * - size: |ln(n_peer / n_region)| / ln(10), capped at 1 (0 = same size, 1 = ten times apart or more).
 * - distance = 0.7 * mix + 0.3 * size; similarity = 1 - distance. Candidates with fewer than
 *   PEER_MIN_POSTINGS postings are left out (their mix is noise). Ties: the code, ascending.
 */
export const PEER_MIX_WEIGHT = 0.7;
export const PEER_SIZE_WEIGHT = 0.3;
export const PEER_MIN_POSTINGS = 10;

export interface AreaMix {
  code: string;
  /** Unique postings in the period (all sectors, unknown included). */
  total: number;
  /** Unique postings per known 2-digit sector. */
  sectors: Map<string, number>;
}

export interface PeerScore {
  code: string;
  mix: number;
  size: number;
  distance: number;
  similarity: number;
}

export function sectorShares(sectors: Map<string, number>): Map<string, number> {
  let known = 0;
  for (const n of sectors.values()) known += n;
  const out = new Map<string, number>();
  if (known === 0) return out;
  for (const [k, n] of sectors) out.set(k, n / known);
  return out;
}

/** Duncan's dissimilarity index of two share vectors (missing sectors count as 0). */
export function mixDistance(a: Map<string, number>, b: Map<string, number>): number {
  let sum = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) sum += Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0));
  return sum / 2;
}

export function sizeDistance(region: number, peer: number): number {
  if (region <= 0 || peer <= 0) return 1;
  return Math.min(1, Math.abs(Math.log10(peer / region)));
}

export function peerScore(region: AreaMix, peer: AreaMix): PeerScore {
  const mix = mixDistance(sectorShares(region.sectors), sectorShares(peer.sectors));
  const size = sizeDistance(region.total, peer.total);
  const distance = PEER_MIX_WEIGHT * mix + PEER_SIZE_WEIGHT * size;
  const r = (x: number) => Math.round(x * 10000) / 10000;
  return { code: peer.code, mix: r(mix), size: r(size), distance: r(distance), similarity: r(1 - distance) };
}

/** The `n` candidates closest to the region (the region itself and thin candidates left out). */
export function suggestPeers(region: AreaMix, candidates: AreaMix[], n = 5): PeerScore[] {
  return candidates
    .filter((c) => c.code !== region.code && c.total >= PEER_MIN_POSTINGS)
    .map((c) => peerScore(region, c))
    .sort((a, b) => a.distance - b.distance || a.code.localeCompare(b.code))
    .slice(0, n);
}
