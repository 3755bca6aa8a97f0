import { OverviewView } from '../features/overview/OverviewView';

export default function OverviewPage() {
  return <OverviewView />;
}
