import type { ProgramDemandRow, RecognitionRow, SkillGapRow } from '@credpulse/contracts';
import { describe, expect, it } from 'vitest';
import { halvesOf, industryNamingFinding, postingsGrowth, programGap, recognitionChanges, recognitionMove, skillGapFindings, skillsFirstMove } from './findings.rules.js';

const place = { region: 'state:06', regionName: 'California', isNation: false };
const period = { from: '2025-11', to: '2026-10' };
const months = (from: number, n: number) => Array.from({ length: n }, (_, i) => `2026-${String(from + i).padStart(2, '0')}`);
const h = halvesOf(months(1, 10))!;
const gap = (key: string, demand: number, supply: number | null, aligned = true): SkillGapRow => ({
  key,
  label: key,
  demand,
  supply: { value: supply, suppressed: supply === null },
  ratio: supply === null || !aligned ? null : supply / demand,
  bucket: null,
  aligned,
});
const rec = (key: string, postings: number, naming: number): RecognitionRow => ({
  key,
  label: key,
  postings,
  naming: { any: naming, required: naming, preferred: 0, in_lieu: 0 },
  rates: { any: postings ? naming / postings : null, required: null, preferred: null, in_lieu: null },
});

describe('key finding rules', () => {
  it('compares two equal halves of the complete months, and states nothing under 6 months', () => {
    expect(h).toEqual({ earlier: { from: '2026-01', to: '2026-05' }, later: { from: '2026-06', to: '2026-10' } });
    expect(halvesOf(months(1, 7))).toEqual({ earlier: { from: '2026-01', to: '2026-03' }, later: { from: '2026-05', to: '2026-07' } });
    expect(halvesOf(months(1, 5))).toBeNull();
    expect(postingsGrowth(place, null, { earlier: 900, later: 950 }, null)).toEqual({ omitted: { rule: 'postings-growth', reason: 'fewer than 6 complete months of data in the period' } });
  });

  it('postings growth: the number, both periods and the nation in the sentence; left out under 100 postings a half', () => {
    const r = postingsGrowth(place, h, { earlier: 1000, later: 1100 }, { earlier: 20000, later: 20400 });
    expect(r).toMatchObject({ finding: { value: 10, unit: 'percent', period: h.later, comparison: { label: 'nation, same months', value: 2 } } });
    expect('finding' in r && r.finding.text).toBe('Unique job postings in California rose 10.0%, from 1,000 in 2026-01 to 2026-05 to 1,100 in 2026-06 to 2026-10; nationally they rose 2.0% over the same months.');
    expect(postingsGrowth(place, h, { earlier: 99, later: 400 }, null)).toMatchObject({ omitted: { rule: 'postings-growth' } });
  });

  it('widest gaps: only skills a credential teaches, never a suppressed supply, lowest ratio first with the nation beside', () => {
    const rows = [gap('outlook', 900, 0, false), gap('word', 600, 12), gap('excel', 700, 70), gap('rare', 80, null), gap('small', 20, 0)];
    const out = skillGapFindings(place, period, rows, new Map([['word', 0.05]]), new Map([['word', ['CMAA']]]));
    expect(out.map((r) => ('finding' in r ? r.finding.subject.key : r.omitted.reason))).toEqual(['word', 'excel']);
    expect(out[0]).toMatchObject({ finding: { value: 0.02, unit: 'ratio', comparison: { value: 0.05 } } });
    expect('finding' in out[0] && out[0].finding.text).toContain('Credentials that teach it: CMAA.');
    const hidden = skillGapFindings(place, period, [gap('rare', 80, null), gap('outlook', 900, 0, false)], new Map(), new Map());
    expect(hidden).toEqual([{ omitted: { rule: 'skill-gap', reason: 'the supply of every skill with 50+ postings is suppressed (fewer than k people)' } }]);
  });

  it('recognition: the largest rise and fall in points among credentials with 100+ target postings in both halves', () => {
    const changes = recognitionChanges([rec('any', 5000, 2000), rec('a', 200, 40), rec('b', 300, 150), rec('c', 50, 25)], [rec('any', 5000, 2100), rec('a', 220, 66), rec('b', 310, 124), rec('c', 60, 50)]);
    expect(changes.map((c) => c.key)).toEqual(['a', 'b']);
    expect(recognitionMove(place, h, changes, 'rise')).toMatchObject({ finding: { subject: { key: 'a' }, value: 10, unit: 'points' } });
    expect(recognitionMove(place, h, changes, 'fall')).toMatchObject({ finding: { subject: { key: 'b' }, value: -10 } });
  });

  it('industries naming micro-credentials most, against all industries; the unknown sector never leads', () => {
    const r = industryNamingFinding(place, period, [rec('--', 500, 400), rec('62', 400, 200), rec('72', 150, 30)]);
    expect(r).toMatchObject({ finding: { subject: { key: '62' }, value: 0.5, comparison: { label: 'all industries', value: Math.round((630 / 1050) * 10000) / 10000 } } });
  });

  it('skills-first: the move in points with the degree-required shares and the nation', () => {
    const s = (p: number, sf: number, d: number) => ({ postings: p, skillsFirstShare: sf, degreeRequirementShare: d });
    const r = skillsFirstMove(place, h, s(1000, 0.3, 0.25), s(1000, 0.34, 0.22), { earlier: s(9000, 0.3, 0.3), later: s(9000, 0.31, 0.29) });
    expect(r).toMatchObject({ finding: { value: 4, unit: 'points', comparison: { value: 1 } } });
    expect('finding' in r && r.finding.text).toContain("went from 25.0% to 22.0%");
  });

  it('program gap: left out when completions are suppressed; the largest published gap otherwise', () => {
    const prog = (cip: string, openings: number, completions: number | null, gapPerYear: number | null): ProgramDemandRow => ({
      cip,
      title: `Program ${cip}.`,
      socs: [],
      openings,
      completionsPerYear: { value: completions, suppressed: completions === null },
      years: 2,
      gap: null,
      openingsPerYear: openings / 2,
      gapPerYear,
    });
    expect(programGap(place, period, [prog('1', 400, null, null)])).toMatchObject({ omitted: { rule: 'program-gap', reason: expect.stringContaining('suppressed') } });
    const r = programGap(place, period, [prog('1', 400, null, null), prog('2', 300, 20, 130), prog('3', 500, 200, 50)]);
    expect(r).toMatchObject({ finding: { subject: { key: '2', label: 'Program 2' }, value: 130 } });
  });
});
