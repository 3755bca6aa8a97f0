import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests and Vite run libraries from source; Node at run time uses each library's dist/.
export const libAliases: Record<string, string> = {
  '@credpulse/contracts': `${root}libs/contracts/src/index.ts`,
  '@credpulse/metrics': `${root}libs/metrics/src/index.ts`,
  '@credpulse/taxonomy': `${root}libs/taxonomy/src/index.ts`,
  '@credpulse/ingest': `${root}libs/ingest/src/index.ts`,
  '@credpulse/web-charts': `${root}libs/web-charts/src/index.ts`,
};
export const workspaceRoot = root;
