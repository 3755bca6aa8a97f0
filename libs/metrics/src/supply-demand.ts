export const SD_BUCKETS = ['very_undersupplied', 'undersupplied', 'balanced', 'oversupplied', 'very_oversupplied', 'no_demand', 'no_credential_aligned'] as const;
export type SupplyDemandBucket = (typeof SD_BUCKETS)[number];

export interface SupplyDemand {
  supply: number;
  demand: number;
  /** supply / demand; null when demand is 0. */
  ratio: number | null;
  bucket: SupplyDemandBucket | null;
}

/**
 * Bucket of a supply-demand ratio. The balanced band [0.8, 1.25] and the outer cuts 0.5 and 2 are
 * reciprocal pairs, and each boundary belongs to the band nearer balance, so the scheme is
 * symmetric: 0.5 is undersupplied as 2 is oversupplied.
 */
export function sdBucket(ratio: number): Exclude<SupplyDemandBucket, 'no_demand' | 'no_credential_aligned'> {
  if (!(ratio >= 0)) throw new RangeError(`supply-demand ratio must be >= 0, got ${ratio}`);
  if (ratio < 0.5) return 'very_undersupplied';
  if (ratio < 0.8) return 'undersupplied';
  if (ratio <= 1.25) return 'balanced';
  if (ratio <= 2) return 'oversupplied';
  return 'very_oversupplied';
}

/**
 * SD = supply / demand with its bucket. Demand 0: no ratio; bucket 'no_demand' when there is
 * supply, null when there is neither. `aligned: false` (no catalogued credential teaches the skill):
 * there is no supply side to measure, so no ratio and the bucket 'no_credential_aligned', never
 * 'very_undersupplied' (a ratio of 0 there says the catalogue is silent, not that learners are few).
 */
export function supplyDemand(supply: number, demand: number, opts: { aligned?: boolean } = {}): SupplyDemand {
  if (supply < 0 || demand < 0) throw new RangeError(`supply and demand are counts, got ${supply} and ${demand}`);
  if (opts.aligned === false) return { supply, demand, ratio: null, bucket: 'no_credential_aligned' };
  if (demand === 0) return { supply, demand, ratio: null, bucket: supply > 0 ? 'no_demand' : null };
  const ratio = supply / demand;
  return { supply, demand, ratio, bucket: sdBucket(ratio) };
}
