import { AdminView } from '../features/admin/AdminView';

export default function AdminPage() {
  return <AdminView />;
}
