import type { ProgramSkillRow } from '@credpulse/contracts';
import { toBarRankingSeries, type BarRankingSeries } from '@credpulse/web-charts';

/** Skills asked for in the program's occupations, each labelled as covered by the program or a gap. */
export function toProgramSkillsSeries(rows: readonly ProgramSkillRow[]): BarRankingSeries {
  return toBarRankingSeries(rows, {
    id: (r) => r.key,
    label: (r) => `${r.label} (${r.covered ? 'covered' : 'gap'})`,
    value: (r) => r.demand,
    valueLabel: 'Postings asking for it',
    categoryLabel: 'Skill (covered by the program or a gap)',
    extra: [
      { key: 'required', label: 'Of which required', value: (r) => r.required },
      { key: 'share', label: "Share of the occupations' postings", value: (r) => `${(r.share * 100).toFixed(1)}%` },
      { key: 'coveredBy', label: "Program's credentials covering it", value: (r) => (r.coveredBy.length ? r.coveredBy.join('; ') : 'none') },
    ],
  });
}
