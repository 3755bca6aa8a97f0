import { SavedViewsView } from '../features/saved-views/SavedViewsView';

export default function SavedViewsPage() {
  return <SavedViewsView />;
}
