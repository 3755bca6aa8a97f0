import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DASHBOARD_VIEWS, REGION_PATTERN, type DashboardView, type PeerArea, type PeerMeasure, type PeersResponse } from '@credpulse/contracts';
import { DisclosureTable, locationQuotient, methodVersion, peerScore, PEER_MIN_POSTINGS, share, suggestPeers, type AreaMix, type PeerScore } from '@credpulse/metrics';
import { badParameter, Problem } from '../../common/problem.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import type { FilterSpec, ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { naicsTitles } from '../analytics/naics-titles.js';
import { PEER_MEASURES, type MeasureValue } from './peer-measures.js';
import { PeersRepository } from './peers.repository.js';

export const MAX_PEERS = 10;
const CODE = REGION_PATTERN.source.slice(1, -1);
export const PEERS_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region'],
  require: ['region'],
  extra: {
    peers: { pattern: new RegExp(`^${CODE}(,${CODE}){0,${MAX_PEERS - 1}}$`), describe: `up to ${MAX_PEERS} region codes separated by commas (state:06,cbsa:31080,custom:3)` },
    view: { pattern: new RegExp(`^(${DASHBOARD_VIEWS.join('|')})$`), describe: `a dashboard view whose headline measure to compare: ${DASHBOARD_VIEWS.join(', ')}` },
  },
};

/**
 * A region beside its peers (picked, or the five most similar by industry mix and size) and beside
 * the nation scaled to its size (issue 17). Postings by sector carry location quotients (the
 * concentration metric's LQ); awards count people and pass disclosure control.
 */
@Injectable()
export class PeersService {
  constructor(
    private readonly filters: FilterService,
    private readonly envelope: EnvelopeService,
    private readonly repo: PeersRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  async compute(query: Record<string, unknown>): Promise<PeersResponse> {
    const f = await this.filters.parse(query, PEERS_SPEC);
    if (f.region.kind === 'us') throw badParameter('region', 'Peers compare a region with others: give a state, county, CBSA or custom region, not the nation.');
    const regionCode = `${f.region.kind}:${f.region.code}`;
    const picked = f.extra.peers ? [...new Set(f.extra.peers.split(','))] : [];
    const peerFilters: ParsedFilters[] = [];
    for (const code of picked) {
      try {
        const pf = await this.filters.parse({ region: code }, { accept: ['region'] });
        peerFilters.push({ ...f, region: pf.region });
      } catch (e) {
        throw e instanceof Problem ? badParameter('peers', `peers: ${e.detail}`) : e;
      }
    }
    const codeOf = (x: ParsedFilters) => `${x.region.kind}:${x.region.code}`;
    if (peerFilters.some((p) => codeOf(p) === regionCode)) throw badParameter('peers', `peers lists the region itself (${regionCode}).`);

    const nation = await this.repo.mixOf({ ...f, region: { kind: 'us', code: 'us' } });
    const mine = { ...(await this.repo.mixOf(f)), code: regionCode };
    const candidatesKind = f.region.kind === 'state' ? 'state' : 'substate';
    let scores: PeerScore[];
    let peerMixes: AreaMix[];
    if (peerFilters.length) {
      peerMixes = await Promise.all(peerFilters.map(async (p) => ({ ...(await this.repo.mixOf(p)), code: codeOf(p) })));
      scores = peerMixes.map((m) => peerScore(mine, m));
    } else {
      const candidates = await this.repo.candidateMixes(f, candidatesKind);
      scores = suggestPeers(mine, candidates);
      peerMixes = scores.map((s) => candidates.find((c) => c.code === s.code)!);
    }
    const peerCodes = peerMixes.map((m) => m.code);
    const parsedOf = (code: string): ParsedFilters => {
      const [kind, id] = code.split(':');
      return { ...f, region: { kind: kind as ParsedFilters['region']['kind'], code: id } };
    };
    const [names, regionAwards, peerAwards, nationAwards] = await Promise.all([
      this.repo.names([regionCode, ...peerCodes]),
      this.repo.awards(f),
      Promise.all(peerCodes.map((c) => this.repo.awards(parsedOf(c)))),
      this.repo.awards({ ...f, region: { kind: 'us', code: 'us' } }),
    ]);

    // Awards count people: each area's count is a cell. The areas overlap (a county and its CBSA)
    // and are never summed in the answer, so no group ties them; the nation-scaled figure is a
    // model of national totals, not a count of the region's people.
    const table = new DisclosureTable();
    table.cell(regionCode, regionAwards);
    peerCodes.forEach((c, i) => table.cell(`peer:${c}`, peerAwards[i]));
    table.apply(this.envelope.k);

    const sectorKeys = [...mine.sectors.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
    const titles = await naicsTitles(this.ds(), sectorKeys);
    const cells = (m: AreaMix) =>
      sectorKeys.map((k) => {
        const n = m.sectors.get(k) ?? 0;
        return { naics2: k, count: n, share: r4(share(n, m.total)), lq: r4(locationQuotient(n, m.total, nation.sectors.get(k) ?? 0, nation.total)) };
      });
    const perThousand = (awards: number | null, postings: number) => (awards === null || postings === 0 ? null : Math.round((awards / postings) * 10000) / 10);
    const area = (code: string, role: PeerArea['role'], m: AreaMix, awardsCell: string, s: PeerScore | null): PeerArea => {
      const p = table.get(awardsCell);
      return {
        code,
        name: names.get(code) ?? code,
        role,
        postings: m.total,
        awards: p.value,
        awardsSuppressed: p.suppressed,
        awardsPerThousandPostings: perThousand(p.value, m.total),
        similarity: s?.similarity ?? null,
        mixDistance: s?.mix ?? null,
        sizeDistance: s?.size ?? null,
        sectors: cells(m),
      };
    };
    const areas: PeerArea[] = [area(regionCode, 'region', mine, regionCode, null), ...peerMixes.map((m, i) => area(m.code, 'peer', m, `peer:${m.code}`, scores[i]))];
    // The nation scaled to the region's size: national shares times the region's postings.
    const scale = nation.total ? mine.total / nation.total : 0;
    const scaledAwards = Math.round(nationAwards * scale);
    areas.push({
      code: 'us',
      name: 'United States, scaled to the region',
      role: 'nation-scaled',
      postings: mine.total,
      awards: scaledAwards,
      awardsSuppressed: false,
      awardsPerThousandPostings: perThousand(scaledAwards, mine.total),
      similarity: null,
      mixDistance: null,
      sizeDistance: null,
      sectors: sectorKeys.map((k) => {
        const nk = nation.sectors.get(k) ?? 0;
        return { naics2: k, count: Math.round(nk * scale * 10) / 10, share: r4(share(nk, nation.total)), lq: nk ? 1 : null };
      }),
    });

    const notes = [
      `Peers ${peerFilters.length ? 'picked by the reader' : `suggested: the five ${candidatesKind === 'state' ? 'states' : 'metro/micro areas or custom regions'} with at least ${PEER_MIN_POSTINGS} postings closest by industry mix (Duncan index over 2-digit NAICS sectors, weight 0.7) and size (log10 ratio of postings, capped at 1, weight 0.3)`}.`,
      'LQ = (e_ir / e_r) / (e_iN / e_N) over unique postings, as in the concentration metric.',
      `Awards count people: a count below k = ${this.envelope.k} is hidden (null), never shown as 0.`,
    ];
    if (!peerFilters.length && scores.length < 5) notes.push(`Only ${scores.length} candidate areas have at least ${PEER_MIN_POSTINGS} postings in the period.`);
    // the measure keeps its metric's own default period when the query names none (outcomes and
    // pathways look further back than postings), so it is the figure the view itself shows
    const view = f.extra.view as DashboardView | undefined;
    const period = Object.fromEntries((['from', 'to'] as const).filter((k) => typeof query[k] === 'string' && query[k] !== '').map((k) => [k, String(query[k])]));
    const measure = view ? await this.measure(view, period, areas, nation.total) : undefined;
    return {
      query: { region: regionCode, from: f.from, to: f.to, peers: peerCodes },
      suggested: peerFilters.length === 0,
      candidates: peerFilters.length ? 'picked' : candidatesKind === 'state' ? 'states' : 'metropolitan and micropolitan statistical areas and custom regions',
      sectors: sectorKeys.map((k) => ({ naics2: k, title: titles.get(k) ?? k })),
      areas,
      k: this.envelope.k,
      suppressedCells: table.suppressedCount(),
      methodVersion: `${methodVersion('peers', true)}+${methodVersion('concentration')}`,
      notes,
      ...(measure ? { measure } : {}),
    };
  }

  /**
   * A view's headline measure for each area (its own request to the metric's service, region set to
   * the area, so disclosure control is the service's) and for the nation scaled to the region:
   * a rate or a level stays the national one; a count is the national count times the region's
   * share of national postings. The index is value / national value for rates, the location
   * quotient (value / postings) / (national value / national postings) for counts.
   */
  private async measure(view: DashboardView, period: { from?: string; to?: string }, areas: PeerArea[], nationPostings: number): Promise<PeerMeasure> {
    const d = PEER_MEASURES[view];
    const service = this.moduleRef.get(d.service, { strict: false });
    let echo: { from: string; to: string } | undefined;
    const figure = async (region: string): Promise<MeasureValue> => {
      const res = (await service.compute(await this.filters.parse({ ...d.params, region, ...period }, d.spec))) as { query: { from: string; to: string } };
      echo ??= { from: res.query.from, to: res.query.to };
      return d.read(res);
    };
    const own = areas.filter((a) => a.role !== 'nation-scaled');
    const nation = await figure('us');
    const values = await Promise.all(own.map((a) => figure(a.code)));
    const region = areas[0];
    const perPosting = (v: number | null, postings: number) => (v === null || postings === 0 ? null : v / postings);
    const nationRate = d.kind === 'count' ? perPosting(nation.value, nationPostings) : nation.value;
    const index = (v: number | null, postings: number) => {
      const x = d.kind === 'count' ? perPosting(v, postings) : v;
      return x === null || nationRate === null || nationRate === 0 ? null : r4(x / nationRate);
    };
    const rows: PeerMeasure['rows'] = own.map((a, i) => ({
      code: a.code,
      name: a.name,
      role: a.role,
      value: values[i].value === null ? null : r4(values[i].value),
      suppressed: values[i].suppressed,
      postings: a.postings,
      index: index(values[i].value, a.postings),
    }));
    const scaled = nation.value === null ? null : d.kind === 'count' ? (nationPostings ? Math.round((nation.value * region.postings) / nationPostings) : null) : r4(nation.value);
    rows.push({ code: 'us', name: 'United States, scaled to the region', role: 'nation-scaled', value: scaled, suppressed: nation.suppressed, postings: region.postings, index: scaled === null ? null : 1 });
    const params = new URLSearchParams({ ...d.params, region: '<area>', from: echo!.from, to: echo!.to });
    return {
      view,
      from: echo!.from,
      to: echo!.to,
      label: d.label,
      unit: d.unit,
      kind: d.kind,
      people: d.people,
      source: `GET /api/metrics/${d.metric}?${params.toString().replace('%3Carea%3E', '<area>')}`,
      rows,
      nationValue: nation.value === null ? null : r4(nation.value),
      nationPostings,
    };
  }

  private ds() {
    return this.repo.dataSource;
  }
}

const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);
