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

type S = components['schemas'];
// every metric endpoint answers its default envelope, or with groupBy=period its series (issue 15):
// the document says both, and a consumer picks the one its parameters ask for
export const answers: [
  Ok<'/api/metrics/postings'> extends S['PostingsResponse'] | S['PostingsSeriesResponse'] ? true : false,
  Ok<'/api/metrics/recognition'> extends S['RecognitionResponse'] | S['RecognitionSeriesResponse'] ? true : false,
  Ok<'/api/metrics/program-skills'> extends S['ProgramSkillsResponse'] | S['ProgramSkillsSeriesResponse'] ? true : false,
  Ok<'/api/metrics/saturation'> extends S['SaturationResponse'] | S['SaturationSeriesResponse'] ? true : false,
] = [true, true, true, true];
declare const postings: S['PostingsResponse'];
declare const recognition: S['RecognitionResponse'];
declare const skillGap: S['SkillGapResponse'];
// program-demand answers one of three envelopes; groupBy=cip (the default) is ProgramDemandResponse
declare const programDemandAnswer: Ok<'/api/metrics/program-demand'>;
export const programDemandEither: S['ProgramDemandResponse'] | S['ProgramDemandAwardLevelResponse'] | S['ProgramDemandSeriesResponse'] = programDemandAnswer;
declare const programDemand: S['ProgramDemandResponse'];
declare const byAwardLevel: S['ProgramDemandAwardLevelResponse'];
declare const programSkills: S['ProgramSkillsResponse'];
declare const concentration: S['ConcentrationResponse'];
declare const outcomes: S['OutcomesResponse'];
declare const equity: S['EquityResponse'];
declare const pathways: S['PathwaysResponse'];
declare const saturation: S['SaturationResponse'];
declare const recognitionSeries: S['RecognitionSeriesResponse'];
declare const outcomesSeries: S['OutcomesSeriesResponse'];

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
  series: [recognitionSeries.rows[0].key, recognitionSeries.rows[0].partial, recognitionSeries.rows[0].rates.any, recognitionSeries.query.granularity, outcomesSeries.rows[0].earners.suppressed] as const,
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
// @ts-expect-error a period row has no label: it is not a group row
export const periodLabel = recognitionSeries.rows[0].label;
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
