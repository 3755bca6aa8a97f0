/** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

export function seriesColor(i: number): string {
  return OKABE_ITO[i % OKABE_ITO.length];
}

/** Mention levels keep the same colour in every chart. */
export const LEVEL_COLORS = { required: '#0072B2', preferred: '#E69F00', in_lieu: '#009E73' } as const;

/** Sequential, colour-blind-safe (viridis, light to dark) for choropleths. */
export const SEQUENTIAL = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'] as const;

/** Fill for suppressed areas: a hatch pattern id defined by the map, with this grey as fallback. */
export const SUPPRESSED_FILL = '#bdbdbd';
export const NO_DATA_FILL = '#f0f0f0';

/** Supply-demand buckets: orange for undersupply, blue for oversupply, grey balanced (diverging, CVD-safe). */
export const BUCKET_COLORS: Record<string, string> = {
  very_undersupplied: '#D55E00',
  undersupplied: '#E69F00',
  balanced: '#999999',
  oversupplied: '#56B4E9',
  very_oversupplied: '#0072B2',
};
