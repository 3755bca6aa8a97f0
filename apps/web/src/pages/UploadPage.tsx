import { UploadView } from '../features/upload/UploadView';

export default function UploadPage() {
  return <UploadView />;
}
