import { share } from './ratio.js';

/** LQ above this reads as concentrated. */
export const LQ_CONCENTRATED = 1.2;

/**
 * Location quotient LQ_ir = (e_ir / e_r) / (e_iN / e_N). Null when any share is undefined
 * (empty region, empty nation, or item absent nationally).
 */
export function locationQuotient(eir: number, er: number, eiN: number, eN: number): number | null {
  const local = share(eir, er);
  const national = share(eiN, eN);
  if (local === null || national === null || national === 0) return null;
  return local / national;
}

export interface ShiftShareInput {
  /** Item in region at start and end (E_ir0, E_ir1). */
  regionStart: number;
  regionEnd: number;
  /** Item nationally at start and end (E_iN0, E_iN1). */
  itemNationStart: number;
  itemNationEnd: number;
  /** All items nationally at start and end (E_N0, E_N1). */
  nationStart: number;
  nationEnd: number;
}
export interface ShiftShare {
  change: number;
  national: number;
  industryMix: number;
  competitive: number;
}

/**
 * Shift-share: national = E_ir0 g_N, industry mix = E_ir0 (g_iN - g_N),
 * competitive = E_ir0 (g_ir - g_iN); the three add up to E_ir1 - E_ir0. Null when a base is 0
 * (a growth rate from nothing is undefined).
 */
export function shiftShare(x: ShiftShareInput): ShiftShare | null {
  if (x.regionStart === 0 || x.itemNationStart === 0 || x.nationStart === 0) return null;
  const gN = x.nationEnd / x.nationStart - 1;
  const giN = x.itemNationEnd / x.itemNationStart - 1;
  const gir = x.regionEnd / x.regionStart - 1;
  const national = x.regionStart * gN;
  const industryMix = x.regionStart * (giN - gN);
  const competitive = x.regionStart * (gir - giN);
  return { change: x.regionEnd - x.regionStart, national, industryMix, competitive };
}
