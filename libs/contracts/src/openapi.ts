import { z } from 'zod';
// Imported for their side effect too: every named schema registers its id in z.globalRegistry.
import './index.js';

type JsonSchema = Record<string, unknown>;

/**
 * The named schemas of the contracts (every `.meta({ id })`) as OpenAPI 3.0 `components.schemas`,
 * with references between them as `#/components/schemas/<id>`. The API's document, the contract
 * tests and the generated client all read this; nothing else describes the shapes.
 */
export function contractComponentSchemas(): Record<string, JsonSchema> {
  const out = z.toJSONSchema(z.globalRegistry, { target: 'openapi-3.0', uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' }) as { schemas: Record<string, JsonSchema> };
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, s] of Object.entries(out.schemas)) schemas[id] = tidy(s) as JsonSchema;
  return schemas;
}

/** One schema (a named one or an inline field) as OpenAPI 3.0, for parameters. */
export function openApiSchema(schema: z.ZodType): JsonSchema {
  return tidy(z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', reused: 'inline', io: 'input' })) as JsonSchema;
}

const SAFE = Number.MAX_SAFE_INTEGER;
// OpenAPI 3.0 schema objects have no $id/$schema and one `example` rather than `examples`; z.int()'s
// safe-integer bounds say nothing useful. `names`: v is a map of property names, not a schema.
function tidy(v: unknown, names = false): unknown {
  if (Array.isArray(v)) return v.map((x) => tidy(x));
  if (!v || typeof v !== 'object') return v;
  const o: JsonSchema = {};
  for (const [k, x] of Object.entries(v as JsonSchema)) {
    if (!names) {
      if (k === '$id' || k === '$schema' || k === 'id') continue;
      if ((k === 'minimum' && x === -SAFE) || (k === 'maximum' && x === SAFE)) continue;
      if (k === 'examples' && Array.isArray(x)) {
        o.example = x[0];
        continue;
      }
    }
    o[k] = tidy(x, !names && k === 'properties');
  }
  // OpenAPI 3.0.3: a nullable enum lists null among its values
  if (!names && o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  return o;
}
