import { readCsv } from './csv.js';
import { CIP_CODE } from './cip.js';
import { TaxonomyFileError } from './errors.js';
import { SOC_CODE } from './soc.js';

export interface CipSocRecord {
  cipCode: string;
  socCode: string;
}

/** The crosswalk's placeholder for "this program matches no occupation" (and the reverse). */
export const NO_MATCH_SOC = '99-9999';
export const NO_MATCH_CIP = '99.9999';

/** Parses cip2020_soc2018_crosswalk.csv (CIP2020Code, CIP2020Title, SOC2018Code, SOC2018Title), every row. */
export function parseCipSoc(text: string, file = 'cip2020_soc2018_crosswalk.csv'): CipSocRecord[] {
  const rows = readCsv(text, file, ['CIP2020Code', 'SOC2018Code']);
  const seen = new Set<string>();
  return rows.map((row) => {
    const cipCode = row.get('CIP2020Code');
    const socCode = row.get('SOC2018Code');
    if (!CIP_CODE.test(cipCode)) throw new TaxonomyFileError(file, row.line, 'CIP2020Code', `"${cipCode}" is not a CIP code`);
    if (!SOC_CODE.test(socCode)) throw new TaxonomyFileError(file, row.line, 'SOC2018Code', `"${socCode}" is not a SOC code`);
    const key = `${cipCode}|${socCode}`;
    if (seen.has(key)) throw new TaxonomyFileError(file, row.line, undefined, `duplicate pair ${cipCode} - ${socCode}`);
    seen.add(key);
    return { cipCode, socCode };
  });
}
