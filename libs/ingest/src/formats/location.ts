import { getGeocoder } from '@credpulse/taxonomy';
import { codingStats } from './coding-stats.js';
import type { PostingPlace, PostingRecord } from './types.js';

/** What a posting source says about its place: structured codes and/or text. */
export interface LocationInput {
  countyFips?: string;
  stateFips?: string;
  /** Free text: "Austin, TX 78701", "Seattle, WA | Remote". */
  text?: string;
  address?: string;
  city?: string;
  /** The state as written (USPS code or name), used to build the text with the city. */
  state?: string;
  zip?: string;
  /** A country given apart from the text (schema.org addressCountry). */
  country?: string;
}

export type ResolvedLocation = Pick<PostingRecord, 'countyFips' | 'stateFips' | 'locationMethod' | 'locationConfidence' | 'locations'> & { remote: boolean };

const US_COUNTRY = /^(us|usa|u\.s\.a?\.?|united states( of america)?|america)$/i;

/**
 * The place of a posting. Given FIPS codes win; otherwise the text (or address + city + state +
 * ZIP) goes through the geocoder. Nothing here rejects a posting: what cannot be placed is a
 * warning naming the text, and the posting keeps whatever is known (its state, or nothing).
 */
export function resolveLocation(input: LocationInput, warn: (reason: string) => void): ResolvedLocation {
  const given = { countyFips: input.countyFips, stateFips: input.stateFips ?? input.countyFips?.slice(0, 2) };
  if (given.countyFips) return { ...given, locationMethod: 'fips', locationConfidence: 1, remote: remoteOnly(input) };
  const built = [input.address, input.city, [input.state, input.zip].filter(Boolean).join(' ')].filter((x) => x && x.trim()).join(', ');
  const text = input.text?.trim() || built;
  if (input.country && !US_COUNTRY.test(input.country.trim())) {
    if (text || input.country) warn(`place "${[text, input.country].filter(Boolean).join(', ')}" is outside the United States; kept without a region`);
    return { stateFips: undefined, remote: false };
  }
  if (!text) return { ...given, locationMethod: given.stateFips ? 'fips' : undefined, remote: false };
  const t0 = performance.now();
  let g = getGeocoder().geocode(text);
  // "125 Worth Street" in a column of its own, with the city and state in others (or a preset's defaults)
  if (input.text && built && !g.places.some((p) => p.countyFips) && !g.nonUs) {
    const again = getGeocoder().geocode(`${input.text}, ${built}`);
    if (again.places.some((p) => p.countyFips)) g = { ...again, remote: again.remote || g.remote };
  }
  codingStats.placeMs += performance.now() - t0;
  codingStats.placeCalls++;
  for (const w of g.warnings) warn(w);
  let places = g.places;
  if (given.stateFips) {
    const other = places.filter((p) => p.stateFips !== given.stateFips);
    if (other.length) warn(`location "${text}" names a place outside the given state ${given.stateFips}; the given state is kept`);
    places = places.filter((p) => p.stateFips === given.stateFips);
  }
  const first = places[0];
  if (!first) return { ...given, locationMethod: given.stateFips ? 'fips' : undefined, remote: g.remote };
  const withCounty = places.filter((p) => p.countyFips);
  const locations: PostingPlace[] | undefined =
    withCounty.length > 1 ? withCounty.map((p) => ({ stateFips: p.stateFips, countyFips: p.countyFips!, method: p.method, confidence: p.confidence })) : undefined;
  return {
    countyFips: first.countyFips ?? undefined,
    stateFips: first.stateFips,
    locationMethod: first.method,
    locationConfidence: first.confidence,
    locations,
    remote: g.remote,
  };
}

function remoteOnly(input: LocationInput): boolean {
  return input.text ? getGeocoder().geocode(input.text).remote : false;
}
