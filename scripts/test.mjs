#!/usr/bin/env node
// `npm test`: typecheck and lint every project, then every Vitest project (unit specs beside the
// code, integration specs against PostgreSQL or the embedded database, browser e2e when Chromium
// is installed). Extra arguments go to one vitest run, e.g. `npm test -- --project metrics`.
//
// Without arguments the Vitest projects run in two lanes at once (one vitest process each): the
// integration project, whose files share one database and run one at a time, beside the unit
// projects, the standalone specs and the browser specs, which touch no shared database. With 2
// cores and one worker per vitest (Vitest's default there) the suite used one lane: the specs that
// wait on child processes, PostgreSQL or the browser left a core idle. TEST_LANES=1 runs everything
// in one vitest process, as before (to compare, or to read one uninterleaved log).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const extra = process.argv.slice(2);
const started = Date.now();
const secs = (ms) => `${Math.round(ms / 1000)} s`;
if (extra.length === 0) {
  run('npx', ['nx', 'run-many', '-t', 'typecheck', 'lint', '--outputStyle=static']);
  // Builds the compiled CLI the way `npx credpulse` does (the e2e and CLI tests run it).
  run('node', ['bin/credpulse.mjs', '--version']);
  process.stderr.write(`typecheck, lint and build: ${secs(Date.now() - started)}\n`);
}
process.stderr.write(`Database for integration tests: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}\n`);

// The second lane is every project but integration (a project added later lands there).
const LANES = [
  { name: 'integration', projects: ['integration'] },
  { name: 'others', projects: ['!integration'] },
];
const lanes = extra.length === 0 && process.env.TEST_LANES !== '1' && availableParallelism() >= 2;
if (!lanes) run('npx', ['vitest', 'run', ...extra]);
else {
  const reports = mkdtempSync(join(tmpdir(), 'credpulse-test-lanes-'));
  const results = await Promise.all(LANES.map((lane) => runLane(lane, join(reports, `${lane.name}.json`))));
  for (const [i, lane] of LANES.entries()) {
    const r = results[i];
    process.stderr.write(`\n[${lane.name}] ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} in ${secs(r.ms)}; slowest files:\n`);
    for (const f of slowestFiles(join(reports, `${lane.name}.json`), 8)) process.stderr.write(`  ${f}\n`);
  }
  rmSync(reports, { recursive: true, force: true });
  process.stderr.write(`\nnpm test: ${secs(Date.now() - started)}\n`);
  const failed = results.find((r) => r.code !== 0);
  if (failed) process.exit(failed.code ?? 1);
}

/** One vitest process for the lane's projects; its lines go out prefixed with the lane's name. */
function runLane(lane, jsonReport) {
  const t0 = Date.now();
  const args = ['vitest', 'run', ...lane.projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${jsonReport}`];
  const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const prefix = `[${lane.name}] `;
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (d) => {
      const lines = (rest + d).split('\n');
      rest = lines.pop();
      if (lines.length) out.write(lines.map((l) => prefix + l).join('\n') + '\n');
    });
    stream.on('end', () => rest && out.write(prefix + rest + '\n'));
  }
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ms: Date.now() - t0 })));
}

/** The lane's slowest spec files (from its JSON report), to see where the time went. */
function slowestFiles(jsonReport, n) {
  try {
    const report = JSON.parse(readFileSync(jsonReport, 'utf8'));
    return report.testResults
      .map((t) => ({ ms: t.endTime - t.startTime, name: t.name.replace(`${process.cwd()}/`, '') }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n)
      .map((t) => `${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.name}`);
  } catch {
    return ['(no report)'];
  }
}
