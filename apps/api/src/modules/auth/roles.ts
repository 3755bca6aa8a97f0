import type { Principal, Role } from '@credpulse/contracts';

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, researcher: 3, admin: 4 };

export function roleAtLeast(role: Role | null, needed: Role): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}

export const ANONYMOUS: Principal = { kind: 'anonymous', id: null, name: 'anonymous', role: null };

declare module 'express' {
  interface Request {
    principal?: Principal;
    csrfToken?: string | null;
  }
}
