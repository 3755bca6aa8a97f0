import { field, readCsv } from './csv.js';
import { TaxonomyFileError } from './errors.js';

export type SocLevel = 'major' | 'minor' | 'broad' | 'detailed';

export interface SocRecord {
  /** XX-XXXX */
  code: string;
  title: string;
  level: SocLevel;
  parentCode: string | null;
  /** XX-0000 */
  majorCode: string;
  definition: string | null;
}

export const SOC_CODE = /^\d{2}-\d{4}$/;
const LEVELS: SocLevel[] = ['major', 'minor', 'broad', 'detailed'];

/**
 * Parses soc_2018_definitions.csv (soc_group, soc_code, soc_title, soc_definition). Parents come from
 * the file's hierarchical order and explicit soc_group (15-1200, 31-1100 and 51-5100 break the code
 * patterns), each checked to share the major group.
 */
export function parseSoc(text: string, file = 'soc_2018_definitions.csv'): SocRecord[] {
  const rows = readCsv(text, file, ['soc_group', 'soc_code', 'soc_title', 'soc_definition']);
  const lastAt: (string | null)[] = [null, null, null, null];
  const seen = new Set<string>();
  return rows.map((row) => {
    const group = field(row, file, 'soc_group').toLowerCase() as SocLevel;
    const depth = LEVELS.indexOf(group);
    if (depth < 0) throw new TaxonomyFileError(file, row.line, 'soc_group', `unknown group "${group}" (expected Major, Minor, Broad or Detailed)`);
    const code = field(row, file, 'soc_code', SOC_CODE, 'a SOC code XX-XXXX');
    if (seen.has(code)) throw new TaxonomyFileError(file, row.line, 'soc_code', `duplicate code ${code}`);
    seen.add(code);
    const majorCode = `${code.slice(0, 2)}-0000`;
    let parentCode: string | null = null;
    if (depth > 0) {
      parentCode = lastAt[depth - 1];
      if (!parentCode || parentCode.slice(0, 2) !== code.slice(0, 2)) {
        throw new TaxonomyFileError(file, row.line, 'soc_group', `${group} code ${code} does not follow a ${LEVELS[depth - 1]} group of its major group`);
      }
    }
    lastAt[depth] = code;
    for (let d = depth + 1; d < LEVELS.length; d++) lastAt[d] = null;
    const definition = row.get('soc_definition');
    return { code, title: field(row, file, 'soc_title'), level: group, parentCode, majorCode, definition: definition || null };
  });
}
