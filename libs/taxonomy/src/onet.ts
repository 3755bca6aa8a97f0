import { field, readCsv } from './csv.js';
import { TaxonomyFileError } from './errors.js';
import { skillSlug, type OccupationSkillRecord, type SkillRecord } from './skills.js';

export interface OnetOccupationRecord {
  /** O*NET-SOC code, e.g. 15-1252.00 */
  code: string;
  /** SOC 2018 code: the first 7 characters. */
  socCode: string;
  title: string;
  description: string | null;
  /** 1-5, null when O*NET assigns none. */
  jobZone: number | null;
}

export interface TechnologySkillRow {
  onetSocCode: string;
  socCode: string;
  example: string;
  commodityCode: string;
  commodityTitle: string;
  hot: boolean;
  inDemand: boolean;
}

const ONET_CODE = /^\d{2}-\d{4}\.\d{2}$/;

function yn(v: string, file: string, line: number, column: string): boolean {
  if (v === 'Y') return true;
  if (v === 'N') return false;
  throw new TaxonomyFileError(file, line, column, `expected Y or N, got "${v}"`);
}

/** Parses onet_job_zones.csv into O*NET-SOC code -> job zone (1-5). */
export function parseJobZones(text: string, file = 'onet_job_zones.csv'): Map<string, number> {
  const zones = new Map<string, number>();
  for (const row of readCsv(text, file, ['onet_soc_code', 'job_zone'])) {
    const code = field(row, file, 'onet_soc_code', ONET_CODE, 'an O*NET-SOC code XX-XXXX.XX');
    const zone = Number(field(row, file, 'job_zone', /^[1-5]$/, 'a job zone 1-5'));
    zones.set(code, zone);
  }
  return zones;
}

/** Parses onet_occupations.csv (onet_soc_code, title, description), attaching job zones. */
export function parseOnetOccupations(text: string, jobZones: ReadonlyMap<string, number>, file = 'onet_occupations.csv'): OnetOccupationRecord[] {
  const seen = new Set<string>();
  return readCsv(text, file, ['onet_soc_code', 'title', 'description']).map((row) => {
    const code = field(row, file, 'onet_soc_code', ONET_CODE, 'an O*NET-SOC code XX-XXXX.XX');
    if (seen.has(code)) throw new TaxonomyFileError(file, row.line, 'onet_soc_code', `duplicate code ${code}`);
    seen.add(code);
    return {
      code,
      socCode: code.slice(0, 7),
      title: field(row, file, 'title'),
      description: row.get('description') || null,
      jobZone: jobZones.get(code) ?? null,
    };
  });
}

/** Parses onet_technology_skills.csv: one row per O*NET-SOC occupation x technology example. */
export function parseTechnologySkills(text: string, file = 'onet_technology_skills.csv'): TechnologySkillRow[] {
  return readCsv(text, file, ['onet_soc_code', 'example', 'commodity_code', 'commodity_title', 'hot_technology', 'in_demand']).map((row) => {
    const onetSocCode = field(row, file, 'onet_soc_code', ONET_CODE, 'an O*NET-SOC code XX-XXXX.XX');
    return {
      onetSocCode,
      socCode: onetSocCode.slice(0, 7),
      example: field(row, file, 'example'),
      commodityCode: field(row, file, 'commodity_code', /^\d{8}$/, 'an 8-digit UNSPSC commodity code'),
      commodityTitle: field(row, file, 'commodity_title'),
      hot: yn(row.get('hot_technology'), file, row.line, 'hot_technology'),
      inDemand: yn(row.get('in_demand'), file, row.line, 'in_demand'),
    };
  });
}

/**
 * Turns technology-skill rows into skills (one per distinct example, id `onet:<slug>`) and SOC links
 * (O*NET-SOC codes collapsed onto SOC 2018; hot / in demand when any of them says so). Two examples
 * whose names differ only in case or punctuation share one skill, under the first name seen.
 */
export function technologySkills(rows: readonly TechnologySkillRow[]): { skills: SkillRecord[]; links: OccupationSkillRecord[] } {
  const skills = new Map<string, SkillRecord>();
  const links = new Map<string, OccupationSkillRecord>();
  for (const r of rows) {
    const slug = skillSlug(r.example);
    if (!slug) continue;
    const id = `onet:${slug}`;
    const s = skills.get(id);
    if (s) s.hot ||= r.hot;
    else skills.set(id, { id, source: 'onet', name: r.example, altLabels: [], kind: 'technology', hot: r.hot });
    const key = `${r.socCode}|${id}`;
    const l = links.get(key);
    if (l) {
      l.hot ||= r.hot;
      l.inDemand ||= r.inDemand;
    } else links.set(key, { socCode: r.socCode, skillId: id, hot: r.hot, inDemand: r.inDemand });
  }
  // A different spelling of the same slug becomes an alternate label.
  for (const r of rows) {
    const s = skills.get(`onet:${skillSlug(r.example)}`);
    if (s && s.name !== r.example && !s.altLabels.includes(r.example)) s.altLabels.push(r.example);
  }
  return { skills: [...skills.values()], links: [...links.values()] };
}
