import type { ProgramSkillRow } from '@credpulse/contracts';
import { describe, expect, it } from 'vitest';
import { toProgramSkillsSeries } from './program-skills.series';

const row = (key: string, demand: number, coveredBy: string[]): ProgramSkillRow => ({ key, label: key.toUpperCase(), demand, required: Math.floor(demand / 2), share: demand / 10, covered: coveredBy.length > 0, coveredBy });

describe('skills asked for against skills a program covers', () => {
  it('ranks by demand and says in the label which skills are gaps', () => {
    const s = toProgramSkillsSeries([row('sql', 3, []), row('python', 7, ['Google Data Analytics Certificate'])]);
    expect(s.data.map((d) => d.label)).toEqual(['PYTHON (covered)', 'SQL (gap)']);
    expect(s.data.map((d) => d.value)).toEqual([7, 3]);
  });

  it('the table and CSV name the covering credentials, or none', () => {
    const s = toProgramSkillsSeries([row('python', 7, ['A', 'B']), row('sql', 3, [])]);
    expect(s.table.rows[0]).toEqual(['PYTHON (covered)', 7, 3, '70.0%', 'A; B']);
    expect(s.table.rows[1][4]).toBe('none');
  });
});
