import { useParams, useSearchParams } from 'react-router';
import { RegionReportView } from '../features/reports/RegionReportView';

export default function RegionReportPage() {
  const { region = 'us' } = useParams();
  const [search] = useSearchParams();
  return <RegionReportView region={region} from={search.get('from') ?? undefined} to={search.get('to') ?? undefined} />;
}
