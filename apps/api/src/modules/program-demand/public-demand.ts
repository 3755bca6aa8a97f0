import { AWARD_LEVELS, AWARD_LEVEL_ORDER, AWARD_TIERS, type AwardTier, type CompletionsYear, type ProgramAwardLevelRow, type ProgramCredential, type ProgramInstitution, type ProgramOccupation, type ProtectedCount, type PublicDataBasis, type PublicSupplyDemand } from '@credpulse/contracts';
import { allocateOpeningsToPrograms, applyDisclosure, gapLabel, tierOfEducation, tierOfJobZone, weightedWage } from '@credpulse/metrics';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import type { CompletionCell, OewsInRegion, PrecomputedArea, PrecomputedAreaRows, ProjectionsInRegion, PublicDemandRepository, RankAreaRows } from './public-demand.repository.js';

/** The award level shown for a tier with openings but no completions in the region. */
const CANONICAL_LEVEL: Record<AwardTier, number> = { certificate: 2, associate: 3, bachelor: 5, master: 7, doctor: 17 };

export interface CrosswalkPair {
  cip: string;
  soc: string;
  soc_title: string | null;
}

/** Everything the public-data columns of one answer are computed from. */
export interface PublicContext {
  years: number[];
  latest: number | null;
  oews: OewsInRegion | null;
  proj: ProjectionsInRegion | null;
  tierBySoc: Map<string, { tier: AwardTier; source: 'projections' | 'onet-job-zone' }>;
  /** Annual openings in the region by SOC (full, before allocation). */
  openingsBySoc: Map<string, number>;
  /** Completions in the region, every loaded year (first majors by CIP, award level and year). */
  cells: CompletionCell[];
  /** Latest-year completions in the region: cip -> award level -> n. */
  latestByCip: Map<string, Map<number, number>>;
  /** Every program each SOC leads to (the whole crosswalk). */
  programsBySoc: Map<string, string[]>;
  /** Allocated openings: tier -> cip -> openings (proportional to the tier's completions). */
  allocated: Map<AwardTier, Map<string, number>>;
  basis: PublicDataBasis;
  k: number;
  /** Projections and the region's employment are both available. */
  hasOpenings: boolean;
}

/** Builds the public-data context for a region, or null when no public data is loaded at all. */
export async function publicContext(repo: PublicDemandRepository, f: ParsedFilters, crosswalk: readonly CrosswalkPair[], k: number, opts: { latestCellsOnly?: boolean } = {}): Promise<PublicContext | null> {
  const [years, oews, proj, zones] = await Promise.all([repo.completionYears(), repo.oews(f), repo.projections(f), repo.jobZones()]);
  if (years.length === 0 && !oews && !proj) return null;
  const latest = years.length ? years[years.length - 1] : null;
  // Every year at once (one index range of the rollup for a state): the program rows and cards of
  // the region are then answered from memory. The precompute needs the latest year only.
  const cells = latest === null ? [] : await repo.completions(f, opts.latestCellsOnly ? { year: latest } : {});
  const latestByCip = latestCompletions(cells, latest);
  const programsBySoc = programsOfSocs(crosswalk);

  const tierBySoc = new Map<string, { tier: AwardTier; source: 'projections' | 'onet-job-zone' }>();
  for (const soc of programsBySoc.keys()) {
    const fromProj = tierOfEducation(proj?.bySoc.get(soc)?.education);
    if (fromProj) tierBySoc.set(soc, { tier: fromProj, source: 'projections' });
    else {
      const z = tierOfJobZone(zones.get(soc));
      if (z) tierBySoc.set(soc, { tier: z, source: 'onet-job-zone' });
    }
  }
  const openingsBySoc = new Map<string, number>();
  const hasOpenings = !!(oews && proj && oews.bySoc.size > 0);
  if (hasOpenings && oews && proj) {
    for (const soc of programsBySoc.keys()) {
      const rate = proj.bySoc.get(soc)?.rate;
      const emp = oews.bySoc.get(soc)?.employment;
      if (rate !== undefined && emp !== undefined && emp !== null) openingsBySoc.set(soc, rate * emp);
    }
  }
  const allocated = new Map<AwardTier, Map<string, number>>();
  for (const tier of AWARD_TIERS) {
    const inTier = new Map([...openingsBySoc].filter(([soc]) => tierBySoc.get(soc)?.tier === tier));
    allocated.set(tier, allocateOpeningsToPrograms(inTier, programsBySoc, (cip) => tierCompletions(latestByCip.get(cip), tier)));
  }

  const notes: string[] = [];
  if (latest !== null) notes.push(`Completions: IPEDS ${latest} (July ${latest - 1} - June ${latest}) first majors at institutions located in the region; second majors and grand totals excluded. Earlier years loaded: ${years.slice(0, -1).join(', ') || 'none'}.`);
  else notes.push('Completions: no IPEDS completions are loaded.');
  if (oews && oews.bySoc.size === 0) notes.push(`Employment: no OEWS file for the region is loaded and the national estimates cannot be scaled to it (no postings in the period), so openings are not available.`);
  else if (oews) {
    notes.push(
      oews.scaledBy === null
        ? `Employment and wages: OEWS May ${oews.vintage}, ${oews.area === 'US' ? 'national' : oews.area} estimates.`
        : `Employment: OEWS May ${oews.vintage} national estimates scaled by the region's ${oews.scaledBy.method === 'population-share' ? 'share of the U.S. population (Census Vintage 2023)' : "share of the nation's postings in the period"} (${(oews.scaledBy.share * 100).toFixed(2)}%), because no OEWS file for the region is loaded; wages are national medians.`,
    );
  } else notes.push('Employment and wages: no OEWS estimates are loaded.');
  if (proj) notes.push(`Openings: BLS projections ${proj.vintage} (${proj.area === 'US' ? 'national' : `state ${proj.area}`}) annual openings per job, applied to the region's OEWS employment. Openings are projections, not vacancies.`);
  else notes.push('Openings: no employment projections are loaded, so openings are not available.');
  const basis: PublicDataBasis = {
    completionsYears: years,
    oewsVintage: oews?.vintage ?? null,
    oewsArea: oews?.area ?? null,
    scaledBy: oews?.scaledBy ?? null,
    projectionsVintage: proj?.vintage ?? null,
    projectionsArea: proj?.area ?? null,
    notes,
  };
  return { years, latest, oews, proj, tierBySoc, openingsBySoc, cells, latestByCip, programsBySoc, allocated, basis, k, hasOpenings };
}

function latestCompletions(cells: readonly CompletionCell[], latest: number | null): Map<string, Map<number, number>> {
  const latestByCip = new Map<string, Map<number, number>>();
  for (const c of cells) {
    if (c.year !== latest) continue;
    const m = latestByCip.get(c.cip) ?? new Map<number, number>();
    m.set(c.awardLevel, (m.get(c.awardLevel) ?? 0) + c.n);
    latestByCip.set(c.cip, m);
  }
  return latestByCip;
}

function programsOfSocs(crosswalk: readonly CrosswalkPair[]): Map<string, string[]> {
  const programsBySoc = new Map<string, string[]>();
  for (const x of crosswalk) {
    const l = programsBySoc.get(x.soc);
    if (l) l.push(x.cip);
    else programsBySoc.set(x.soc, [x.cip]);
  }
  return programsBySoc;
}

/**
 * What the precompute stores for an area (rollup_public_demand_*): the context without its
 * completion cells (the completions rollup holds them) and without the crosswalk.
 */
export function precomputedRows(area: string, ctx: PublicContext): PrecomputedAreaRows {
  const socs: PrecomputedAreaRows['socs'] = [];
  for (const soc of ctx.programsBySoc.keys()) {
    const o = ctx.oews?.bySoc.get(soc);
    const pr = ctx.proj?.bySoc.get(soc);
    const t = ctx.tierBySoc.get(soc);
    socs.push([soc, o !== undefined, o?.employment ?? null, o?.wage ?? null, pr?.rate ?? null, pr?.education ?? null, t?.tier ?? null, t?.source ?? null, ctx.openingsBySoc.get(soc) ?? null]);
  }
  const programs: PrecomputedAreaRows['programs'] = [];
  for (const [tier, m] of ctx.allocated) for (const [cip, n] of m) programs.push([cip, tier, n]);
  return {
    area,
    years: ctx.years,
    oews: ctx.oews ? { vintage: ctx.oews.vintage, area: ctx.oews.area, scaledBy: ctx.oews.scaledBy, size: ctx.oews.bySoc.size } : null,
    projections: ctx.proj ? { vintage: ctx.proj.vintage, area: ctx.proj.area } : null,
    hasOpenings: ctx.hasOpenings,
    basis: ctx.basis,
    socs,
    programs,
  };
}

/**
 * The context of an area from its precomputed rows: the same answers as publicContext() (compared in
 * program-demand-public-data.spec.ts) from one indexed read. When only some programs and occupations
 * were read (a program card), the maps hold just those, which is all a card looks up.
 */
export function contextFromPrecomputed(pre: PrecomputedArea, crosswalk: readonly CrosswalkPair[], k: number): PublicContext {
  const years = pre.years;
  const latest = years.length ? years[years.length - 1] : null;
  const cells: CompletionCell[] = pre.cells.map(([cip, awardLevel, year, n]) => ({ cip, awardLevel: Number(awardLevel), year: Number(year), n: Number(n) }));
  const oews: OewsInRegion | null = pre.oews ? { vintage: pre.oews.vintage, area: pre.oews.area, scaledBy: pre.oews.scaledBy, bySoc: new Map() } : null;
  const proj: ProjectionsInRegion | null = pre.projections ? { vintage: pre.projections.vintage, area: pre.projections.area, bySoc: new Map() } : null;
  const tierBySoc: PublicContext['tierBySoc'] = new Map();
  const openingsBySoc = new Map<string, number>();
  for (const [soc, inOews, employment, wage, rate, education, tier, tierSource, openings] of pre.socs) {
    if (inOews) oews?.bySoc.set(soc, { employment, wage });
    if (rate !== null) proj?.bySoc.set(soc, { rate, education });
    if (tier && tierSource) tierBySoc.set(soc, { tier, source: tierSource });
    if (openings !== null) openingsBySoc.set(soc, openings);
  }
  const allocated = new Map<AwardTier, Map<string, number>>(AWARD_TIERS.map((t) => [t, new Map<string, number>()]));
  for (const [cip, tier, n] of pre.programs) allocated.get(tier)?.set(cip, n);
  return { years, latest, oews, proj, tierBySoc, openingsBySoc, cells, latestByCip: latestCompletions(cells, latest), programsBySoc: programsOfSocs(crosswalk), allocated, basis: pre.basis, k, hasOpenings: pre.hasOpenings };
}

/** The context's completions of the programs under the CIP filter (all programs without one). */
function cellsUnder(ctx: PublicContext, f: ParsedFilters): CompletionCell[] {
  const prefix = f.cip?.code;
  return prefix ? ctx.cells.filter((c) => c.cip.startsWith(prefix)) : ctx.cells;
}

function tierCompletions(levels: Map<number, number> | undefined, tier: AwardTier): number {
  if (!levels) return 0;
  let n = 0;
  for (const [aw, c] of levels) if (AWARD_LEVELS[aw]?.tier === tier) n += c;
  return n;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The `public` block of each program row: latest-year completions (disclosure over the programs
 * and their total, and per earlier year), allocated and full-credit openings, wages, gap, label.
 */
export function publicForPrograms(
  f: ParsedFilters,
  ctx: PublicContext,
  programs: ReadonlyMap<string, { socs: ReadonlyMap<string, string> }>,
): { byCip: Map<string, PublicSupplyDemand>; suppressed: number } {
  const cips = [...programs.keys()];
  const cells = cellsUnder(ctx, f);
  const byYear = new Map<number, Map<string, number>>();
  for (const c of cells) {
    const m = byYear.get(c.year) ?? new Map<string, number>();
    m.set(c.cip, (m.get(c.cip) ?? 0) + c.n);
    byYear.set(c.year, m);
  }
  let suppressed = 0;
  const protectedByYear = new Map<number, Map<string, ProtectedCount>>();
  for (const year of ctx.years) {
    const counts = byYear.get(year) ?? new Map<string, number>();
    const prot = protect(cips.map((cip) => [cip, counts.get(cip) ?? 0]), ctx.k);
    suppressed += prot.suppressed;
    protectedByYear.set(year, prot.values);
  }
  const byCip = new Map<string, PublicSupplyDemand>();
  for (const [cip, p] of programs) {
    const socs = [...p.socs.keys()];
    const full = ctx.hasOpenings ? socs.reduce((s, soc) => s + (ctx.openingsBySoc.get(soc) ?? 0), 0) : null;
    let alloc: number | null = null;
    if (full !== null) {
      alloc = 0;
      for (const tier of AWARD_TIERS) alloc += ctx.allocated.get(tier)?.get(cip) ?? 0;
    }
    const completions = ctx.latest === null ? { value: 0, suppressed: false } : protectedByYear.get(ctx.latest)!.get(cip)!;
    byCip.set(cip, {
      completions,
      completionsTrend: ctx.years.map((year): CompletionsYear => ({ year, ...protectedByYear.get(year)!.get(cip)! })),
      openings: alloc === null ? null : round1(alloc),
      openingsFullCredit: full === null ? null : round1(full),
      medianWage: wageOf(ctx, socs),
      gap: alloc === null || completions.value === null ? null : round1(alloc - completions.value),
      gapLabel: gapLabel(completions.value, alloc, { suppressed: completions.suppressed, k: ctx.k }),
    });
  }
  return { byCip, suppressed };
}

/** Whether a program is a candidate of a program list on public data alone: completions in the latest year, or openings in one of its occupations. */
export function publicCandidate(ctx: PublicContext, cip: string, socs: Iterable<string>): boolean {
  if (ctx.latestByCip.has(cip)) return true;
  for (const s of socs) if ((ctx.openingsBySoc.get(s) ?? 0) > 0) return true;
  return false;
}

/**
 * "Programs with the largest gaps" of an area, precomputed: the `public` block of every program of
 * the crosswalk exactly as publicForPrograms() gives it in an answer without a CIP filter. That
 * answer's disclosure runs over its candidates; only the ones with completions enter it, and the
 * latest year's are all candidates on public data. A program with completions in an earlier year
 * only, and neither completions in the latest year nor openings, would join that year's system if
 * postings or awards made it a candidate: those are `liveOnly` (such an answer computes live). `ctx`
 * holds the completions of every loaded year (by CIP at least) and the deployment's k.
 */
export function rankRows(area: string, ctx: PublicContext, programs: ReadonlyMap<string, { socs: ReadonlyMap<string, string> }>): RankAreaRows {
  const inAnyYear = new Set<string>();
  for (const c of ctx.cells) if (c.n > 0) inAnyYear.add(c.cip);
  const candidates = new Map<string, { socs: ReadonlyMap<string, string> }>();
  const others = new Map<string, { socs: ReadonlyMap<string, string> }>();
  const notCandidates: string[] = [];
  const liveOnly: string[] = [];
  for (const [cip, p] of programs) {
    if (publicCandidate(ctx, cip, p.socs.keys())) candidates.set(cip, p);
    else {
      notCandidates.push(cip);
      if (inAnyYear.has(cip)) liveOnly.push(cip);
      else others.set(cip, p);
    }
  }
  const f = { cip: undefined } as unknown as ParsedFilters;
  const pub = publicForPrograms(f, ctx, candidates);
  // Programs with no completions in any year: zeros everywhere, outside every disclosure system.
  const rest = publicForPrograms(f, ctx, others);
  const rows: RankAreaRows['rows'] = [];
  for (const [cip, block] of [...pub.byCip, ...rest.byCip]) rows.push([cip, block.gap, block]);
  return { area, suppressed: pub.suppressed + rest.suppressed, notCandidates, liveOnly, rows };
}

function wageOf(ctx: PublicContext, socs: readonly string[]): number | null {
  if (!ctx.oews || ctx.oews.bySoc.size === 0) return null;
  return weightedWage(socs.map((soc) => ({ wage: ctx.oews!.bySoc.get(soc)?.wage ?? null, employment: ctx.oews!.bySoc.get(soc)?.employment ?? null })));
}

/** Disclosure over parts and their total (only non-zero parts enter the system; zeros hide nobody). */
function protect(parts: [string, number][], k: number): { values: Map<string, ProtectedCount>; total: ProtectedCount; suppressed: number } {
  const cells = parts.filter(([, n]) => n > 0).map(([id, count]) => ({ id, count }));
  const ids = cells.map((c) => c.id);
  cells.push({ id: '__total', count: cells.reduce((s, c) => s + c.count, 0) });
  const prot = applyDisclosure(cells, [{ total: '__total', parts: ids }], k);
  const values = new Map<string, ProtectedCount>();
  let suppressed = 0;
  for (const [id] of parts) {
    const v = prot.get(id) ?? { value: 0, suppressed: false };
    if (v.suppressed) suppressed++;
    values.set(id, { value: v.value, suppressed: v.suppressed });
  }
  const total = prot.get('__total')!;
  if (total.suppressed) suppressed++;
  return { values, total: { value: total.value, suppressed: total.suppressed }, suppressed };
}

export interface AwardLevelAnswer {
  rows: ProgramAwardLevelRow[];
  totals: { completions: number | null; openings: number | null; postings: number };
  suppressed: number;
  program: { cip: string; title: string; occupations: ProgramOccupation[]; institutions: ProgramInstitution[]; credentials: ProgramCredential[] } | null;
}

/**
 * Rows per award level for the programs under the CIP filter (every program without one):
 * completions by level and year, the tier's allocated openings shared among the levels of the tier
 * in proportion to their completions, postings and wages of the tier's occupations.
 */
export async function awardLevelRows(
  repo: PublicDemandRepository,
  f: ParsedFilters,
  ctx: PublicContext,
  programs: ReadonlyMap<string, { title: string; socs: ReadonlyMap<string, string> }>,
  postingsBySoc: ReadonlyMap<string, number>,
  card?: Promise<CardReads>,
): Promise<AwardLevelAnswer> {
  const cells = cellsUnder(ctx, f);
  const byYearLevel = new Map<number, Map<number, number>>();
  for (const c of cells) {
    const m = byYearLevel.get(c.year) ?? new Map<number, number>();
    m.set(c.awardLevel, (m.get(c.awardLevel) ?? 0) + c.n);
    byYearLevel.set(c.year, m);
  }
  const socTitles = new Map<string, string>();
  for (const p of programs.values()) for (const [soc, title] of p.socs) socTitles.set(soc, title);
  const socs = [...socTitles.keys()];
  const socsOfTier = (tier: AwardTier) => socs.filter((s) => ctx.tierBySoc.get(s)?.tier === tier);
  const openingsOfTier = new Map<AwardTier, number | null>();
  for (const tier of AWARD_TIERS) {
    if (!ctx.hasOpenings) openingsOfTier.set(tier, null);
    else {
      let s = 0;
      for (const cip of programs.keys()) s += ctx.allocated.get(tier)?.get(cip) ?? 0;
      openingsOfTier.set(tier, s);
    }
  }
  // Levels shown: every level with completions in a loaded year, and a tier's usual level when the
  // tier has openings but no completions.
  const levels = new Set<number>();
  for (const m of byYearLevel.values()) for (const [aw, n] of m) if (n > 0) levels.add(aw);
  for (const tier of AWARD_TIERS) {
    const hasLevel = [...levels].some((aw) => AWARD_LEVELS[aw]?.tier === tier);
    if (!hasLevel && (openingsOfTier.get(tier) ?? 0) > 0) levels.add(CANONICAL_LEVEL[tier]);
  }
  const ordered = AWARD_LEVEL_ORDER.filter((aw) => levels.has(aw));
  let suppressed = 0;
  const prot = new Map<number, ReturnType<typeof protect>>();
  for (const year of ctx.years) {
    const m = byYearLevel.get(year) ?? new Map<number, number>();
    const p = protect(ordered.map((aw) => [String(aw), m.get(aw) ?? 0]), ctx.k);
    suppressed += p.suppressed;
    prot.set(year, p);
  }
  const latestCounts = ctx.latest === null ? new Map<number, number>() : (byYearLevel.get(ctx.latest) ?? new Map<number, number>());
  const rows: ProgramAwardLevelRow[] = ordered.map((aw) => {
    const { label, tier } = AWARD_LEVELS[aw];
    const inTier = ordered.filter((x) => AWARD_LEVELS[x].tier === tier);
    const tierCompletions = inTier.reduce((s, x) => s + (latestCounts.get(x) ?? 0), 0);
    const tierOpen = openingsOfTier.get(tier) ?? null;
    // Shares use the true counts: openings are not about people, and a share is not published.
    const share = tierCompletions > 0 ? (latestCounts.get(aw) ?? 0) / tierCompletions : 1 / inTier.length;
    const openings = tierOpen === null ? null : round1(tierOpen * share);
    const completions = ctx.latest === null ? { value: 0, suppressed: false } : prot.get(ctx.latest)!.values.get(String(aw))!;
    const tierSocs = socsOfTier(tier);
    return {
      awardLevel: aw,
      label,
      tier,
      completions,
      completionsTrend: ctx.years.map((year) => ({ year, ...prot.get(year)!.values.get(String(aw))! })),
      openings,
      openingsFullCredit: ctx.hasOpenings ? round1(tierSocs.reduce((s, soc) => s + (ctx.openingsBySoc.get(soc) ?? 0), 0)) : null,
      postings: tierSocs.reduce((s, soc) => s + (postingsBySoc.get(soc) ?? 0), 0),
      medianWage: wageOf(ctx, tierSocs),
      gap: openings === null || completions.value === null ? null : round1(openings - completions.value),
      gapLabel: gapLabel(completions.value, openings, { suppressed: completions.suppressed, k: ctx.k }),
    };
  });
  const total = ctx.latest === null ? null : prot.get(ctx.latest)!.total;
  const openingsTotal = rows.some((r) => r.openings !== null) ? round1(rows.reduce((s, r) => s + (r.openings ?? 0), 0)) : null;

  let program: AwardLevelAnswer['program'] = null;
  if (f.cip) {
    const cip = f.cip.code;
    const occupations: ProgramOccupation[] = socs
      .map((soc) => {
        const t = ctx.tierBySoc.get(soc);
        const rate = ctx.proj?.bySoc.get(soc)?.rate ?? null;
        const o = ctx.oews?.bySoc.get(soc);
        return {
          soc,
          title: socTitles.get(soc) ?? soc,
          tier: t?.tier ?? 'bachelor',
          tierSource: t?.source ?? 'onet-job-zone',
          employment: o?.employment === null || o?.employment === undefined ? null : Math.round(o.employment),
          openings: ctx.openingsBySoc.has(soc) ? round1(ctx.openingsBySoc.get(soc)!) : null,
          openingsRate: rate === null ? null : Math.round(rate * 1000) / 10,
          medianWage: o?.wage ?? null,
          postings: postingsBySoc.get(soc) ?? 0,
        };
      })
      .sort((a, b) => (b.openings ?? -1) - (a.openings ?? -1) || b.postings - a.postings || a.soc.localeCompare(b.soc));
    // Read beside the context when the caller started them (same latest year), else now.
    let reads = card ? await card : undefined;
    if (!reads || reads.year !== ctx.latest) reads = await readCard(repo, f, cip, ctx.latest, socs, programs.get(cip)?.title);
    const { credentials: creds, title: cipTitle } = reads;
    const institutions = ctx.latest === null ? { rows: [], suppressed: 0 } : protectInstitutions(reads.institutions, ctx.k);
    suppressed += institutions.suppressed;
    const credProt = protect(creds.map((c) => [String(c.id), c.awards]), ctx.k);
    suppressed += credProt.suppressed;
    const credentials: ProgramCredential[] = creds
      .map((c) => ({ id: c.id, name: c.name, postingMentions: c.mentions, awards: credProt.values.get(String(c.id))! }))
      .sort((a, b) => b.postingMentions - a.postingMentions || a.name.localeCompare(b.name))
      .slice(0, 25);
    const title = cipTitle ?? cip;
    program = { cip, title, occupations, institutions: institutions.rows, credentials };
  }
  return { rows, totals: { completions: total?.value ?? null, openings: openingsTotal, postings: socs.reduce((s, soc) => s + (postingsBySoc.get(soc) ?? 0), 0) }, suppressed, program };
}

/** Institutions listed on a program card (the largest by completions). */
const MAX_INSTITUTIONS = 25;

type InstitutionReads = Awaited<ReturnType<PublicDemandRepository['institutions']>>;

/** What a program card reads besides the context: institutions (latest year), credentials, title. */
export interface CardReads {
  year: number | null;
  institutions: InstitutionReads;
  credentials: Awaited<ReturnType<PublicDemandRepository['credentials']>>;
  title: string | null;
}

/**
 * A program card's own reads, side by side (and beside the context when the caller knows the latest
 * completion year): the region's institutions with the CIP's completions, the micro-credentials
 * aligned with the programs' occupations, the CIP's title when the crosswalk has none.
 */
export async function readCard(repo: PublicDemandRepository, f: ParsedFilters, cip: string, year: number | null, socs: string[], title: string | undefined | Promise<string | null>): Promise<CardReads> {
  const [institutions, credentials, t] = await Promise.all([year === null ? [] : repo.institutions(f, cip, year), repo.credentials(f, socs), title ?? repo.cipTitle(cip)]);
  return { year, institutions, credentials, title: t };
}

function protectInstitutions(raw: InstitutionReads, k: number): { rows: ProgramInstitution[]; suppressed: number } {
  const byUnit = new Map<number, { name: string; county: string | null; levels: Map<number, number> }>();
  for (const r of raw) {
    const u = byUnit.get(r.unitid) ?? { name: r.name, county: r.county, levels: new Map<number, number>() };
    u.levels.set(r.awardLevel, (u.levels.get(r.awardLevel) ?? 0) + r.n);
    byUnit.set(r.unitid, u);
  }
  // The largest institutions are listed (the audit of thousands of overlapping sums took a second
  // for a national 2-digit CIP). One disclosure system: levels add up to each institution's total,
  // and, when every institution is listed, institutions to the region's.
  const totals = [...byUnit].map(([unitid, u]) => ({ unitid, total: [...u.levels.values()].reduce((a, b) => a + b, 0) })).filter((x) => x.total > 0);
  totals.sort((a, b) => b.total - a.total || a.unitid - b.unitid);
  const listed = totals.slice(0, MAX_INSTITUTIONS);
  const cells: { id: string; count: number }[] = [];
  const groups: { total: string; parts: string[] }[] = [];
  const instIds: string[] = [];
  for (const { unitid, total } of listed) {
    const u = byUnit.get(unitid)!;
    const id = `i${unitid}`;
    instIds.push(id);
    cells.push({ id, count: total });
    const parts = [...u.levels].filter(([, n]) => n > 0).map(([aw, n]) => {
      cells.push({ id: `${id}:${aw}`, count: n });
      return `${id}:${aw}`;
    });
    groups.push({ total: id, parts });
  }
  if (listed.length === totals.length) {
    cells.push({ id: '__total', count: listed.reduce((s, x) => s + x.total, 0) });
    groups.push({ total: '__total', parts: instIds });
  }
  const prot = applyDisclosure(cells, groups, k);
  let suppressed = 0;
  for (const v of prot.values()) if (v.suppressed) suppressed++;
  const rows: ProgramInstitution[] = listed
    .map(({ unitid }) => [unitid, byUnit.get(unitid)!] as const)
    .map(([unitid, u]) => ({
      unitid,
      name: u.name,
      countyFips: u.county,
      completions: { value: prot.get(`i${unitid}`)!.value, suppressed: prot.get(`i${unitid}`)!.suppressed },
      byAwardLevel: AWARD_LEVEL_ORDER.filter((aw) => (u.levels.get(aw) ?? 0) > 0).map((aw) => ({
        awardLevel: aw,
        label: AWARD_LEVELS[aw].label,
        completions: { value: prot.get(`i${unitid}:${aw}`)!.value, suppressed: prot.get(`i${unitid}:${aw}`)!.suppressed },
      })),
    }))
    .sort((a, b) => (b.completions.value ?? -1) - (a.completions.value ?? -1) || a.name.localeCompare(b.name));
  return { rows, suppressed };
}
