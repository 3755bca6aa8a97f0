import type { CustomRegionInput, ProblemFieldError } from '@credpulse/contracts';

export const MAX_NAME = 200;
export const MAX_DESCRIPTION = 2000;
// The 2023 county list has 3,222 counties and equivalents (Puerto Rico included); a longer list
// cannot be a set of distinct counties.
export const MAX_COUNTIES = 3300;
const FIPS = /^\d{5}$/;

/**
 * Checks the shape of a custom-region body (not yet whether the counties exist). Returns the
 * normalised input (name trimmed, counties de-duplicated and sorted) or the errors, each with a
 * JSON pointer into the body.
 */
export function readCustomRegionInput(body: unknown): { input: CustomRegionInput; errors: [] } | { input: null; errors: ProblemFieldError[] } {
  const errors: ProblemFieldError[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { input: null, errors: [{ pointer: '', field: 'body', reason: 'the body must be a JSON object {name, description, counties}' }] };
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!['name', 'description', 'counties'].includes(key)) errors.push({ pointer: `/${key}`, field: key, reason: `unknown field "${key}" (accepted: name, description, counties)` });
  }
  let name = '';
  if (typeof b.name !== 'string') errors.push({ pointer: '/name', field: 'name', reason: b.name === undefined ? 'name is required' : 'name must be text' });
  else {
    name = b.name.trim().replace(/\s+/g, ' ');
    if (!name) errors.push({ pointer: '/name', field: 'name', reason: 'name must not be empty' });
    else if (name.length > MAX_NAME) errors.push({ pointer: '/name', field: 'name', reason: `name is ${name.length} characters long; at most ${MAX_NAME}` });
  }
  let description: string | null = null;
  if (b.description !== undefined && b.description !== null) {
    if (typeof b.description !== 'string') errors.push({ pointer: '/description', field: 'description', reason: 'description must be text or null' });
    else if (b.description.length > MAX_DESCRIPTION) errors.push({ pointer: '/description', field: 'description', reason: `description is ${b.description.length} characters long; at most ${MAX_DESCRIPTION}` });
    else description = b.description.trim() || null;
  }
  const counties = new Set<string>();
  if (!Array.isArray(b.counties)) {
    errors.push({ pointer: '/counties', field: 'counties', reason: b.counties === undefined ? 'counties is required: a list of 5-digit county FIPS codes such as ["06037"]' : 'counties must be a list of 5-digit county FIPS codes such as ["06037"]' });
  } else if (b.counties.length === 0) {
    errors.push({ pointer: '/counties', field: 'counties', reason: 'a custom region needs at least one county' });
  } else if (b.counties.length > MAX_COUNTIES) {
    errors.push({ pointer: '/counties', field: 'counties', reason: `${b.counties.length} counties sent; a region has at most ${MAX_COUNTIES} (the nation has 3,222)` });
  } else {
    b.counties.forEach((c, i) => {
      if (typeof c === 'string' && FIPS.test(c)) counties.add(c);
      else if (typeof c === 'number') errors.push({ pointer: `/counties/${i}`, field: 'counties', reason: `${c} is a number; send county FIPS codes as 5-character strings so leading zeros survive (e.g. "${String(c).padStart(5, '0')}")` });
      else errors.push({ pointer: `/counties/${i}`, field: 'counties', reason: `${JSON.stringify(c)} is not a 5-digit county FIPS code (e.g. "06037")` });
    });
  }
  if (errors.length) return { input: null, errors };
  return { input: { name, description, counties: [...counties].sort() }, errors: [] };
}
