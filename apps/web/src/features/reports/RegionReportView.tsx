import { BarRanking, ChartFrame } from '@credpulse/web-charts';
import { QueryView } from '../../components/QueryState';
import { reportPdfUrl, useRegionReport } from './reports.api';
import { gapSeries, industryCredentialSeries, notAlignedSeries, outcomeCells, peopleText, pctText, topSkillsSeries, usdText } from './report.series';
import { Block, Figure, Methodology, ReportHeader, ReportMapAndTrends, ReportOpening, ReportTable } from './ReportParts';

/** The regional report for a workforce board: /reports/region/:region[?from=&to=]. */
export function RegionReportView({ region, from, to }: { region: string; from?: string; to?: string }) {
  const period = { from, to };
  const query = useRegionReport(region, period);
  return (
    <article className="report">
      <QueryView query={query} what="the regional report" height={600}>
        {(r) => {
          const skills = topSkillsSeries(r);
          const gaps = gapSeries(r);
          return (
            <>
              <ReportHeader report={r} pdfUrl={reportPdfUrl('region', region, period)} />
              <ReportOpening report={r} />
              <section className="report-section">
                <h2>Headline figures</h2>
                <div className="report-headline">
                  <Figure label="unique job postings" value={r.headline.uniquePostings.toLocaleString('en-US')} />
                  <Figure label="median advertised annual wage" value={usdText(r.headline.medianAnnualWage)} />
                  <Figure label="postings requiring a bachelor's or higher" value={pctText(r.headline.degreeRequirementShare)} />
                  <Figure label="skills-first postings" value={pctText(r.headline.skillsFirstShare)} />
                </div>
              </section>
              <ReportMapAndTrends report={r} />
              <section className="report-section">
                <h2>Skills in demand and the largest gaps</h2>
                <ChartFrame title="Most demanded skills" description="Unique postings naming the skill." table={skills.table} k={r.k} testId="report-top-skills">
                  <BarRanking series={skills} k={r.k} label="Bar chart of the most demanded skills" />
                </ChartFrame>
                <ChartFrame title="Largest gaps" description="Postings naming the skill minus awards of credentials aligned to it, lowest supply/demand ratio first, among skills a catalogued credential teaches." table={gaps.table} k={r.k} testId="report-gaps">
                  <BarRanking series={gaps} k={r.k} label="Bar chart of the skills with the largest gaps" color="#D55E00" />
                </ChartFrame>
                {r.notAligned.length ? (
                  <ChartFrame title="In demand, no credential aligned" description="No catalogued credential teaches these skills: there is no supply to compare, so they are not ranked as gaps." table={notAlignedSeries(r).table} k={r.k} testId="report-not-aligned">
                    <BarRanking series={notAlignedSeries(r)} k={r.k} label="Bar chart of demanded skills no catalogued credential teaches" color="#8c8c8c" />
                  </ChartFrame>
                ) : null}
              </section>
              <section className="report-section">
                <h2>Recognition over the period</h2>
                <Block title="Credentials whose recognition moved most (share of postings in their target occupations naming them)">
                  <ReportTable
                    columns={[{ label: 'Credential' }, { label: 'Earlier half', numeric: true }, { label: 'Later half', numeric: true }, { label: 'Change (points)', numeric: true }]}
                    rows={r.recognitionChange.map((c) => [c.label, pctText(c.earlier), pctText(c.later), `${c.later >= c.earlier ? '+' : ''}${((c.later - c.earlier) * 100).toFixed(1)}`])}
                    empty="No credential had enough postings in both halves of the period."
                  />
                </Block>
              </section>
              <section className="report-section">
                <h2>Industries naming micro-credentials</h2>
                <Block title="Share of each industry's unique postings naming any micro-credential">
                  <ReportTable
                    columns={[{ label: 'Industry (NAICS sector)' }, { label: 'Postings', numeric: true }, { label: 'Naming one', numeric: true }, { label: 'Share', numeric: true }]}
                    rows={r.industryNaming.map((i) => [`${i.label} (${i.naics})`, i.postings.toLocaleString('en-US'), i.naming.toLocaleString('en-US'), pctText(i.rate)])}
                    empty="No postings by industry in this period."
                  />
                </Block>
              </section>
              <section className="report-section">
                <h2>Credentials employers name most, by industry</h2>
                {r.credentialsByIndustry.map((ind) => {
                  const s = industryCredentialSeries(ind);
                  return (
                    <ChartFrame key={ind.naics} title={`${ind.label} (NAICS ${ind.naics})`} description={`${ind.postings.toLocaleString('en-US')} unique postings; bars: postings naming the credential.`} table={s.table} k={r.k}>
                      <BarRanking series={s} k={r.k} label={`Credentials named most by ${ind.label} postings`} />
                    </ChartFrame>
                  );
                })}
              </section>
              <section className="report-section">
                <h2>Outcomes</h2>
                <Block title="Earners 2 quarters after the award">
                  <ReportTable columns={[{ label: 'Credential' }, { label: 'Earners', numeric: true }, { label: 'Employed', numeric: true }, { label: 'Median quarterly wage', numeric: true }]} rows={r.outcomes.map(outcomeCells)} empty="No outcome data for this period." />
                </Block>
              </section>
              <section className="report-section">
                <h2>Program demand</h2>
                <Block title="Programs by annual gap (openings per year minus completions per year)">
                  <ReportTable
                    columns={[{ label: 'Program (CIP)' }, { label: 'Openings', numeric: true }, { label: 'Completions / yr', numeric: true }, { label: 'Gap / yr', numeric: true }]}
                    rows={r.programDemand.map((p) => [`${p.title} (${p.cip})`, p.openings.toLocaleString('en-US'), peopleText(p.completionsPerYear), p.gapPerYear === null ? 'n/a' : Math.round(p.gapPerYear).toLocaleString('en-US')])}
                    empty="No program demand for this period."
                  />
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
