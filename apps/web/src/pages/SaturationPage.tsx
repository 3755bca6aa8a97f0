import { SaturationView } from '../features/saturation/SaturationView';

export default function SaturationPage() {
  return <SaturationView />;
}
