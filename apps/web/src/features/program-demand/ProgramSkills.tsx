import { BarRanking, ChartFrame } from '@credpulse/web-charts';
import { EmptyState, QueryView } from '../../components/QueryState';
import { useMetric } from '../metrics/metrics.api';
import { toProgramSkillsSeries } from './program-skills.series';

/** The skills employers ask for in the program's occupations against those its credentials cover. */
export function ProgramSkills({ base, scope }: { base: Record<string, string | undefined>; scope: string }) {
  const res = useMetric('program-skills', { ...base, limit: 15 });
  return (
    <QueryView query={res} what="the skills employers ask for">
      {(r) => {
        if (!r.rows.length) return <EmptyState>No posting in the program's occupations {scope} names a skill from the taxonomy.</EmptyState>;
        const s = toProgramSkillsSeries(r.rows);
        const covered = r.totals.coveredDemandShare;
        return (
          <ChartFrame
            title="Skills employers ask for, against what the program covers"
            description={`Postings ${scope} in the program's occupations that require or prefer each skill; "covered" when one of the program's ${r.totals.credentials} credentials is aligned to it.${covered === null ? '' : ` ${Math.round(covered * 100)}% of this demand falls on covered skills.`}`}
            table={s.table}
            k={r.k}
            testId="chart-program-skills"
          >
            <BarRanking series={s} k={r.k} label="Bar chart of the skills employers ask for in the program's occupations, marked covered or gap" />
          </ChartFrame>
        );
      }}
    </QueryView>
  );
}
