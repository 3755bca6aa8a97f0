import { ProgramDemandView } from '../features/program-demand/ProgramDemandView';

export default function ProgramDemandPage() {
  return <ProgramDemandView />;
}
