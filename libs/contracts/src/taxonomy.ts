import { z } from 'zod';
import { COUNTY_FIPS_PATTERN, STATE_FIPS_PATTERN, Timestamp } from './codes.js';
import { REGION_KINDS } from './metrics/filters.js';

/** The code lists a filter picker can search: GET /api/taxonomy/{kind}?q=&limit= */
export const PICKER_KINDS = ['naics', 'soc', 'cip', 'skills', 'credentials', 'providers'] as const;
export type PickerKind = (typeof PICKER_KINDS)[number];

/** One picker suggestion. `code` is the value to put in the matching filter parameter. */
export const PickerItem = z
  .object({
    code: z.string().describe('NAICS / SOC / CIP code, skill id (`onet:python`, `esco:<uuid>`), credential id, provider id.'),
    title: z.string().describe('Title, skill name, credential name or provider name.'),
    level: z.union([z.number().int(), z.string()]).optional().describe('naics: 2-6; soc: major | minor | broad | detailed; cip: 2 | 4 | 6.'),
    parentCode: z.string().nullable().optional(),
    kind: z.string().nullable().optional().describe('skills: onet | esco; credentials: the credential type; providers: the provider kind.'),
    detail: z.string().nullable().optional().describe("Extra words to show beside the title (a credential's provider, a skill's taxonomy)."),
    hot: z.boolean().optional().describe('O*NET Hot Technology (skills).'),
  })
  .meta({ id: 'PickerItem' });
export type PickerItem = z.infer<typeof PickerItem>;

export const PickerResponse = z
  .object({
    kind: z.enum(PICKER_KINDS),
    q: z.string().describe('The search text as understood (trimmed).'),
    items: z.array(PickerItem).describe('Ranked: exact code, code prefix, title prefix, title contains (all words).'),
    truncated: z.boolean().describe('True when more items matched than `limit`.'),
  })
  .meta({ id: 'PickerResponse' });
export type PickerResponse = z.infer<typeof PickerResponse>;

/** A region as the `region` filter names it: `us`, `state:06`, `county:06037`, `cbsa:31080`, `custom:<id>`. */
export const RegionItem = z
  .object({
    code: z.string().describe('The filter value, e.g. `county:06037`.'),
    kind: z.enum(REGION_KINDS),
    id: z.string().describe('The bare code: state FIPS, county GEOID, CBSA code or custom region id.'),
    name: z.string().describe('Display name: "Los Angeles County, CA", "California", "Los Angeles-Long Beach-Anaheim, CA".'),
    stateFips: z.string().regex(STATE_FIPS_PATTERN).optional().describe('State FIPS for counties.'),
    stateUsps: z.string().optional().describe('USPS abbreviation for states and counties.'),
    cbsaCode: z.string().nullable().optional().describe('CBSA a county belongs to (null outside every CBSA).'),
    rural: z.boolean().optional().describe('Counties: outside every metropolitan statistical area (OMB 2023).'),
    cbsaKind: z.enum(['metropolitan', 'micropolitan']).optional(),
    countyCount: z.number().int().optional().describe('Number of counties (states, CBSAs, custom regions).'),
  })
  .meta({ id: 'RegionItem' });
export type RegionItem = z.infer<typeof RegionItem>;

export const RegionListResponse = z
  .object({ q: z.string(), kind: z.enum(REGION_KINDS).nullable(), items: z.array(RegionItem), truncated: z.boolean() })
  .meta({ id: 'RegionListResponse' });
export type RegionListResponse = z.infer<typeof RegionListResponse>;

/** A named set of counties (a workforce area, a college service area). */
export const CustomRegion = z
  .object({
    id: z.number().int(),
    code: z.string().describe('`custom:<id>`, the value for the `region` filter.'),
    name: z.string(),
    description: z.string().nullable(),
    counties: z.array(z.string().regex(COUNTY_FIPS_PATTERN)).describe('County GEOIDs, sorted.'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'CustomRegion' });
export type CustomRegion = z.infer<typeof CustomRegion>;

/** Body of POST /api/regions/custom and PUT /api/regions/custom/:id. */
export const CustomRegionInput = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).nullable().optional(),
    counties: z.array(z.string().regex(COUNTY_FIPS_PATTERN)).min(1).max(3300).describe('5-digit county GEOIDs as strings (leading zeros kept), e.g. ["06037", "06059"].'),
  })
  .meta({ id: 'CustomRegionInput' });
export type CustomRegionInput = z.infer<typeof CustomRegionInput>;

/** Answer of POST /api/regions/custom/import: the regions created, in file order. */
export const CustomRegionImportResult = z.object({ created: z.array(CustomRegion) }).meta({ id: 'CustomRegionImportResult' });
export type CustomRegionImportResult = z.infer<typeof CustomRegionImportResult>;
