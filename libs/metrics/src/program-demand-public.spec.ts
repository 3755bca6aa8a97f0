import { describe, expect, it } from 'vitest';
import { allocateOpeningsToPrograms, gapLabel, tierOfEducation, tierOfJobZone, weightedWage } from './program-demand-public.js';

describe('program demand on public data', () => {
  it('maps BLS typical entry education and O*NET job zones to award tiers', () => {
    expect(tierOfEducation("Bachelor's degree")).toBe('bachelor');
    expect(tierOfEducation('Postsecondary nondegree award')).toBe('certificate');
    expect(tierOfEducation('High school diploma or equivalent')).toBe('certificate');
    expect(tierOfEducation("Associate's degree")).toBe('associate');
    expect(tierOfEducation('Doctoral or professional degree')).toBe('doctor');
    expect(tierOfEducation("Master's degree")).toBe('master');
    expect(tierOfEducation('')).toBeNull();
    expect([1, 2, 3, 4, 5].map(tierOfJobZone)).toEqual(['certificate', 'certificate', 'associate', 'bachelor', 'master']);
  });

  it('shares an occupation between programs by their completions, evenly when none has any, and keeps the total', () => {
    const openings = new Map([['15-1252', 1000], ['15-1211', 300]]);
    const programs = new Map([['15-1252', ['11.0701', '11.0101']], ['15-1211', ['11.0101']]]);
    const c = new Map([['11.0701', 300], ['11.0101', 100]]);
    const out = allocateOpeningsToPrograms(openings, programs, (p) => c.get(p) ?? 0);
    expect(out.get('11.0701')).toBe(750);
    expect(out.get('11.0101')).toBe(250 + 300);
    expect([...out.values()].reduce((a, b) => a + b, 0)).toBe(1300);
    const none = allocateOpeningsToPrograms(openings, programs, () => 0);
    expect(none.get('11.0701')).toBe(500);
    expect(none.get('11.0101')).toBe(800);
  });

  it('labels gap below 0.8, surplus above 1.25, and a suppressed count only when every hidden value agrees', () => {
    expect(gapLabel(79, 100)).toBe('gap');
    expect(gapLabel(80, 100)).toBe('balanced');
    expect(gapLabel(125, 100)).toBe('balanced');
    expect(gapLabel(126, 100)).toBe('surplus');
    expect(gapLabel(5, 0)).toBe('surplus');
    expect(gapLabel(0, 0)).toBeNull();
    expect(gapLabel(null, 1000, { suppressed: true, k: 10 })).toBe('gap');
    expect(gapLabel(null, 8, { suppressed: true, k: 10 })).toBeNull();
    expect(gapLabel(null, null)).toBeNull();
  });

  it('weights occupation medians by employment and skips occupations without either', () => {
    expect(weightedWage([{ wage: 100, employment: 1 }, { wage: 200, employment: 3 }, { wage: null, employment: 5 }])).toBe(175);
    expect(weightedWage([])).toBeNull();
  });
});
