import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCipSoc, type CipSocRecord } from './cip-soc.js';
import { parseCip, type CipRecord, type RetiredCipRecord } from './cip.js';
import { TaxonomyFileError } from './errors.js';
import { parseEscoSkills } from './esco.js';
import { parseCbsaDelineation, parseCounties, parseStates, type CbsaCountyRecord, type CbsaRecord, type CountyRecord, type StateRecord } from './geo.js';
import { parseNaics, type NaicsRecord } from './naics.js';
import { parseOewsNational, type OewsRecord } from './oews.js';
import { parseJobZones, parseOnetOccupations, parseTechnologySkills, technologySkills, type OnetOccupationRecord } from './onet.js';
import type { OccupationSkillRecord, SkillRecord } from './skills.js';
import { parseSoc, type SocRecord } from './soc.js';

// libs/taxonomy/src or libs/taxonomy/dist -> libs/taxonomy/data
export const TAXONOMY_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');

/** Every taxonomy the loader records in taxonomy_version, with the version of the files shipped. */
export const TAXONOMY_VERSIONS = {
  naics: { version: 'NAICS 2022', source: 'U.S. Census Bureau, 2-6 digit_2022_Codes (naics_2022/naics_2022_codes.csv)' },
  soc: { version: 'SOC 2018 (2020-04-15 update)', source: 'BLS soc_2018_definitions (soc_2018/soc_2018_definitions.csv)' },
  cip: { version: 'CIP 2020', source: 'NCES CIPCode2020.csv (cip_2020/CIPCode2020.csv), Moved-from and Deleted codes excluded' },
  cip_soc: { version: 'CIP 2020-SOC 2018 crosswalk', source: 'NCES/BLS CIP2020_SOC2018_Crosswalk, CIP-SOC sheet (cip_soc_crosswalk/cip2020_soc2018_crosswalk.csv)' },
  state: { version: 'FIPS vintage 2023', source: 'Census all-geocodes-v2023 (geo_fips/us_states.csv)' },
  county: { version: 'FIPS vintage 2023', source: 'Census all-geocodes-v2023 (geo_fips/us_counties.csv) with OMB July 2023 CBSA membership' },
  cbsa: { version: 'OMB Bulletin 23-01 (July 2023)', source: 'Census List 1 delineation (cbsa_2023/cbsa_2023_list1_cbsa_county_delineation.csv)' },
  onet_occupation: { version: 'O*NET 29.3', source: 'O*NET 29.3 Occupation Data + Job Zones (onet_29_3), CC BY 4.0' },
  onet_technology_skill: { version: 'O*NET 29.3', source: 'O*NET 29.3 Technology Skills examples (onet_29_3/onet_technology_skills.csv), CC BY 4.0' },
  onet_occupation_skill: { version: 'O*NET 29.3', source: 'O*NET 29.3 Technology Skills by SOC 2018 occupation (onet_29_3/onet_technology_skills.csv), CC BY 4.0' },
  esco_skill: { version: 'ESCO 1.1.1', source: 'ESCO v1.1.1 skills, English labels (esco_1_1_1/esco_skills.csv), (c) European Union' },
  oews_national: { version: 'OEWS May 2024', source: 'BLS OEWS national_M2024_dl, detailed occupations (oews_national_2024/oews_national_M2024.csv)' },
} as const;

export type TaxonomyKey = keyof typeof TAXONOMY_VERSIONS;

/** Reads one shipped file, e.g. readTaxonomyFile('naics_2022', 'naics_2022_codes.csv'). */
export function readTaxonomyFile(folder: string, file: string, dataDir = TAXONOMY_DATA_DIR): string {
  const path = join(dataDir, folder, file);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new TaxonomyFileError(`${folder}/${file}`, undefined, undefined, `cannot read ${path}: ${(e as Error).message}`);
  }
}

/** The files each loadable group reads, as [folder, file]. */
export const TAXONOMY_FILES = {
  naics: [['naics_2022', 'naics_2022_codes.csv']],
  soc: [['soc_2018', 'soc_2018_definitions.csv']],
  cip: [['cip_2020', 'CIPCode2020.csv'], ['cip_soc_crosswalk', 'cip2020_soc2018_crosswalk.csv']],
  regions: [['geo_fips', 'us_states.csv'], ['geo_fips', 'us_counties.csv'], ['cbsa_2023', 'cbsa_2023_list1_cbsa_county_delineation.csv']],
  onet: [['onet_29_3', 'onet_job_zones.csv'], ['onet_29_3', 'onet_occupations.csv'], ['onet_29_3', 'onet_technology_skills.csv']],
  esco: [['esco_1_1_1', 'esco_skills.csv']],
  oews: [['oews_national_2024', 'oews_national_M2024.csv']],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

/**
 * A short SHA-256 over the files of a group (and a parser revision), so a loader can tell that
 * what is loaded came from exactly these files without parsing them again.
 */
export function taxonomyFingerprint(files: readonly (readonly [string, string])[], revision: string, dataDir = TAXONOMY_DATA_DIR): string {
  const h = createHash('sha256').update(revision);
  for (const [folder, file] of files) h.update(`\0${folder}/${file}\0`).update(readFileSync(join(dataDir, folder, file)));
  return h.digest('hex').slice(0, 16);
}

export interface RegionData {
  states: StateRecord[];
  counties: CountyRecord[];
  cbsas: CbsaRecord[];
  cbsaCounties: CbsaCountyRecord[];
}

export interface OnetData {
  occupations: OnetOccupationRecord[];
  skills: SkillRecord[];
  occupationSkills: OccupationSkillRecord[];
}

// One reader per loadable unit so a loader only parses what it needs.
export const readNaics = (dir?: string): NaicsRecord[] => parseNaics(readTaxonomyFile('naics_2022', 'naics_2022_codes.csv', dir));
export const readSoc = (dir?: string): SocRecord[] => parseSoc(readTaxonomyFile('soc_2018', 'soc_2018_definitions.csv', dir));
export const readCip = (dir?: string): { codes: CipRecord[]; retired: RetiredCipRecord[] } => parseCip(readTaxonomyFile('cip_2020', 'CIPCode2020.csv', dir));
export const readCipSoc = (dir?: string): CipSocRecord[] => parseCipSoc(readTaxonomyFile('cip_soc_crosswalk', 'cip2020_soc2018_crosswalk.csv', dir));
export const readEscoSkills = (dir?: string): SkillRecord[] => parseEscoSkills(readTaxonomyFile('esco_1_1_1', 'esco_skills.csv', dir));
export const readOewsNational = (dir?: string): OewsRecord[] => parseOewsNational(readTaxonomyFile('oews_national_2024', 'oews_national_M2024.csv', dir));

export function readRegions(dir?: string): RegionData {
  const states = parseStates(readTaxonomyFile('geo_fips', 'us_states.csv', dir));
  const counties = parseCounties(readTaxonomyFile('geo_fips', 'us_counties.csv', dir));
  const { cbsas, counties: cbsaCounties } = parseCbsaDelineation(readTaxonomyFile('cbsa_2023', 'cbsa_2023_list1_cbsa_county_delineation.csv', dir));
  const stateCodes = new Set(states.map((s) => s.fips));
  for (const c of counties) {
    if (!stateCodes.has(c.stateFips)) throw new TaxonomyFileError('geo_fips/us_counties.csv', undefined, 'state_fips', `county ${c.fips} names unknown state ${c.stateFips}`);
  }
  const countyCodes = new Set(counties.map((c) => c.fips));
  for (const c of cbsaCounties) {
    if (!countyCodes.has(c.countyFips)) throw new TaxonomyFileError('cbsa_2023/cbsa_2023_list1_cbsa_county_delineation.csv', undefined, 'FIPS County Code', `county ${c.countyFips} is not in geo_fips/us_counties.csv`);
  }
  return { states, counties, cbsas, cbsaCounties };
}

export function readOnet(dir?: string): OnetData {
  const zones = parseJobZones(readTaxonomyFile('onet_29_3', 'onet_job_zones.csv', dir));
  const occupations = parseOnetOccupations(readTaxonomyFile('onet_29_3', 'onet_occupations.csv', dir), zones);
  const { skills, links } = technologySkills(parseTechnologySkills(readTaxonomyFile('onet_29_3', 'onet_technology_skills.csv', dir)));
  return { occupations, skills, occupationSkills: links };
}
