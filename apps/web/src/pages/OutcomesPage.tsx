import { OutcomesView } from '../features/outcomes/OutcomesView';

export default function OutcomesPage() {
  return <OutcomesView />;
}
