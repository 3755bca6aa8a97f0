import { z } from 'zod';

// Code syntaxes shared by the query parameters, the `query` echo and the rows. The server checks the
// same shapes (apps/api/src/modules/analytics/filters/parse-filters.ts) and then the taxonomy tables.

/** YYYY-MM, months 01-12. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** NAICS 2022: 2 to 6 digits, or a sector range (31-33 manufacturing, 44-45 retail, 48-49 transportation). */
export const NAICS_PATTERN = /^(\d{2,6}|31-33|44-45|48-49)$/;
/** SOC 2018: 15-1252 (detailed), 15-1250 (broad), 15-1200 (minor), 15-0000 (major). O*NET's `.00` suffix is accepted in filters. */
export const SOC_PATTERN = /^\d{2}-\d{4}$/;
export const SOC_FILTER_PATTERN = /^\d{2}-\d{4}(\.00)?$/;
/** CIP 2020: 2-digit family (11), 4-digit series (11.07) or 6-digit program (11.0701). */
export const CIP_PATTERN = /^\d{2}(\.\d{2}(\d{2})?)?$/;
/** 6-digit CIP program only. */
export const CIP6_PATTERN = /^\d{2}\.\d{4}$/;
/** State FIPS (2 digits) and county GEOID (5 digits). */
export const STATE_FIPS_PATTERN = /^\d{2}$/;
export const COUNTY_FIPS_PATTERN = /^\d{5}$/;
/** The `region` filter: us, state:06 (or state:CA), county:06037, cbsa:31080, custom:<id>. */
export const REGION_PATTERN = /^(us|state:(\d{2}|[A-Za-z]{2})|county:\d{5}|cbsa:\d{5}|custom:\d{1,9})$/;
/** Skill id: `onet:<slug>` or `esco:<uuid>` (a skill's exact name is also accepted by the filter). */
export const SKILL_PATTERN = /^[A-Za-z0-9_.:/-]{1,120}$/;
/** Credential or provider id (digits) or source key. */
export const KEY_PATTERN = /^[A-Za-z0-9_.:/@-]{1,200}$/;
/** `k`: a whole number of 1 to 4 digits (at or above the configured k). */
export const K_PATTERN = /^\d{1,4}$/;

export const Month = z.string().regex(MONTH_PATTERN).meta({ description: 'A month, YYYY-MM.', examples: ['2025-06'] });
export const NaicsCode = z.string().regex(NAICS_PATTERN).meta({ description: 'NAICS 2022 code (2-6 digits) or sector range 31-33, 44-45, 48-49.', examples: ['62'] });
export const SocCode = z.string().regex(SOC_PATTERN).meta({ description: 'SOC 2018 code.', examples: ['29-1141'] });
export const CipCode = z.string().regex(CIP_PATTERN).meta({ description: 'CIP 2020 code: family (11), series (11.07) or program (11.0701).', examples: ['51.3801'] });
export const RegionCode = z.string().regex(REGION_PATTERN).meta({ description: 'us, state:06 (or state:CA), county:06037, cbsa:31080 or custom:<id>.', examples: ['state:06'] });
export const SkillId = z.string().regex(SKILL_PATTERN).meta({ description: 'Skill id (`onet:<slug>`, `esco:<uuid>`).', examples: ['onet:python'] });
export const RecordKey = z.string().regex(KEY_PATTERN);
/** ISO 8601 timestamp. */
export const Timestamp = z.string().meta({ format: 'date-time' });
