import { describe, expect, it } from 'vitest';
import { ABSTAIN_BELOW, getOccupationCoder, titleTokens } from './occupation-coder.js';

describe('title coder: how posting titles are read', () => {
  const coder = getOccupationCoder();

  it('drops seniority, level, shift, grades, requisition numbers and agency suffixes', () => {
    expect(titleTokens('Sr. Software Engineer II - Req #12345')).toEqual(['software', 'engineer']);
    expect(titleTokens('RN - Med/Surg - Nights (PRN)')).toEqual(['registered', 'nurse', 'med', 'surg']);
    expect(titleTokens('Budget Analyst, GS-0560-11/12')).toEqual(['budget', 'analyst']);
    expect(coder.code('Medical Technologist - Direct Hire Authority').normalized).not.toMatch(/direct|hire/);
  });

  it('expands the abbreviations postings use (RN, LPN, CNA, EMT, CDL, HVAC, IT)', () => {
    expect(coder.code('RN').soc).toBe('29-1141');
    expect(coder.code('LPN - Long Term Care').soc).toBe('29-2061');
    expect(coder.code('CNA - PRN').soc).toBe('31-1131');
    expect(coder.code('EMT-Basic').soc).toBe('29-2042');
    expect(coder.code('CDL-A TRUCK DRIVER').soc).toBe('53-3032');
    expect(coder.code('HVAC Tech').soc).toBe('49-9021');
    expect(coder.code('IT Support Specialist').soc).toBe('15-1232');
  });

  it('reads the occupation before the parentheses and a trailing work-leader word', () => {
    expect(coder.code('Nurse (Infection Control)').soc).toBe('29-1141');
    expect(coder.code('SHEET METAL MECHANIC LEADER').soc).toBe('47-2211');
  });

  it('returns the SOC title, method, confidence and alternatives', () => {
    const r = coder.code('Data Scientist');
    expect(r).toMatchObject({ soc: '15-2051', title: 'Data Scientists', method: 'exact' });
    expect(r.confidence).toBeGreaterThanOrEqual(ABSTAIN_BELOW);
    expect(r.alternatives.every((a) => a.soc !== r.soc && a.title)).toBe(true);
  });

  it('abstains, with its best guesses, when nothing is close enough', () => {
    const r = coder.code('Quantum Flux Wrangler');
    expect(r.soc).toBeNull();
    expect(r.method).toBe('none');
    expect(r.confidence).toBeLessThan(ABSTAIN_BELOW);
  });

  it.each([
    ['punctuation only', '?!?'],
    ['empty', ''],
    ['binary', '\u0000\u0001PNG'],
    ['10 KB', 'Nurse '.repeat(2000)],
    ['object prototype words', 'constructor __proto__ toString'],
  ])('bad title (%s): no SOC or a SOC, never a throw', (_n, t) => {
    const r = coder.code(t);
    expect(r.input).toBe(t);
    if (!/Nurse/.test(t)) expect(r.soc).toBeNull();
  });

  it('titles that read alike share one answer, each with its own input and warnings', () => {
    coder.clearCache();
    const a = coder.code('Sr. Quantum Flux Wrangler II');
    const b = coder.code('Quantum Flux Wrangler - Req #88213');
    expect(b.normalized).toBe(a.normalized);
    expect([a.soc, b.soc, b.confidence]).toEqual([null, null, a.confidence]);
    expect(a.warnings.join()).toContain('Sr. Quantum Flux Wrangler II');
    expect(b.warnings.join()).toContain('Quantum Flux Wrangler - Req #88213');
    expect(b.warnings.join()).not.toContain('Sr.');
    const c = coder.code('Senior Registered Nurse III');
    const d = coder.code('Registered Nurse');
    expect([c.soc, d.soc, c.input, d.input]).toEqual(['29-1141', '29-1141', 'Senior Registered Nurse III', 'Registered Nurse']);
  });

  it('answers the same after its caches are emptied (the index keeps no state between calls)', () => {
    const titles = ['Help Desk Technician', 'Economist/Statistician', 'Quantum Flux Wrangler', 'IT Specialist (Network)', 'Registered Nurse - ICU - Nights'];
    const first = titles.map((t) => coder.code(t));
    coder.clearCache();
    // in reverse order, so scores left over from one call would show in the next
    const again = [...titles].reverse().map((t) => coder.code(t)).reverse();
    expect(again).toEqual(first);
  });
});
