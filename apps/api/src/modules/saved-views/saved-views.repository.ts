import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface Owner {
  kind: 'user' | 'apiKey';
  id: number;
  name: string;
}

export interface SavedViewRow {
  id: number;
  name: string;
  note: string | null;
  path: string;
  query: string;
  owner_kind: 'user' | 'apiKey';
  owner_id: number;
  owner_name: string;
  shared: boolean;
  pinned: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface SavedViewFields {
  name: string;
  note: string | null;
  path: string;
  query: string;
  shared: boolean;
  pinned: boolean;
}

@Injectable()
export class SavedViewsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The owner's views and every shared one; pinned only: the board home page. */
  async list(owner: Owner, pinnedOnly: boolean): Promise<SavedViewRow[]> {
    return this.ds.query(
      `SELECT * FROM saved_view
       WHERE (shared OR (owner_kind = $1 AND owner_id = $2)) AND ($3::boolean IS FALSE OR pinned)
       ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT 1000`,
      [owner.kind, owner.id, pinnedOnly],
    );
  }

  async get(id: number): Promise<SavedViewRow | null> {
    const [row] = await this.ds.query('SELECT * FROM saved_view WHERE id = $1', [id]);
    return row ?? null;
  }

  async create(owner: Owner, f: SavedViewFields): Promise<SavedViewRow> {
    const [row] = await this.ds.query(
      `INSERT INTO saved_view (name, note, path, query, owner_kind, owner_id, owner_name, shared, pinned)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [f.name, f.note, f.path, f.query, owner.kind, owner.id, owner.name, f.shared, f.pinned],
    );
    return row;
  }

  async update(id: number, f: SavedViewFields): Promise<SavedViewRow | null> {
    const [rows] = await this.ds.query(
      `UPDATE saved_view SET name = $2, note = $3, path = $4, query = $5, shared = $6, pinned = $7, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [id, f.name, f.note, f.path, f.query, f.shared, f.pinned],
    );
    return rows?.[0] ?? null;
  }

  async remove(id: number): Promise<boolean> {
    const res = await this.ds.query('DELETE FROM saved_view WHERE id = $1 RETURNING id', [id]);
    return res[0]?.length > 0;
  }
}
