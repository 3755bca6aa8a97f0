import { OpenSavedView } from '../features/saved-views/SavedViewsView';

export default function OpenSavedViewPage() {
  return <OpenSavedView />;
}
