import { NO_MATCH_CIP, NO_MATCH_SOC } from '@credpulse/taxonomy';
import { Injectable } from '@nestjs/common';
import { GROUP_BY, type ProgramDemandResponse, type ProgramDemandRow } from '@credpulse/contracts';
import { allocateProportional, applyDisclosure, averageCompletions, methodVersion, programGap } from '@credpulse/metrics';
import { DataSource } from 'typeorm';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows, SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { nationCondition, pickSource } from '../analytics/rollups/sources.js';

export const PROGRAM_DEMAND_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'cip', 'groupBy', 'limit'],
  groupBy: GROUP_BY.programDemand.filter((g) => g === 'cip'),
  defaultGroupBy: 'cip',
  defaultMonths: 24,
  extra: { proof: PROOF_PARAM },
};

@Injectable()
export class ProgramDemandService {
  constructor(
    private readonly ds: DataSource,
    private readonly envelope: EnvelopeService,
  ) {}

  private cached?: { version: string; rows: CrosswalkRow[] };

  /**
   * The CIP-SOC crosswalk with titles, kept in memory until the taxonomies are loaded again (one
   * small query checks): 6,000 joined rows per request were a third of the answer's time.
   * The crosswalk's "no match" rows (CIP 99.9999 / SOC 99-9999) pair a code with nothing; they are
   * not programs or occupations and never appear in program demand.
   */
  private async crosswalk(): Promise<CrosswalkRow[]> {
    const [{ v }]: { v: string }[] = await this.ds.query(`SELECT COALESCE(max(loaded_at)::text, '') AS v FROM taxonomy_version`);
    if (this.cached?.version === v) return this.cached.rows;
    const rows: CrosswalkRow[] = await this.ds.query(
      `SELECT cs.cip_code AS cip, cs.soc_code AS soc, c.title AS cip_title, s.title AS soc_title
       FROM cip_soc cs LEFT JOIN cip c ON c.code = cs.cip_code LEFT JOIN soc s ON s.code = cs.soc_code
       WHERE cs.cip_code <> $1 AND cs.soc_code <> $2`,
      [NO_MATCH_CIP, NO_MATCH_SOC],
    );
    this.cached = { version: v, rows };
    return rows;
  }

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<ProgramDemandResponse> {
    const raw = opts.raw === true || !pickSource('postingSoc', f, { skip: ['cip'] }).rollup || !pickSource('awardCip', f, { skip: ['cip'] }).rollup;
    const ps = pickSource('postingSoc', f, { forceRaw: raw, skip: ['cip'] });
    const aw = pickSource('awardCip', f, { forceRaw: raw });

    const crosswalk = (await this.crosswalk()).filter((c) => !f.cip || c.cip.startsWith(f.cip.code));
    const p1 = new SqlParams();
    const openingsRows: { soc: string; n: number }[] = await this.ds.query(
      `SELECT soc_code AS soc, sum(unique_n)::int AS n FROM ${ps.from} x ${where([...whereFilters(f, ps.map, p1, ['cip']), ...nationCondition(ps, f)])} GROUP BY 1`,
      p1.values,
    );
    const p2 = new SqlParams();
    const awardRows: { cip: string; n: number }[] = await this.ds.query(
      `SELECT program_cip AS cip, sum(n)::int AS n FROM ${aw.from} x ${where([...whereFilters(f, aw.map, p2), ...nationCondition(aw, f), `program_cip <> '--'`])} GROUP BY 1`,
      p2.values,
    );
    const openings = new Map(openingsRows.map((o) => [o.soc, o.n]));
    const awards = new Map(awardRows.map((a) => [a.cip, a.n]));
    const programs = new Map<string, { title: string; socs: Map<string, string> }>();
    for (const c of crosswalk) {
      const p = programs.get(c.cip) ?? { title: c.cip_title ?? c.cip, socs: new Map<string, string>() };
      p.socs.set(c.soc, c.soc_title ?? c.soc);
      programs.set(c.cip, p);
    }
    // Years covered by the period (whole or partial calendar years); completions are averaged per year.
    const years = Number(f.to.slice(0, 4)) - Number(f.from.slice(0, 4)) + 1;
    const months = (Number(f.to.slice(0, 4)) - Number(f.from.slice(0, 4))) * 12 + Number(f.to.slice(5)) - Number(f.from.slice(5)) + 1;

    const candidates = [...programs.entries()].filter(([cip, p]) => (awards.get(cip) ?? 0) > 0 || [...p.socs.keys()].some((s) => (openings.get(s) ?? 0) > 0));
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

    const rows: ProgramDemandRow[] = candidates.map(([cip, p]) => {
      const bySoc = new Map([...p.socs.keys()].map((s) => [s, openings.get(s) ?? 0]));
      const open = [...bySoc.values()].reduce((a, b) => a + b, 0);
      const c = prot.get(cip)!;
      const perYear = c.value === null || years < 2 ? null : averageCompletions(Array.from({ length: years }, () => c.value! / years));
      const alloc = perYear === null ? null : allocateProportional(perYear, bySoc);
      const openingsPerYear = round((open / months) * 12);
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
        gapPerYear: perYear === null ? null : round(openingsPerYear - perYear),
      };
    });
    rows.sort((a, b) => (b.gapPerYear ?? -Infinity) - (a.gapPerYear ?? -Infinity) || b.openings - a.openings || a.cip.localeCompare(b.cip));
    const cut = limitRows(rows, f.limit);
    const total = prot.get('__total')!;
    const candidateSocs = new Set(candidates.flatMap(([, p]) => [...p.socs.keys()]));
    const res = await this.envelope.buildResponse({
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
      ],
    });
    return { ...res, methods: { fullCredit: methodVersion('programDemand'), proportional: methodVersion('programDemandProportional') } };
  }
}

interface CrosswalkRow {
  cip: string;
  soc: string;
  cip_title: string | null;
  soc_title: string | null;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
