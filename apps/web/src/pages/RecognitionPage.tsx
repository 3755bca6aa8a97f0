import { RecognitionView } from '../features/recognition/RecognitionView';

export default function RecognitionPage() {
  return <RecognitionView />;
}
