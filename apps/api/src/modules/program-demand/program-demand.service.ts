import { Injectable } from '@nestjs/common';
import { GROUP_BY, type ProgramDemandAwardLevelResponse, type ProgramDemandPublicRow, type ProgramDemandResponse, type PublicDataBasis, type PublicSupplyDemand, ProgramDemandQuery } from '@credpulse/contracts';
import { allocateProportional, applyDisclosure, averageCompletions, methodVersion, monthCount, programGap } from '@credpulse/metrics';
import { DataSource } from 'typeorm';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { rollupCanAnswer } from '../analytics/catalogue/source.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { ProgramDemandRepository, type CrosswalkRow, type DemandVersions } from './program-demand.repository.js';
import { PublicDemandRepository, publicDemandVersion } from './public-demand.repository.js';
import { awardLevelRows, contextFromPrecomputed, publicCandidate, publicContext, publicForPrograms, readCard, type CardReads, type PublicContext } from './public-demand.js';
import { refreshPublicDemand } from './public-demand.refresh.js';

export const PROGRAM_DEMAND_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'cip', 'groupBy', 'limit'],
  groupBy: GROUP_BY.programDemand.filter((g) => g === 'cip' || g === 'award-level'),
  defaultGroupBy: 'cip',
  defaultMonths: 24,
  extra: {
    proof: PROOF_PARAM,
    rank: { values: ['postings', 'gap'], describe: 'order of program rows: postings (gap per year of postings minus micro-credential awards, the default) or gap (public-data gap: openings minus IPEDS completions)' },
  },
};

@Injectable()
export class ProgramDemandService {
  private readonly publicRepo: PublicDemandRepository;
  private readonly repo: ProgramDemandRepository;

  constructor(
    private readonly ds: DataSource,
    private readonly envelope: EnvelopeService,
  ) {
    this.publicRepo = new PublicDemandRepository(ds);
    this.repo = new ProgramDemandRepository(ds);
  }

  private cached?: { version: string; rows: CrosswalkRow[] };

  /**
   * The CIP-SOC crosswalk with titles, kept in memory until the taxonomies are loaded again
   * (`taxonomy` version): 6,000 joined rows per request were a third of the answer's time.
   * The crosswalk's "no match" rows (CIP 99.9999 / SOC 99-9999) pair a code with nothing; they are
   * not programs or occupations and never appear in program demand.
   */
  private async crosswalk(taxonomy: string): Promise<CrosswalkRow[]> {
    if (this.cached?.version === taxonomy) return this.cached.rows;
    const rows = await this.repo.crosswalk();
    this.cached = { version: taxonomy, rows };
    return rows;
  }

  private programsKept = new Map<string, { crosswalk: CrosswalkRow[]; programs: Map<string, { title: string; socs: Map<string, string> }> }>();

  /**
   * The crosswalk under a CIP prefix and its programs (title, occupations), kept per taxonomy version
   * and prefix (read only by the answers): grouping 6,000 crosswalk rows was a tenth of an answer's CPU.
   */
  private programsOf(all: CrosswalkRow[], taxonomy: string, cip: string | undefined): { crosswalk: CrosswalkRow[]; programs: Map<string, { title: string; socs: Map<string, string> }> } {
    const key = `${taxonomy}|${cip ?? ''}`;
    const kept = this.programsKept.get(key);
    if (kept && this.cached?.rows === all) return kept;
    if (this.programsKept.size >= 64 || (kept && this.cached?.rows !== all)) this.programsKept.clear();
    const crosswalk = all.filter((c) => !cip || c.cip.startsWith(cip));
    const programs = new Map<string, { title: string; socs: Map<string, string> }>();
    for (const c of crosswalk) {
      const p = programs.get(c.cip) ?? { title: c.cip_title ?? c.cip, socs: new Map<string, string>() };
      p.socs.set(c.soc, c.soc_title ?? c.soc);
      programs.set(c.cip, p);
    }
    const out = { crosswalk, programs };
    this.programsKept.set(key, out);
    return out;
  }

  private years?: { version: string; years: Promise<number[]> };

  /** Loaded completion years, kept until the next public-data load (`publicData` version). */
  private completionYears(publicData: string): Promise<number[]> {
    if (this.years?.version !== publicData) {
      const years = this.publicRepo.completionYears();
      years.catch(() => (this.years = undefined));
      this.years = { version: publicData, years };
    }
    return this.years.years;
  }

  private titles?: { version: string; byCip: Promise<Map<string, string>> };

  /** A CIP's title (a 2- or 4-digit series the crosswalk does not name): every title read once per taxonomy version. */
  private async cipTitle(cip: string, taxonomy: string): Promise<string | null> {
    if (this.titles?.version !== taxonomy) {
      const byCip = this.publicRepo.cipTitles();
      byCip.catch(() => (this.titles = undefined));
      this.titles = { version: taxonomy, byCip };
    }
    return (await this.titles.byCip).get(cip) ?? null;
  }

  private contexts = new Map<string, Promise<PublicContext | null>>();

  private keep(key: string, ctx: Promise<PublicContext | null>): Promise<PublicContext | null> {
    if (this.contexts.size >= 64) this.contexts.delete(this.contexts.keys().next().value!);
    ctx.catch(() => this.contexts.delete(key));
    this.contexts.set(key, ctx);
    return ctx;
  }

  /**
   * The public-data context of a region (completions, OEWS, projections, tiers, allocation over the
   * whole crosswalk). The nation and the states read it precomputed (rollup_public_demand_*, one
   * query; a program card reads only its programs and their occupations); other regions compute it.
   * Whole contexts are kept until any load changes the data: a dean browsing one region reuses it.
   */
  private async publicContextFor(f: ParsedFilters, v: DemandVersions): Promise<PublicContext | null> {
    // Nothing loaded at all (no public_data_load row): no public columns, no further reads.
    if (v.publicData.startsWith('0:')) return null;
    const crosswalk = await this.crosswalk(v.taxonomy);
    // Custom regions can change their counties without a data load: never kept.
    if (f.region.kind === 'custom') return publicContext(this.publicRepo, f, crosswalk, this.envelope.k);
    // The nation and states never depend on the period (their employment is their own OEWS file, the
    // national one, or the national one scaled by population): one context per data version.
    const periodFree = f.region.kind === 'us' || f.region.kind === 'state';
    const key = `${v.data}|${v.publicData}|${f.region.kind}:${f.region.code}|${periodFree ? '' : `${f.from}|${f.to}`}|${this.envelope.k}`;
    const kept = this.contexts.get(key);
    if (kept) {
      const got = await kept;
      // A state without a population figure was scaled by its share of the period's postings.
      if (!(periodFree && got?.oews?.scaledBy?.method === 'postings-share')) return got;
      this.contexts.delete(key);
      return publicContext(this.publicRepo, f, crosswalk, this.envelope.k);
    }
    if (periodFree) {
      const area = f.region.kind === 'us' ? 'US' : f.region.code;
      const version = publicDemandVersion(v);
      const prefix = f.groupBy === 'award-level' ? f.cip?.code : undefined;
      if (prefix !== undefined) {
        const cips = new Set<string>();
        const socs = new Set<string>();
        for (const c of crosswalk) {
          if (!c.cip.startsWith(prefix)) continue;
          cips.add(c.cip);
          socs.add(c.soc);
        }
        const pre = await this.publicRepo.precomputedArea(area, version, { cipPrefix: prefix, cips: [...cips], socs: [...socs] });
        if (pre) return contextFromPrecomputed(pre, crosswalk, this.envelope.k);
      } else {
        const pre = await this.publicRepo.precomputedArea(area, version);
        if (pre) return this.keep(key, Promise.resolve(contextFromPrecomputed(pre, crosswalk, this.envelope.k)));
      }
      this.refreshStale(version);
    }
    const got = await this.keep(key, publicContext(this.publicRepo, f, crosswalk, this.envelope.k));
    if (periodFree && got?.oews?.scaledBy?.method === 'postings-share') {
      this.contexts.delete(key);
      return publicContext(this.publicRepo, f, crosswalk, this.envelope.k);
    }
    return got;
  }

  private refreshing?: string;

  /**
   * Precomputed rows missing or older than the data (a taxonomy load, a database upgraded with
   * public data already loaded): rebuilt once per data version in the background, answered live
   * meanwhile. States left live (postings-scaled) come here too and are skipped by the guard.
   */
  private refreshStale(version: string): void {
    const key = `${version}|${this.envelope.k}`;
    if (this.refreshing === key) return;
    this.refreshing = key;
    refreshPublicDemand(this.ds, { k: this.envelope.k }).catch(() => undefined);
  }

  /** `groupBy=award-level` answers per award level (ProgramDemandAwardLevelResponse); otherwise per program. */
  /** `precomputedRank: false`: rank=gap computed live even where the precomputed ranking could answer (the equivalence spec). */
  compute(f: ParsedFilters & { groupBy: 'award-level' }, opts?: { raw?: boolean; precomputedRank?: boolean }): Promise<ProgramDemandAwardLevelResponse>;
  compute(f: ParsedFilters, opts?: { raw?: boolean; precomputedRank?: boolean }): Promise<ProgramDemandResponse>;
  async compute(f: ParsedFilters, opts: { raw?: boolean; precomputedRank?: boolean } = {}): Promise<ProgramDemandResponse | ProgramDemandAwardLevelResponse> {
    const raw = opts.raw === true || !rollupCanAnswer('postingSoc', f, { skip: ['cip'] }) || !rollupCanAnswer('awardCip', f, { skip: ['cip'] });

    // Independent reads run side by side (on a busy server each round trip waits for a core): the
    // public-data context, the crosswalk, postings by SOC and (per program only) awards by CIP.
    const v = await this.repo.versions();
    // "Programs with the largest gaps" of the nation or a state without a CIP filter: the ranking
    // precomputed at this k (its first rows), unless missing, stale or a candidate needs live.
    const rankArea = opts.precomputedRank !== false && f.extra.rank === 'gap' && !f.cip && f.groupBy !== 'award-level' && !v.publicData.startsWith('0:') && (f.region.kind === 'us' || f.region.kind === 'state') ? (f.region.kind === 'us' ? 'US' : f.region.code) : null;
    const rankP = rankArea === null ? Promise.resolve(null) : this.publicRepo.precomputedRank(rankArea, publicDemandVersion(v), this.envelope.k, f.limit);
    rankP.catch(() => undefined);
    let ctxP: Promise<PublicContext | null> | undefined;
    if (rankArea === null) {
      ctxP = this.publicContextFor(f, v);
      ctxP.catch(() => undefined); // awaited below; an earlier failure must not leave it unhandled
    }
    const [all, openingsRows, awardRows, ranked] = await Promise.all([this.crosswalk(v.taxonomy), this.repo.openings(f, raw), f.groupBy === 'award-level' ? Promise.resolve([]) : this.repo.awards(f, raw), rankP]);
    const { crosswalk, programs } = this.programsOf(all, v.taxonomy, f.cip?.code);
    const openings = new Map(openingsRows.map((o) => [o.soc, o.n]));
    const awards = new Map(awardRows.map((a) => [a.cip, a.n]));
    if (f.groupBy === 'award-level') {
      // A program card's own reads (institutions, credentials, title) start beside the context.
      let card: Promise<CardReads> | undefined;
      if (f.cip && !v.publicData.startsWith('0:')) {
        const cip = f.cip.code;
        const socs = [...new Set([...programs.values()].flatMap((p) => [...p.socs.keys()]))];
        card = this.completionYears(v.publicData).then((ys) => readCard(this.publicRepo, f, cip, ys.length ? ys[ys.length - 1] : null, socs, programs.get(cip)?.title ?? this.cipTitle(cip, v.taxonomy)));
        card.catch(() => undefined); // awaited in awardLevelRows, or unused when there is no context
      }
      return this.byAwardLevel(f, crosswalk, programs, openings, ctxP!, card);
    }
    // Years covered by the period (whole or partial calendar years); completions are averaged per year.
    const years = Number(f.to.slice(0, 4)) - Number(f.from.slice(0, 4)) + 1;
    const months = monthCount(f.from, f.to);

    const byPostings = ([cip, p]: [string, { socs: Map<string, string> }]) => (awards.get(cip) ?? 0) > 0 || [...p.socs.keys()].some((s) => (openings.get(s) ?? 0) > 0);
    let fast: { candidates: [string, { title: string; socs: Map<string, string> }][]; pub: { byCip: Map<string, PublicSupplyDemand>; suppressed: number }; basis: PublicDataBasis } | null = null;
    if (rankArea !== null && ranked) {
      const notCandidates = new Set(ranked.notCandidates);
      const liveOnly = new Set(ranked.liveOnly);
      const candidates = [...programs.entries()].filter((e) => !notCandidates.has(e[0]) || byPostings(e));
      if (!candidates.some(([cip]) => liveOnly.has(cip))) fast = { candidates, pub: { byCip: new Map(ranked.rows), suppressed: ranked.suppressed }, basis: ranked.basis };
    } else if (rankArea !== null) this.refreshStale(publicDemandVersion(v));
    if (rankArea !== null && !fast) {
      ctxP = this.publicContextFor(f, v);
    }
    const ctx = fast ? null : await ctxP!;
    // Programs with postings or awards, and with public data: IPEDS completions in the region or openings.
    const candidates = fast ? fast.candidates : [...programs.entries()].filter((e) => byPostings(e) || (ctx !== null && publicCandidate(ctx, e[0], e[1].socs.keys())));
    // Completions count people: disclosure control over the programs and their published total.
    // Programs with no completions are published zeros (they hide nobody and pin nothing), so only
    // non-zero programs enter the disclosure system: the audit's cost grows with its size.
    const cells = candidates.filter(([cip]) => (awards.get(cip) ?? 0) > 0).map(([cip]) => ({ id: cip, count: awards.get(cip)! }));
    const parts = cells.map((c) => c.id);
    cells.push({ id: '__total', count: cells.reduce((s, c) => s + c.count, 0) });
    const prot = applyDisclosure(cells, [{ total: '__total', parts }], this.envelope.k);
    for (const [cip] of candidates) if (!prot.has(cip)) prot.set(cip, { value: 0, suppressed: false });
    let suppressed = 0;
    for (const v of prot.values()) if (v.suppressed) suppressed++;

    const pub = fast ? fast.pub : ctx ? publicForPrograms(f, ctx, new Map(candidates)) : null;
    if (pub) suppressed += pub.suppressed;
    const basis = fast ? fast.basis : (ctx?.basis ?? null);

    // From the precomputed ranking only the programs read can reach the first `limit` rows.
    const listed = fast ? candidates.filter(([cip]) => fast.pub.byCip.has(cip)) : candidates;
    // Each candidate's ordering figures first; the full rows (occupations, allocation) only for the
    // first `limit` (building all ~1,500 candidates' rows was most of an answer's CPU).
    const keyed = listed.map(([cip, p]) => {
      let open = 0;
      for (const s of p.socs.keys()) open += openings.get(s) ?? 0;
      const c = prot.get(cip)!;
      const perYear = c.value === null || years < 2 ? null : averageCompletions(Array.from({ length: years }, () => c.value! / years));
      const openingsPerYear = round((open / months) * 12);
      return { cip, p, c, perYear, openings: open, openingsPerYear, gapPerYear: perYear === null ? null : round(openingsPerYear - perYear), public: pub?.byCip.get(cip) ?? null };
    });
    if (f.extra.rank === 'gap') keyed.sort((a, b) => (b.public?.gap ?? -Infinity) - (a.public?.gap ?? -Infinity) || b.openings - a.openings || a.cip.localeCompare(b.cip));
    else keyed.sort((a, b) => (b.gapPerYear ?? -Infinity) - (a.gapPerYear ?? -Infinity) || b.openings - a.openings || a.cip.localeCompare(b.cip));
    const first = limitRows(keyed, f.limit);
    const cut = {
      truncated: first.truncated,
      rows: first.rows.map(({ cip, p, c, perYear, openings: open, openingsPerYear, gapPerYear, public: pubRow }): ProgramDemandPublicRow => {
        const bySoc = new Map([...p.socs.keys()].map((s) => [s, openings.get(s) ?? 0]));
        const alloc = perYear === null ? null : allocateProportional(perYear, bySoc);
        return {
          cip,
          title: p.title,
          socs: [...p.socs.entries()]
            .map(([soc, title]) => ({ soc, title, openings: bySoc.get(soc) ?? 0, allocatedCompletions: alloc ? round(alloc.get(soc) ?? 0) : null }))
            .sort((a, b) => b.openings - a.openings || a.soc.localeCompare(b.soc)),
          openings: open,
          completionsPerYear: { value: perYear === null ? null : round(perYear), suppressed: c.suppressed },
          years,
          gap: c.value === null ? null : programGap(bySoc, c.value),
          openingsPerYear,
          gapPerYear,
          postings: open,
          public: pubRow,
        };
      }),
    };
    if (fast) cut.truncated = candidates.length > f.limit;
    const total = prot.get('__total')!;
    const candidateSocs = new Set<string>();
    for (const [, p] of candidates) for (const soc of p.socs.keys()) candidateSocs.add(soc);
    const res = await this.envelope.buildResponse({
      querySchema: ProgramDemandQuery,
      query: f,
      rows: cut.rows,
      totals: {
        openings: openingsRows.filter((o) => candidateSocs.has(o.soc)).reduce((s, o) => s + o.n, 0),
        completionsPerYear: total.value === null || years < 2 ? null : round(total.value / years),
      },
      truncated: cut.truncated,
      suppressedCells: suppressed,
      methodVersion: methodVersion('programDemand', true),
      notes: [
        `gap = openings in the program's SOCs - completions over the period (full credit: ${methodVersion('programDemand')}); allocatedCompletions per SOC = completions per year x openings_s / openings of the program's SOCs (${methodVersion('programDemandProportional')}).`,
        'Completions are averaged per calendar year touched by the period and need 2+ years; openings are unique postings.',
        ...(basis ? [`public: IPEDS completions, projected openings and OEWS wages (${methodVersion('programDemandPublic')}; full credit ${methodVersion('programDemandPublicFullCredit')}).`, ...basis.notes] : []),
      ],
    });
    return {
      ...res,
      methods: { fullCredit: methodVersion('programDemand'), proportional: methodVersion('programDemandProportional'), public: methodVersion('programDemandPublic', true), publicFullCredit: methodVersion('programDemandPublicFullCredit') },
      basis,
    };
  }

  private async byAwardLevel(
    f: ParsedFilters,
    crosswalk: CrosswalkRow[],
    programs: Map<string, { title: string; socs: Map<string, string> }>,
    postingsBySoc: Map<string, number>,
    context: Promise<PublicContext | null>,
    card?: Promise<CardReads>,
  ): Promise<ProgramDemandAwardLevelResponse> {
    const ctx = await context;
    const empty = { rows: [], totals: { completions: null, openings: null, postings: 0 }, suppressed: 0, program: null };
    const answer = ctx ? await awardLevelRows(this.publicRepo, f, ctx, programs, postingsBySoc, card) : empty;
    void crosswalk;
    const cut = limitRows(answer.rows, f.limit);
    const res = await this.envelope.buildResponse({
      querySchema: ProgramDemandQuery,
      query: f,
      rows: cut.rows,
      totals: answer.totals,
      truncated: cut.truncated,
      suppressedCells: answer.suppressed,
      methodVersion: methodVersion('programDemandPublic', true),
      notes: [
        ...(ctx?.basis.notes ?? ['No public data (IPEDS, OEWS, projections) is loaded: load it with credpulse public-data load.']),
        `openings per award level: each occupation's annual openings go to the award tier of its typical entry education and are shared among the programs leading to it in proportion to their completions at that tier (${methodVersion('programDemandPublic')}); openingsFullCredit gives each program all openings of its occupations (${methodVersion('programDemandPublicFullCredit')}). Within a tier, openings are shared among award levels by their completions.`,
        'label: gap when completions are below 0.8 x openings, surplus above 1.25 x, balanced between. Completions are graduates, not entrants to the local labour market; openings are projections.',
      ],
    });
    return {
      ...res,
      methods: { proportional: methodVersion('programDemandPublic'), fullCredit: methodVersion('programDemandPublicFullCredit') },
      basis: ctx?.basis ?? { completionsYears: [], oewsVintage: null, oewsArea: null, scaledBy: null, projectionsVintage: null, projectionsArea: null, notes: [] },
      program: answer.program,
    };
  }
}


function round(x: number): number {
  return Math.round(x * 100) / 100;
}
