import { Injectable } from '@nestjs/common';
import { type ConcentrationResponse, type ConcentrationRow, ConcentrationQuery } from '@credpulse/contracts';
import { addMonths, LQ_CONCENTRATED, locationQuotient, methodVersion, share, shiftShare } from '@credpulse/metrics';
import { badParameter } from '../../common/problem.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { FilterSpec, ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { rollupCanAnswer } from '../analytics/catalogue/source.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { ConcentrationRepository } from './concentration.repository.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const CONCENTRATION_GROUP_BY = ['naics2', 'naics3', 'naics4', 'soc', 'state'] as const;

export const CONCENTRATION_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'naics', 'soc', 'groupBy', 'limit'],
  groupBy: CONCENTRATION_GROUP_BY,
  defaultGroupBy: 'naics2',
  extra: {
    baseFrom: { pattern: MONTH, describe: 'the first month (YYYY-MM) of the base period for shift-share' },
    baseTo: { pattern: MONTH, describe: 'the last month (YYYY-MM) of the base period for shift-share' },
  },
};

/** Location quotients of postings (items = industries or occupations in the region, or states for the filtered item) and shift-share. */
@Injectable()
export class ConcentrationService {
  constructor(
    private readonly repo: ConcentrationRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<ConcentrationResponse> {
    const groupBy = f.groupBy ?? 'naics2';
    const { baseFrom, baseTo } = f.extra;
    if ((baseFrom === undefined) !== (baseTo === undefined)) throw badParameter(baseFrom === undefined ? 'baseFrom' : 'baseTo', 'Give both baseFrom and baseTo for shift-share, or neither.');
    if (baseFrom && baseTo && baseFrom > baseTo) throw badParameter('baseFrom', `"baseFrom" (${baseFrom}) is after "baseTo" (${baseTo}).`);
    if (groupBy === 'state' && f.region.kind !== 'us') throw badParameter('groupBy', 'groupBy=state compares states with the nation: use region=us.', ['naics2', 'naics3', 'naics4', 'soc']);

    const counts = (period: ParsedFilters) => this.counts(period, groupBy, opts.raw === true);
    const now = await counts(f);
    const base = baseFrom && baseTo ? await counts({ ...f, from: baseFrom, to: baseTo, fromDate: `${baseFrom}-01`, toEnd: `${addMonths(baseTo, 1)}-01` }) : undefined;

    const rows: ConcentrationRow[] = [];
    for (const [key, eir] of now.region) {
      const row: ConcentrationRow = {
        key,
        label: now.labels.get(key) ?? key,
        count: eir,
        ...lqOf(groupBy, key, now),
      };
      if (base) {
        const b = { regionStart: pick(groupBy, key, base, 'region'), regionEnd: eir, itemNationStart: pick(groupBy, key, base, 'itemNation'), itemNationEnd: pick(groupBy, key, now, 'itemNation'), nationStart: base.nationTotal, nationEnd: now.nationTotal };
        const ss = shiftShare(b);
        row.shiftShare = ss ? { base: b.regionStart, change: ss.change, national: r2(ss.national), industryMix: r2(ss.industryMix), competitive: r2(ss.competitive) } : null;
      }
      rows.push(row);
    }
    rows.sort((a, b) => (b.lq ?? -1) - (a.lq ?? -1) || b.count - a.count || a.key.localeCompare(b.key));
    const cut = limitRows(rows, f.limit);
    return this.envelope.buildResponse({
      querySchema: ConcentrationQuery,
      query: f,
      rows: cut.rows,
      totals: { regionTotal: now.regionTotal, nationTotal: now.nationTotal },
      truncated: cut.truncated,
      suppressedCells: 0,
      methodVersion: base ? `${methodVersion('concentration')}+${methodVersion('shiftShare')}` : methodVersion('concentration'),
      notes: [`LQ = (e_ir / e_r) / (e_iN / e_N) over unique postings; LQ > ${LQ_CONCENTRATED} reads as concentrated.`],
    });
  }

  // Region counts per item (or per state), the region total, national counts per item and the national total.
  private async counts(f: ParsedFilters, groupBy: string, forceRaw: boolean) {
    const name = groupBy === 'soc' ? 'postingSoc' : 'postingSector';
    const needs = groupBy === 'naics3' || groupBy === 'naics4' ? [groupBy] : [];
    const nation: ParsedFilters = { ...f, region: { kind: 'us', code: 'us' } };
    // one path for the region and the nation, so the quotients compare like with like
    const raw = forceRaw || !rollupCanAnswer(name, f, { needs });
    const q = (ff: ParsedFilters, opts: { byState?: boolean; skipItem?: boolean }) => this.repo.counts(ff, name, { item: groupBy }, { needs, forceRaw: raw, ...opts });
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    if (groupBy === 'state') {
      // items are states: e_ir = filtered postings in the state, e_r = all postings in the state
      const region = await q(nation, { byState: true });
      const stateAll = await q(nation, { byState: true, skipItem: true });
      const itemNation = total(region);
      const nationTotal = total(stateAll);
      const labels = await this.repo.stateNames();
      return { region, stateAll, itemNation: new Map([['*', itemNation]]), regionTotal: itemNation, nationTotal, labels };
    }
    const region = await q(f, { skipItem: false });
    const regionAll = await q(f, { skipItem: true });
    const itemNation = await q(nation, {});
    const nationAll = await q(nation, { skipItem: true });
    const labels = await this.repo.titles(groupBy === 'soc' ? 'soc' : 'naics', [...region.keys()]);
    return { region, stateAll: new Map<string, number>(), itemNation, regionTotal: total(regionAll), nationTotal: total(nationAll), labels };
  }
}

type Counts = Awaited<ReturnType<ConcentrationService['counts']>>;

function lqOf(groupBy: string, key: string, c: Counts): Pick<ConcentrationRow, 'localShare' | 'nationalShare' | 'lq' | 'concentrated'> {
  const eir = c.region.get(key) ?? 0;
  const er = groupBy === 'state' ? (c.stateAll.get(key) ?? 0) : c.regionTotal;
  const eiN = groupBy === 'state' ? (c.itemNation.get('*') ?? 0) : (c.itemNation.get(key) ?? 0);
  const lq = locationQuotient(eir, er, eiN, c.nationTotal);
  return { localShare: r4(share(eir, er)), nationalShare: r4(share(eiN, c.nationTotal)), lq: r4(lq), concentrated: lq !== null && lq > LQ_CONCENTRATED };
}

function pick(groupBy: string, key: string, c: Counts, what: 'region' | 'itemNation'): number {
  if (what === 'region') return c.region.get(key) ?? 0;
  return groupBy === 'state' ? (c.itemNation.get('*') ?? 0) : (c.itemNation.get(key) ?? 0);
}
const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);
const r2 = (x: number) => Math.round(x * 100) / 100;
