import { share } from './ratio.js';

export interface LevelCounts {
  required: number;
  preferred: number;
  in_lieu: number;
}
export interface RecognitionRates {
  /** Any level. A posting naming the credential at several levels counts once. */
  any: number | null;
  required: number | null;
  preferred: number | null;
  in_lieu: number | null;
}

/**
 * recognition rate_c = postings naming c / postings in c's target occupations, split by level.
 * `naming` counts distinct postings at any level; the level counts never merge preferred into required.
 */
export function recognitionRates(naming: number, byLevel: LevelCounts, targetPostings: number): RecognitionRates {
  const sum = byLevel.required + byLevel.preferred + byLevel.in_lieu;
  if (naming > sum) throw new RangeError(`postings naming (${naming}) cannot exceed the sum of the levels (${sum})`);
  return {
    any: share(naming, targetPostings),
    required: share(byLevel.required, targetPostings),
    preferred: share(byLevel.preferred, targetPostings),
    in_lieu: share(byLevel.in_lieu, targetPostings),
  };
}

/** Degree level codes as stored: 0 none, 1 high school, 2 associate, 3 bachelor, 4 master+. */
export const BACHELOR = 3;

/** Postings requiring a bachelor's or higher / postings. */
export function degreeRequirementShare(bachelorOrHigher: number, postings: number): number | null {
  return share(bachelorOrHigher, postings);
}

/** Postings with no degree requirement or with an in-lieu clause / postings (each posting once). */
export function skillsFirstShare(noDegreeOrInLieu: number, postings: number): number | null {
  return share(noDegreeOrInLieu, postings);
}

/** Whether one posting counts as skills-first: no degree asked, or a degree with an in-lieu clause. */
export function isSkillsFirst(degreeLevel: number, inLieu: boolean): boolean {
  return degreeLevel === 0 || inLieu;
}
