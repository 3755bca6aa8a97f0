import { HttpStatus, Injectable } from '@nestjs/common';
import { REGION_PATTERN, SAVED_VIEW_QUERY_KEYS, SavedViewInput, type Principal, type ProblemFieldError, type SavedView } from '@credpulse/contracts';
import { invalidBody, parseBody } from '../../common/zod-body.js';
import { notFound, parseId, Problem } from '../../common/problem.js';
import { roleAtLeast } from '../auth/roles.js';
import { type Owner, type SavedViewFields, SavedViewsRepository, type SavedViewRow } from './saved-views.repository.js';

const TITLE = 'Invalid saved view';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Saved views (issue 17): any dashboard state saved with a name and a note by a signed-in user or
 * API key; shared views open to every signed-in colleague by their link, pinned ones make the board
 * home page. Only the owner (or an admin) changes or deletes one.
 */
@Injectable()
export class SavedViewsService {
  constructor(private readonly repo: SavedViewsRepository) {}

  async list(p: Principal, query: Record<string, unknown>): Promise<SavedView[]> {
    const owner = signedIn(p);
    for (const k of Object.keys(query)) if (k !== 'pinned') throw badQuery(k, `Unknown parameter "${k}" for /saved-views; accepted: pinned.`);
    if (query.pinned !== undefined && query.pinned !== 'true' && query.pinned !== 'false') throw badQuery('pinned', 'pinned is true or false.');
    return (await this.repo.list(owner, query.pinned === 'true')).map((r) => toView(r, owner));
  }

  async get(p: Principal, idRaw: string): Promise<SavedView> {
    const owner = signedIn(p);
    return toView(await this.visible(owner, p, parseId('id', idRaw)), owner);
  }

  async create(p: Principal, body: unknown): Promise<SavedView> {
    const owner = signedIn(p);
    return toView(await this.repo.create(owner, readInput(body)), owner);
  }

  async update(p: Principal, idRaw: string, body: unknown): Promise<SavedView> {
    const owner = signedIn(p);
    const id = parseId('id', idRaw);
    this.mayChange(owner, p, await this.visible(owner, p, id));
    const row = await this.repo.update(id, readInput(body));
    if (!row) throw notFound(`There is no saved view ${id}.`);
    return toView(row, owner);
  }

  async remove(p: Principal, idRaw: string): Promise<void> {
    const owner = signedIn(p);
    const id = parseId('id', idRaw);
    this.mayChange(owner, p, await this.visible(owner, p, id));
    if (!(await this.repo.remove(id))) throw notFound(`There is no saved view ${id}.`);
  }

  /** The stored path and query of a view (for schedules that render it), whoever owns it. */
  async stateOf(id: number): Promise<{ id: number; name: string; path: string; query: string } | null> {
    const row = await this.repo.get(id);
    return row ? { id: row.id, name: row.name, path: row.path, query: row.query } : null;
  }

  // A private view of someone else is answered like a missing one (its existence is not disclosed).
  private async visible(owner: Owner, p: Principal, id: number): Promise<SavedViewRow> {
    const row = await this.repo.get(id);
    if (!row || (!row.shared && !isOwner(row, owner) && !roleAtLeast(p.role, 'admin'))) throw notFound(`There is no saved view ${id} shared with you.`);
    return row;
  }

  private mayChange(owner: Owner, p: Principal, row: SavedViewRow): void {
    if (isOwner(row, owner) || roleAtLeast(p.role, 'admin')) return;
    throw new Problem(HttpStatus.FORBIDDEN, 'Forbidden', `Saved view ${row.id} belongs to ${row.owner_name}: only its owner or an admin may change or delete it.`);
  }
}

function signedIn(p: Principal): Owner {
  if (p.kind === 'anonymous' || p.id === null) throw new Problem(HttpStatus.UNAUTHORIZED, 'Unauthorized', 'Sign in or send an API key: saved views belong to signed-in users.');
  return { kind: p.kind, id: p.id, name: p.name };
}

const isOwner = (row: SavedViewRow, o: Owner) => row.owner_kind === o.kind && row.owner_id === o.id;

/** The body, checked by its contract schema, then the query string key by key. */
export function readInput(body: unknown): SavedViewFields {
  const v = parseBody(SavedViewInput, body, TITLE);
  const errors: ProblemFieldError[] = [];
  const query = v.query.replace(/^\?/, '');
  const seen = new Set<string>();
  for (const [k, val] of new URLSearchParams(query)) {
    if (!(SAVED_VIEW_QUERY_KEYS as readonly string[]).includes(k)) errors.push({ pointer: '/query', field: 'query', reason: `unknown parameter "${k.slice(0, 40)}" (accepted: ${SAVED_VIEW_QUERY_KEYS.join(', ')})` });
    else if (seen.has(k)) errors.push({ pointer: '/query', field: 'query', reason: `parameter "${k}" is repeated` });
    else if (k === 'region' && !REGION_PATTERN.test(val)) errors.push({ pointer: '/query', field: 'query', reason: `region "${val.slice(0, 40)}" is not a region code (us, state:06, county:06037, cbsa:31080, custom:<id>)` });
    else if ((k === 'from' || k === 'to') && !MONTH.test(val)) errors.push({ pointer: '/query', field: 'query', reason: `${k} "${val.slice(0, 40)}" is not a month YYYY-MM` });
    seen.add(k);
  }
  if (v.pinned && !v.shared) errors.push({ pointer: '/pinned', field: 'pinned', reason: 'a pinned view is on the board home page, so it must be shared (shared: true)' });
  if (errors.length) throw invalidBody(TITLE, errors);
  return { name: v.name, note: v.note?.trim() || null, path: v.path, query, shared: v.shared, pinned: v.pinned };
}

function toView(r: SavedViewRow, me: Owner): SavedView {
  return {
    id: r.id,
    name: r.name,
    note: r.note,
    path: r.path,
    query: r.query,
    url: r.query ? `${r.path}?${r.query}` : r.path,
    link: `/views/${r.id}`,
    owner: r.owner_name,
    mine: isOwner(r, me),
    shared: r.shared,
    pinned: r.pinned,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function badQuery(parameter: string, detail: string): Problem {
  return new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', detail, { parameter });
}
