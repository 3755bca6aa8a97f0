import { Injectable } from '@nestjs/common';
import { GROUP_BY, type RecognitionResponse, type RecognitionRow, RecognitionQuery } from '@credpulse/contracts';
import { degreeRequirementShare as degreeShare, methodVersion, recognitionRates, round, skillsFirstShare as sfShare } from '@credpulse/metrics';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { FilterSpec, ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { rollupCanAnswer, type SourceOptions } from '../analytics/catalogue/source.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { RecognitionRepository } from './recognition.repository.js';

export const RECOGNITION_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'naics', 'credential', 'groupBy', 'limit'],
  groupBy: GROUP_BY.recognition,
  defaultGroupBy: 'credential',
};

const LEVEL_NAMES = { 1: 'required', 2: 'preferred', 3: 'in_lieu' } as const;
type Naming = RecognitionRow['naming'];

@Injectable()
export class RecognitionService {
  constructor(
    private readonly repo: RecognitionRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<RecognitionResponse> {
    const groupBy = f.groupBy ?? 'credential';
    const needs = groupBy === 'naics3' || groupBy === 'naics4' ? [groupBy] : [];
    const forceRaw = opts.raw === true;
    // Target-SOC denominators: postings per SOC, or under a sector filter (postings per SOC carry
    // no sector) postings in each credential's target SOCs by sector.
    const targetSource = f.naics ? 'credentialMarket' : 'postingSoc';
    // one path for the whole answer, so its figures are consistent
    const raw =
      forceRaw ||
      !rollupCanAnswer('posting', f, { needs, skip: ['credential'] }) ||
      !rollupCanAnswer('postingCredential', f, { needs }) ||
      !rollupCanAnswer(targetSource, f, { skip: ['credential'] });
    const src: SourceOptions = { needs, forceRaw: raw };

    const [totals] = await this.repo.degreeCounts(f, src);
    let rows: RecognitionRow[];
    // mentions per credential: without a sector filter, the rollup summed over sectors
    if (groupBy === 'credential') rows = await this.byCredential(f, src, totals.postings);
    else rows = await this.byIndustry(f, groupBy, src);
    const cut = limitRows(rows, f.limit);
    return this.envelope.buildResponse({
      querySchema: RecognitionQuery,
      query: f,
      rows: cut.rows,
      totals: { postings: totals.postings, degreeRequirementShare: degreeRequirementShare(totals.bachelor, totals.postings), skillsFirstShare: skillsFirstShare(totals.skillsFirst, totals.postings) },
      truncated: cut.truncated,
      suppressedCells: 0,
      methodVersion: methodVersion('recognition'),
      notes: [
        'Credential rows: postings naming the credential among postings in its target SOCs. "any": postings naming any micro-credential, each once at its strongest level (required, then in lieu, then preferred), among all postings.',
        ...(raw ? [] : ['Answered from the monthly rollups.']),
      ],
    });
  }

  /** Unique postings, bachelor's-required and skills-first counts per month: the share trends of the reports (one query). */
  async degreeCountsByMonth(f: ParsedFilters): Promise<{ month: string; postings: number; bachelor: number; skillsFirst: number }[]> {
    const rows = await this.repo.degreeCounts(f, {}, `to_char(month, 'YYYY-MM')`);
    return rows.map(({ key, ...r }) => ({ month: key, ...r }));
  }

  private async byCredential(f: ParsedFilters, src: SourceOptions, allPostings: number): Promise<RecognitionRow[]> {
    // the two reads side by side (independent)
    const [namedRows, targets] = await Promise.all([
      this.repo.named(f, f.naics ? 'postingCredential' : 'credentialNaming', src, { key: 'credential_id', credentialIds: f.credential !== undefined ? 'filter' : 'all', inTarget: true }),
      this.repo.targets(f, src),
    ]);
    const named = namedRows.map((r) => ({ id: Number(r.key), level: r.level, n: r.n }));
    const ids = new Set<number>([...targets.map((t) => t.id), ...named.map((n) => n.id)]);
    const denom = new Map(targets.map((t) => [t.id, t.n]));
    denom.set(0, allPostings);
    const counts = new Map<number, Naming>();
    for (const r of named) {
      const c = counts.get(r.id) ?? { any: 0, required: 0, preferred: 0, in_lieu: 0 };
      c[LEVEL_NAMES[r.level]] += r.n;
      c.any += r.n;
      counts.set(r.id, c);
    }
    ids.add(0);
    const rows: RecognitionRow[] = [...ids].map((id) => {
      const naming = counts.get(id) ?? { any: 0, required: 0, preferred: 0, in_lieu: 0 };
      const postings = denom.get(id) ?? 0;
      return { key: id === 0 ? 'any' : String(id), label: id === 0 ? 'Any micro-credential' : String(id), postings, naming, rates: rates(naming, postings) };
    });
    // 'any' first, then by recognition rate, then by volume
    rows.sort((a, b) => (a.key === 'any' ? -1 : b.key === 'any' ? 1 : (b.rates.any ?? -1) - (a.rates.any ?? -1) || b.naming.any - a.naming.any || a.key.localeCompare(b.key)));
    // names for the rows answered only (the caller keeps the first `limit`; a year names ~2,000 credentials)
    const shown = rows.slice(0, f.limit).filter((r) => r.key !== 'any');
    const label = await this.repo.credentialNames(shown.map((r) => Number(r.key)));
    for (const r of shown) r.label = label.get(Number(r.key)) ?? r.key;
    return rows;
  }

  private async byIndustry(f: ParsedFilters, groupBy: string, src: SourceOptions): Promise<RecognitionRow[]> {
    const col = groupBy === 'naics3' ? 'naics3' : groupBy === 'naics4' ? 'naics4' : 'naics2';
    const base = (await this.repo.degreeCounts(f, src, col)).map((r) => ({ key: r.key, postings: r.postings, bachelor: r.bachelor, sf: r.skillsFirst }));
    const named = await this.repo.named(f, 'postingCredential', src, { key: col, credentialIds: 'one', inTarget: f.credential !== undefined });
    const title = await this.repo.naicsTitles(base.map((r) => r.key));
    const rows = base
      .filter((r) => r.postings > 0)
      .map((r): RecognitionRow => {
        const naming: Naming = { any: 0, required: 0, preferred: 0, in_lieu: 0 };
        for (const n of named) {
          if (n.key !== r.key) continue;
          naming[LEVEL_NAMES[n.level]] += n.n;
          naming.any += n.n;
        }
        return {
          key: r.key,
          label: title.get(r.key) ?? r.key,
          postings: r.postings,
          naming,
          rates: rates(naming, r.postings),
          degreeRequirementShare: degreeRequirementShare(r.bachelor, r.postings),
          skillsFirstShare: skillsFirstShare(r.sf, r.postings),
        };
      });
    return rows.sort((a, b) => b.postings - a.postings || a.key.localeCompare(b.key));
  }
}

// Chart-ready: shares to 4 decimals.
function rates(naming: Naming, postings: number): RecognitionRow['rates'] {
  const r = recognitionRates(naming.any, naming, postings);
  return { any: round(r.any), required: round(r.required), preferred: round(r.preferred), in_lieu: round(r.in_lieu) };
}
const degreeRequirementShare = (n: number, d: number) => round(degreeShare(n, d));
const skillsFirstShare = (n: number, d: number) => round(sfShare(n, d));
