// The vocabulary of the generated bench postings, shared by the ingest, ingest-coding and
// extract-check suites (extract-check compares the extractor on exactly the ingest bench's texts).

export const BENCH_SKILLS = ['Python', 'SQL', 'customer service', 'Microsoft Excel', 'project management', 'patient care', 'welding', 'Java', 'data analysis', 'troubleshooting', 'AutoCAD', 'Salesforce', 'scheduling', 'bookkeeping', 'Linux', 'network security'];
export const BENCH_CREDS = ['CompTIA Security+', 'CCNA', 'PMP', 'CDL', 'CNA', 'AWS Certified Solutions Architect', 'CPR', 'OSHA 10'];
export const BENCH_FILLER =
  'We are a growing organization committed to quality, safety and our community. You will join a collaborative team, ' +
  'work with stakeholders across departments, document your work, and help improve processes every day. We offer ' +
  'competitive pay, health benefits, paid time off, tuition assistance and a retirement plan with employer match. ';

/** One ingest bench description: a line of filler around two required and one preferred skill, two credentials. */
export function benchDescription(pick: <T>(a: T[]) => T): string {
  return (
    `${BENCH_FILLER}Requirements: ${pick(BENCH_SKILLS)} and ${pick(BENCH_SKILLS)} experience; must have ${pick(BENCH_CREDS)}. ` +
    `Preferred: ${pick(BENCH_SKILLS)}, ${pick(BENCH_CREDS)} a plus. Bachelor's degree or equivalent experience. ${BENCH_FILLER}${BENCH_FILLER.slice(0, 200)}`
  );
}
