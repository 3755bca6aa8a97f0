import { preflight } from './preflight.js';

preflight(process.argv.slice(2));
// the application loads only after the preflight (a refused command answers at once)
const { buildProgram } = await import('./program.js');
await buildProgram().parseAsync(process.argv);
