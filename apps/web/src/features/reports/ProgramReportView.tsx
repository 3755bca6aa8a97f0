import { BarRanking, ChartFrame, toBarRankingSeries } from '@credpulse/web-charts';
import { QueryView } from '../../components/QueryState';
import { reportPdfUrl, useProgramReport } from './reports.api';
import { outcomeCells, peopleText } from './report.series';
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
