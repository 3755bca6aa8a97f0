import { EquityView } from '../features/equity/EquityView';

export default function EquityPage() {
  return <EquityView />;
}
