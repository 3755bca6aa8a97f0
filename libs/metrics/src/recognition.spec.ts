import { describe, expect, it } from 'vitest';
import { degreeRequirementShare, isSkillsFirst, recognitionRates, skillsFirstShare } from './recognition.js';

describe('recognition rate by level', () => {
  it('divides postings naming the credential at each level by postings in its target occupations', () => {
    // 400 target postings; 50 name it: 20 required, 25 preferred, 10 in lieu (5 name it twice)
    const r = recognitionRates(50, { required: 20, preferred: 25, in_lieu: 10 }, 400);
    expect(r).toEqual({ any: 0.125, required: 0.05, preferred: 0.0625, in_lieu: 0.025 });
  });
  it('keeps preferred apart from required', () => {
    const r = recognitionRates(10, { required: 0, preferred: 10, in_lieu: 0 }, 100);
    expect(r.required).toBe(0);
    expect(r.preferred).toBe(0.1);
  });
  it('has no rate without target postings and rejects impossible counts', () => {
    expect(recognitionRates(0, { required: 0, preferred: 0, in_lieu: 0 }, 0).any).toBeNull();
    expect(() => recognitionRates(5, { required: 1, preferred: 1, in_lieu: 1 }, 10)).toThrow(/cannot exceed/);
  });
});

describe('degree requirement and skills-first shares', () => {
  it('counts bachelor-or-higher requirements and no-degree or in-lieu postings', () => {
    expect(degreeRequirementShare(30, 120)).toBe(0.25);
    expect(skillsFirstShare(54, 120)).toBe(0.45);
    expect(isSkillsFirst(0, false)).toBe(true);
    expect(isSkillsFirst(3, true)).toBe(true);
    expect(isSkillsFirst(3, false)).toBe(false);
    expect(isSkillsFirst(1, false)).toBe(false);
  });
});
