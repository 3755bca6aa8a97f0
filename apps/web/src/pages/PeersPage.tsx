import { PeersView } from '../features/peers/PeersView';

export default function PeersPage() {
  return <PeersView />;
}
