import { BarRanking, ChartFrame, toBarRankingSeries } from '@credpulse/web-charts';
import { QueryView } from '../../components/QueryState';
import { reportPdfUrl, useProgramReport } from './reports.api';
import { outcomeCells, peopleText } from './report.series';
import type { ProgramPublicDemand } from '@credpulse/contracts';
import { countText, gapLabelText } from '../program-demand/public-demand.series';
import { Block, Figure, Methodology, ReportHeader, ReportMapAndTrends, ReportOpening, ReportTable } from './ReportParts';

/** The program report for deans: /reports/program/:cip[?region=&from=&to=]. */
export function ProgramReportView({ cip, region, from, to }: { cip: string; region?: string; from?: string; to?: string }) {
  const params = { region, from, to };
  const query = useProgramReport(cip, params);
  return (
    <article className="report">
      <QueryView query={query} what="the program report" height={600}>
        {(r) => {
          const occ = toBarRankingSeries(r.occupations, { id: (o) => o.soc, label: (o) => `${o.title} (${o.soc})`, value: (o) => o.openings, valueLabel: 'Postings', categoryLabel: 'Occupation' });
          return (
            <>
              <ReportHeader report={r} pdfUrl={reportPdfUrl('program', cip, params)} />
              <ReportOpening report={r} />
              <section className="report-section">
                <h2>Headline figures</h2>
                <div className="report-headline">
                  <Figure label="postings in the program's occupations" value={r.headline.openings.toLocaleString('en-US')} />
                  <Figure label="openings per year" value={Math.round(r.headline.openingsPerYear).toLocaleString('en-US')} />
                  <Figure label={`completions per year (${r.headline.years} years)`} value={peopleText(r.headline.completionsPerYear)} />
                  <Figure label="annual gap" value={r.headline.gapPerYear === null ? 'n/a' : Math.round(r.headline.gapPerYear).toLocaleString('en-US')} />
                </div>
              </section>
              {r.publicDemand ? <PublicDemandBlock d={r.publicDemand} k={r.k} /> : null}
              <ReportMapAndTrends report={r} />
              <section className="report-section">
                <h2>Occupations</h2>
                <ChartFrame title="Postings by occupation (SOC)" table={occ.table} k={r.k} testId="report-occupations">
                  <BarRanking series={occ} k={r.k} label="Bar chart of postings by occupation" />
                </ChartFrame>
                <Block title="Openings and completions allocated in proportion to openings">
                  <ReportTable
                    columns={[{ label: 'Occupation (SOC)' }, { label: 'Openings', numeric: true }, { label: 'Allocated completions', numeric: true }]}
                    rows={r.occupations.map((o) => [`${o.title} (${o.soc})`, o.openings.toLocaleString('en-US'), o.allocatedCompletions === null ? 'suppressed / n/a' : o.allocatedCompletions.toFixed(1)])}
                    empty="No occupations mapped."
                  />
                </Block>
              </section>
              <section className="report-section">
                <h2>Outcomes</h2>
                <Block title="Earners 2 quarters after the award">
                  <ReportTable columns={[{ label: 'Credential' }, { label: 'Earners', numeric: true }, { label: 'Employed', numeric: true }, { label: 'Median quarterly wage', numeric: true }]} rows={r.outcomes.map(outcomeCells)} empty="No outcome data for this program." />
                </Block>
              </section>
              <Methodology report={r} />
            </>
          );
        }}
      </QueryView>
    </article>
  );
}

const n = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : Math.round(x).toLocaleString('en-US'));
const usd = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `$${Math.round(x).toLocaleString('en-US')}`);

/** The program card from public data, as the PDF prints it. */
function PublicDemandBlock({ d, k }: { d: ProgramPublicDemand; k: number }) {
  const years = d.basis.completionsYears;
  return (
    <section className="report-section" data-testid="report-public-demand">
      <h2>Supply and demand by award level (IPEDS, OEWS, BLS projections)</h2>
      <Block title={`Completions ${years.at(-1) ?? ''} against annual openings, by award level`}>
        <ReportTable
          columns={[{ label: 'Award level' }, { label: 'Completions', numeric: true }, { label: 'Openings a year', numeric: true }, { label: 'Gap', numeric: true }, { label: 'Label' }, { label: 'Postings', numeric: true }, { label: 'Median wage', numeric: true }]}
          rows={d.rows.map((x) => [x.label, countText(x.completions, k), n(x.openings), x.completions.suppressed ? 'n/a' : n(x.gap), gapLabelText(x.gapLabel), n(x.postings), usd(x.medianWage)])}
          empty="No completions or openings."
        />
      </Block>
      {years.length > 1 ? (
        <Block title="Completions by award level and IPEDS year">
          <ReportTable columns={[{ label: 'Award level' }, ...years.map((y) => ({ label: String(y), numeric: true }))]} rows={d.rows.map((x) => [x.label, ...years.map((y) => countText(x.completionsTrend.find((t) => t.year === y) ?? { value: 0, suppressed: false }, k))])} empty="" />
        </Block>
      ) : null}
      <Block title="Occupations behind the program">
        <ReportTable columns={[{ label: 'Occupation (SOC)' }, { label: 'Tier' }, { label: 'Employment', numeric: true }, { label: 'Openings a year', numeric: true }, { label: 'Median wage', numeric: true }]} rows={d.occupations.map((o) => [`${o.title} (${o.soc})`, o.tier, n(o.employment), n(o.openings), usd(o.medianWage)])} empty="No occupations." />
      </Block>
      <Block title="Neighbouring institutions, same CIP">
        <ReportTable columns={[{ label: 'Institution' }, { label: 'Completions', numeric: true }, { label: 'By award level' }]} rows={d.institutions.map((i) => [i.name, countText(i.completions, k), i.byAwardLevel.map((l) => `${l.label} ${countText(l.completions, k)}`).join('; ')])} empty="No institution in the region reports this program." />
      </Block>
      <Block title="Micro-credentials aligned with the program's occupations">
        <ReportTable columns={[{ label: 'Credential' }, { label: 'Postings naming it', numeric: true }, { label: 'Awards', numeric: true }]} rows={d.credentials.map((c) => [c.name, n(c.postingMentions), countText(c.awards, k)])} empty="No catalogued micro-credential targets these occupations." />
      </Block>
      <ul className="muted small">
        {d.basis.notes.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
    </section>
  );
}
