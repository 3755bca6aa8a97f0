import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INGEST_PRESETS, type IngestPresetName } from '@credpulse/contracts';
import { parseMapping } from './formats/index.js';
import { IngestFatalError, type ColumnMapping, type IngestFormat } from './formats/types.js';

// libs/ingest/src or libs/ingest/dist -> libs/ingest/presets
export const PRESETS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'presets');

export interface IngestPreset {
  name: IngestPresetName;
  format: IngestFormat;
  label: string;
  description: string;
  mapping: ColumnMapping;
}

/** A shipped preset: its mapping file read and checked like a --mapping file. */
export function getPreset(name: string): IngestPreset {
  const p = INGEST_PRESETS.find((x) => x.name === name);
  if (!p) throw new IngestFatalError(`unknown preset "${name}"; presets: ${INGEST_PRESETS.map((x) => x.name).join(', ')}`);
  const file = join(PRESETS_DIR, `${p.name}.json`);
  const mapping = parseMapping(readFileSync(file, 'utf8'), `presets/${p.name}.json`) as ColumnMapping & { format?: string; description?: string };
  if (mapping.format !== p.format) throw new IngestFatalError(`presets/${p.name}.json: format "${mapping.format}" differs from ${p.format}`);
  return { name: p.name, format: p.format as IngestFormat, label: p.label, description: mapping.description ?? p.label, mapping };
}

/** Every shipped preset (for `credpulse ingest --help` and the upload page). */
export function listPresets(): IngestPreset[] {
  return INGEST_PRESETS.map((p) => getPreset(p.name));
}
