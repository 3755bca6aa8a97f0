import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

// Issue 19: a researcher generates a typed client from /api/openapi.json with openapi-typescript.
// It must see typed rows for every metric and a typed body for every GET; this spec generates the
// types from the live document and type-checks a small consumer (tsc, strict) that reads them.
// The @ts-expect-error lines make it fail if rows became open objects or enums became strings.

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'credpulse-client-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const CONSUMER = `
import type { components, paths } from './api';

type Ok<P extends keyof paths, S extends number = 200> = paths[P] extends { get: { responses: { [K in S]: { content: infer C } } } } ? C[keyof C] : never;
type Params<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

declare const postings: Ok<'/api/metrics/postings'>;
declare const recognition: Ok<'/api/metrics/recognition'>;
declare const skillGap: Ok<'/api/metrics/skill-gap'>;
// program-demand answers one of two envelopes; groupBy=cip (the default) is ProgramDemandResponse
declare const programDemandAnswer: Ok<'/api/metrics/program-demand'>;
export const programDemandEither: components['schemas']['ProgramDemandResponse'] | components['schemas']['ProgramDemandAwardLevelResponse'] = programDemandAnswer;
declare const programDemand: components['schemas']['ProgramDemandResponse'];
declare const byAwardLevel: components['schemas']['ProgramDemandAwardLevelResponse'];
declare const programSkills: Ok<'/api/metrics/program-skills'>;
declare const concentration: Ok<'/api/metrics/concentration'>;
declare const outcomes: Ok<'/api/metrics/outcomes'>;
declare const equity: Ok<'/api/metrics/equity'>;
declare const pathways: Ok<'/api/metrics/pathways'>;
declare const saturation: Ok<'/api/metrics/saturation'>;

export const read = {
  postings: [postings.rows[0].key, postings.rows[0].unique, postings.rows[0].intensity ?? 0, postings.totals.medianAnnualWage, postings.query.granularity] as const,
  recognition: [recognition.rows[0].naming.required, recognition.rows[0].rates.in_lieu, recognition.totals.skillsFirstShare] as const,
  skillGap: [skillGap.rows[0].supply.value, skillGap.rows[0].supply.suppressed, skillGap.rows[0].bucket] as const,
  programDemand: [programDemand.rows[0].socs[0].allocatedCompletions, programDemand.rows[0].completionsPerYear.value, programDemand.rows[0].public?.gapLabel, programDemand.methods.proportional] as const,
  awardLevels: [byAwardLevel.rows[0].awardLevel, byAwardLevel.rows[0].tier, byAwardLevel.program?.institutions[0].completions.suppressed] as const,
  programSkills: [programSkills.rows[0].coveredBy[0], programSkills.totals.coveredDemandShare, programSkills.query.cip] as const,
  concentration: [concentration.rows[0].lq, concentration.rows[0].shiftShare?.competitive, concentration.totals.nationTotal] as const,
  outcomes: [outcomes.rows[0].quarters[0].wageMedian, outcomes.rows[0].earners.reason, outcomes.totals.quarters[0].employmentRate] as const,
  equity: [equity.rows[0].awards.value, equity.rows[0].representation, equity.query.dimension] as const,
  pathways: [pathways.rows[0].fromCredential.name, pathways.rows[0].laterTo.suppressed, pathways.totals.pairs] as const,
  saturation: saturation.rows.map((r) => (r.kind === 'skill' ? r.skillId : r.credentialId)),
};

// precise types, not any
export const unique: number = postings.rows[0].unique;
export const suppressed: boolean = skillGap.rows[0].supply.suppressed;
export const value: number | null = skillGap.rows[0].supply.value;
export const quarter: 1 | 2 | 4 = outcomes.rows[0].quarters[0].quarter;
export const k: number = outcomes.k;
export const dataAsOf: string | null = outcomes.dataAsOf;
export const groupBy: NonNullable<Params<'/api/metrics/postings'>['groupBy']> = 'socMajor';
export const view: NonNullable<Params<'/api/metrics/saturation'>['view']> = 'unrecognized';
export const problem: Ok<'/api/metrics/postings', 400> = { type: 't', title: 'Invalid parameter', status: 400, detail: 'd', instance: '/api/metrics/postings', parameter: 'from' };

// @ts-expect-error rows are closed objects: a field the server does not send is an error
export const missing = postings.rows[0].notAField;
// @ts-expect-error groupBy is an enum, not any string
export const badGroupBy: NonNullable<Params<'/api/metrics/postings'>['groupBy']> = 'cip';
// @ts-expect-error a protected count is not a bare number
export const bare: number = skillGap.rows[0].supply;
// @ts-expect-error postings takes no cip
export const noCip: Params<'/api/metrics/postings'>['cip'] = '11';
`;

describe('a client generated from the OpenAPI document (openapi-typescript)', () => {
  it('sees typed rows for every metric and a typed body for every GET, and type-checks a consumer', async () => {
    const doc = (await t.http().get('/api/openapi.json').expect(200)).body;
    const types = astToString(await openapiTS(doc));
    writeFileSync(join(dir, 'api.d.ts'), types);

    // every GET: its success body is a real type, not `never`
    const gets = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)
      .filter(([, item]) => item.get)
      .map(([p]) => p);
    expect(gets.length).toBeGreaterThan(20);
    const everyGet = gets.map((p, i) => `export const g${i}: IsNever<Ok<'${p}'>> = false;`).join('\n');
    writeFileSync(
      join(dir, 'consumer.ts'),
      `${CONSUMER}\ntype IsNever<T> = [T] extends [never] ? true : false;\n${everyGet}\n`,
    );

    const program = ts.createProgram([join(dir, 'consumer.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${d.file.fileName.replace(dir, '')}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
