import { PathwaysView } from '../features/pathways/PathwaysView';

export default function PathwaysPage() {
  return <PathwaysView />;
}
