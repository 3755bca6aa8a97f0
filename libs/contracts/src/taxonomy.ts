import type { RegionKind } from './metrics/filters.js';

/** The code lists a filter picker can search: GET /api/taxonomy/{kind}?q=&limit= */
export const PICKER_KINDS = ['naics', 'soc', 'cip', 'skills', 'credentials', 'providers'] as const;
export type PickerKind = (typeof PICKER_KINDS)[number];

/** One picker suggestion. `code` is the value to put in the matching filter parameter. */
export interface PickerItem {
  /** NAICS / SOC / CIP code, skill id (`onet:python`, `esco:<uuid>`), credential id, provider id. */
  code: string;
  /** Title, skill name, credential name or provider name. */
  title: string;
  /** naics: 2-6; soc: major | minor | broad | detailed; cip: 2 | 4 | 6. */
  level?: number | string;
  parentCode?: string | null;
  /** skills: onet | esco; credentials: the credential type; providers: the provider kind. */
  kind?: string | null;
  /** Extra words to show beside the title (a credential's provider, a skill's taxonomy). */
  detail?: string | null;
  /** O*NET Hot Technology (skills). */
  hot?: boolean;
}

export interface PickerResponse {
  kind: PickerKind;
  /** The search text as understood (trimmed). */
  q: string;
  /** Ranked: exact code, code prefix, title prefix, title contains (all words). */
  items: PickerItem[];
  /** True when more items matched than `limit`. */
  truncated: boolean;
}

/** A region as the `region` filter names it: `us`, `state:06`, `county:06037`, `cbsa:31080`, `custom:<id>`. */
export interface RegionItem {
  /** The filter value, e.g. `county:06037`. */
  code: string;
  kind: RegionKind;
  /** The bare code: state FIPS, county GEOID, CBSA code or custom region id. */
  id: string;
  /** Display name: "Los Angeles County, CA", "California", "Los Angeles-Long Beach-Anaheim, CA". */
  name: string;
  /** State FIPS for counties. */
  stateFips?: string;
  /** USPS abbreviation for states and counties. */
  stateUsps?: string;
  /** CBSA a county belongs to (null outside every CBSA). */
  cbsaCode?: string | null;
  /** Counties: outside every metropolitan statistical area (OMB 2023). */
  rural?: boolean;
  /** CBSAs: metropolitan or micropolitan. */
  cbsaKind?: 'metropolitan' | 'micropolitan';
  /** Number of counties (states, CBSAs, custom regions). */
  countyCount?: number;
}

export interface RegionListResponse {
  q: string;
  kind: RegionKind | null;
  items: RegionItem[];
  truncated: boolean;
}

/** A named set of counties (a workforce area, a college service area). */
export interface CustomRegion {
  id: number;
  /** `custom:<id>`, the value for the `region` filter. */
  code: string;
  name: string;
  description: string | null;
  /** County GEOIDs, sorted. */
  counties: string[];
  createdAt: string;
  updatedAt: string;
}

/** Body of POST /api/regions/custom and PUT /api/regions/custom/:id. */
export interface CustomRegionInput {
  name: string;
  description?: string | null;
  /** 5-digit county GEOIDs as strings (leading zeros kept), e.g. ["06037", "06059"]. */
  counties: string[];
}
