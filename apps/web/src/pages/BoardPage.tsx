import { BoardView } from '../features/saved-views/SavedViewsView';

export default function BoardPage() {
  return <BoardView />;
}
