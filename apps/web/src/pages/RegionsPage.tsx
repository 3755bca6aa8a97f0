import { RegionBuilder } from '../features/regions/RegionBuilder';

export default function RegionsPage() {
  return <RegionBuilder />;
}
