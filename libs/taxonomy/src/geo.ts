import { field, readCsv } from './csv.js';
import { TaxonomyFileError } from './errors.js';

export interface StateRecord {
  /** 2-digit FIPS, leading zero kept. */
  fips: string;
  usps: string;
  name: string;
}

export interface CountyRecord {
  /** 5-digit GEOID (state + county), leading zeros kept. */
  fips: string;
  stateFips: string;
  name: string;
  stateUsps: string;
}

export interface CbsaRecord {
  code: string;
  title: string;
  kind: 'metropolitan' | 'micropolitan';
}

export interface CbsaCountyRecord {
  countyFips: string;
  cbsaCode: string;
  /** Central (true) or outlying (false) county of its CBSA. */
  central: boolean;
}

/** Parses us_states.csv (state_fips, state_usps, state_name). */
export function parseStates(text: string, file = 'us_states.csv'): StateRecord[] {
  const rows = readCsv(text, file, ['state_fips', 'state_usps', 'state_name']);
  return rows.map((row) => ({
    fips: field(row, file, 'state_fips', /^\d{2}$/, 'a 2-digit state FIPS code'),
    usps: field(row, file, 'state_usps', /^[A-Z]{2}$/, 'a 2-letter USPS code'),
    name: field(row, file, 'state_name'),
  }));
}

/** Parses us_counties.csv (county_geoid, state_fips, county_fips, county_name, state_usps, state_name). */
export function parseCounties(text: string, file = 'us_counties.csv'): CountyRecord[] {
  const rows = readCsv(text, file, ['county_geoid', 'state_fips', 'county_fips', 'county_name', 'state_usps']);
  return rows.map((row) => {
    const fips = field(row, file, 'county_geoid', /^\d{5}$/, 'a 5-digit county GEOID');
    const stateFips = field(row, file, 'state_fips', /^\d{2}$/, 'a 2-digit state FIPS code');
    if (!fips.startsWith(stateFips)) throw new TaxonomyFileError(file, row.line, 'county_geoid', `${fips} does not start with its state code ${stateFips}`);
    return { fips, stateFips, name: field(row, file, 'county_name'), stateUsps: field(row, file, 'state_usps') };
  });
}

const KINDS: Record<string, CbsaRecord['kind']> = {
  'Metropolitan Statistical Area': 'metropolitan',
  'Micropolitan Statistical Area': 'micropolitan',
};

/** Parses the OMB 2023 List 1 delineation: one row per county in a CBSA. */
export function parseCbsaDelineation(text: string, file = 'cbsa_2023_list1_cbsa_county_delineation.csv'): { cbsas: CbsaRecord[]; counties: CbsaCountyRecord[] } {
  const rows = readCsv(text, file, ['CBSA Code', 'CBSA Title', 'Metropolitan/Micropolitan Statistical Area', 'FIPS State Code', 'FIPS County Code', 'Central/Outlying County']);
  const cbsas = new Map<string, CbsaRecord>();
  const counties: CbsaCountyRecord[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const code = field(row, file, 'CBSA Code', /^\d{5}$/, 'a 5-digit CBSA code');
    const kindText = field(row, file, 'Metropolitan/Micropolitan Statistical Area');
    const kind = KINDS[kindText];
    if (!kind) throw new TaxonomyFileError(file, row.line, 'Metropolitan/Micropolitan Statistical Area', `unknown value "${kindText}"`);
    const title = field(row, file, 'CBSA Title');
    const prev = cbsas.get(code);
    if (prev && (prev.title !== title || prev.kind !== kind)) throw new TaxonomyFileError(file, row.line, 'CBSA Title', `CBSA ${code} has conflicting titles or kinds`);
    cbsas.set(code, { code, title, kind });
    const countyFips = field(row, file, 'FIPS State Code', /^\d{2}$/, 'a 2-digit state FIPS code') + field(row, file, 'FIPS County Code', /^\d{3}$/, 'a 3-digit county FIPS code');
    if (seen.has(countyFips)) throw new TaxonomyFileError(file, row.line, 'FIPS County Code', `county ${countyFips} appears in two CBSAs`);
    seen.add(countyFips);
    const co = field(row, file, 'Central/Outlying County');
    if (co !== 'Central' && co !== 'Outlying') throw new TaxonomyFileError(file, row.line, 'Central/Outlying County', `expected Central or Outlying, got "${co}"`);
    counties.push({ countyFips, cbsaCode: code, central: co === 'Central' });
  }
  return { cbsas: [...cbsas.values()], counties };
}
