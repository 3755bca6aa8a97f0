import type { ParsedFilters } from '../filters/parsed-filters.js';
import { supports, whereFilters, type SqlParams } from '../filters/sql-builder.js';
import { CATALOGUE, keysOf, type RollupName } from './catalogue.js';
import { FACTS } from './facts.js';

type Skip = Parameters<typeof supports>[2];

export interface SourceOptions {
  /** Columns the query reads beyond the measures (e.g. 'naics3', 'degree_level'): a rollup lacking one cannot answer. */
  needs?: readonly string[];
  /** Filters the caller applies itself or that do not concern this source. */
  skip?: Skip;
  /** The caller groups by state: read the state rows even for the nation. */
  byState?: boolean;
  /** Read the raw rows whatever the filters (the equivalence tests). */
  forceRaw?: boolean;
}

/**
 * A source of rows, aliased `x`, with the same columns whether it is a rollup table or the fact rows
 * it groups (a subquery, counts per row): the metric queries are written once over either, so both
 * paths give identical answers. `where` holds the filter conditions and, on a rollup, the choice of
 * national ('US') or state rows. Rollups with a custom fill (people) have no fact rows here: on
 * their raw path `from` is empty and the repository reads people-facts.ts.
 */
export interface Source {
  rollup: boolean;
  from: string;
  where: string[];
}

/**
 * Whether rollup `name` can answer `f`: the nation or a state (the nation only for national-only
 * rollups, and not grouped by state), every filter on a column it has, every needed column in its grain.
 */
export function rollupCanAnswer(name: RollupName, f: ParsedFilters, opts: SourceOptions = {}): boolean {
  const d = CATALOGUE[name];
  if (opts.forceRaw) return false;
  if (f.region.kind !== 'us' && f.region.kind !== 'state') return false;
  if (d.region === 'nation' && (f.region.kind !== 'us' || opts.byState)) return false;
  if (d.region === 'none' && f.region.kind !== 'us') return false;
  if (!supports(f, d.map, opts.skip)) return false;
  const keys = keysOf(name);
  return (opts.needs ?? []).every((c) => keys.includes(c));
}

/** The rollup when it can answer `f`, else the fact rows it groups; parameters bound through `p`. */
export function source(name: RollupName, f: ParsedFilters, p: SqlParams, opts: SourceOptions = {}): Source {
  const d = CATALOGUE[name];
  if (rollupCanAnswer(name, f, opts)) {
    const where = whereFilters(f, d.map, p, opts.skip);
    if (d.region === 'nation') where.push(`x.state_fips = 'US'`);
    else if (d.region === 'states' && f.region.kind === 'us') where.push(opts.byState ? `x.state_fips <> 'US'` : `x.state_fips = 'US'`);
    // 'summed': the nation is every state row (no 'US' rows to leave out)
    return { rollup: true, from: `${d.table} x${d.join && f.provider !== undefined && !opts.skip?.includes('provider') ? ` ${d.join}` : ''}`, where };
  }
  return rawSource(name, f, p, opts.skip);
}

/** The fact rows rollup `name` groups, filtered by `f` (empty `from` for the people rollups: see people-facts.ts). */
export function rawSource(name: RollupName, f: ParsedFilters, p: SqlParams, skip?: Skip): Source {
  const from = CATALOGUE[name].from;
  // a narrower copy groups the same facts as the rollup it sums
  if ('sumOf' in from) return rawSource(from.sumOf, f, p, skip);
  if ('custom' in from) return { rollup: false, from: '', where: [] };
  const facts = 'fact' in from ? [from.fact] : from.facts;
  const map = FACTS[facts[0]].map;
  // several facts: one row set (they share their columns), as the refresh groups them
  const sql = facts.map((n) => FACTS[n].sql).join('\nUNION ALL\n');
  return { rollup: false, from: `(${sql}) x`, where: [...whereFilters(f, map, p, skip), ...('fact' in from ? (from.where ?? []) : [])] };
}

/** A choice of source made once for an answer (so all its figures come from the same path), bound to parameters later. */
export interface SourceChoice {
  name: RollupName;
  rollup: boolean;
  opts: SourceOptions;
}

/** Chooses the rollup or the facts for `f` (see rollupCanAnswer); `sourceOf` binds the choice. */
export function choose(name: RollupName, f: ParsedFilters, opts: SourceOptions = {}): SourceChoice {
  return { name, rollup: rollupCanAnswer(name, f, opts), opts };
}

export function sourceOf(c: SourceChoice, f: ParsedFilters, p: SqlParams): Source {
  return source(c.name, f, p, { ...c.opts, forceRaw: !c.rollup });
}
