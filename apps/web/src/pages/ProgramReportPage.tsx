import { useParams, useSearchParams } from 'react-router';
import { ProgramReportView } from '../features/reports/ProgramReportView';

export default function ProgramReportPage() {
  const { cip = '' } = useParams();
  const [search] = useSearchParams();
  return <ProgramReportView cip={cip} region={search.get('region') ?? undefined} from={search.get('from') ?? undefined} to={search.get('to') ?? undefined} />;
}
