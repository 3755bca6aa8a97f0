/**
 * Version of each metric's method (semver): bump minor when a definition changes figures, patch for
 * fixes. Every endpoint reports the version it used as `methodVersion`; docs/methodology.md lists them.
 */
export const METHOD_VERSIONS = {
  disclosure: '1.0.0',
  postings: '1.0.0',
  dedup: '1.0.0',
  recognition: '1.0.0',
  skillGap: '1.1.0',
  programDemand: '1.0.0',
  programDemandProportional: '1.0.0',
  programDemandPublic: '1.0.0',
  programDemandPublicFullCredit: '1.0.0',
  concentration: '1.0.0',
  shiftShare: '1.0.0',
  outcomes: '1.1.0',
  equity: '1.1.0',
  pathways: '1.1.0',
  saturation: '1.1.0',
  programSkills: '1.0.0',
  findings: '1.0.0',
  peers: '1.0.0',
} as const;
export type MethodName = keyof typeof METHOD_VERSIONS;

/** methodVersion string of a people-counting metric: its own version and the disclosure rules'. */
export function methodVersion(name: MethodName, withDisclosure = false): string {
  const own = `${name}@${METHOD_VERSIONS[name]}`;
  return withDisclosure ? `${own}+disclosure@${METHOD_VERSIONS.disclosure}` : own;
}
