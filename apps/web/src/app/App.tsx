import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Skeleton } from '../components/QueryState';
import { Layout } from './Layout';

// Route-level code splitting: each view (and the chart code it needs) is its own chunk.
const OverviewPage = lazy(() => import('../pages/OverviewPage'));
const RecognitionPage = lazy(() => import('../pages/RecognitionPage'));
const SkillGapsPage = lazy(() => import('../pages/SkillGapsPage'));
const OutcomesPage = lazy(() => import('../pages/OutcomesPage'));
const ProgramDemandPage = lazy(() => import('../pages/ProgramDemandPage'));
const EquityPage = lazy(() => import('../pages/EquityPage'));
const PathwaysPage = lazy(() => import('../pages/PathwaysPage'));
const SaturationPage = lazy(() => import('../pages/SaturationPage'));
const UploadPage = lazy(() => import('../pages/UploadPage'));
const AdminPage = lazy(() => import('../pages/AdminPage'));
const RegionReportPage = lazy(() => import('../pages/RegionReportPage'));
const ProgramReportPage = lazy(() => import('../pages/ProgramReportPage'));
const RegionsPage = lazy(() => import('../pages/RegionsPage'));
const PeersPage = lazy(() => import('../pages/PeersPage'));
const SavedViewsPage = lazy(() => import('../pages/SavedViewsPage'));
const OpenSavedViewPage = lazy(() => import('../pages/OpenSavedViewPage'));
const BoardPage = lazy(() => import('../pages/BoardPage'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: 1, refetchOnWindowFocus: false } } });

const view = (node: ReactNode) => <Suspense fallback={<Skeleton label="Loading the view" />}>{node}</Suspense>;

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={view(<OverviewPage />)} />
            <Route path="recognition" element={view(<RecognitionPage />)} />
            <Route path="skill-gaps" element={view(<SkillGapsPage />)} />
            <Route path="outcomes" element={view(<OutcomesPage />)} />
            <Route path="programs" element={view(<ProgramDemandPage />)} />
            <Route path="equity" element={view(<EquityPage />)} />
            <Route path="pathways" element={view(<PathwaysPage />)} />
            <Route path="saturation" element={view(<SaturationPage />)} />
            <Route path="peers" element={view(<PeersPage />)} />
            <Route path="regions" element={view(<RegionsPage />)} />
            <Route path="views" element={view(<SavedViewsPage />)} />
            <Route path="views/:id" element={view(<OpenSavedViewPage />)} />
            <Route path="board" element={view(<BoardPage />)} />
            <Route path="upload" element={view(<UploadPage />)} />
            <Route path="admin" element={view(<AdminPage />)} />
            <Route path="reports/region/:region" element={view(<RegionReportPage />)} />
            <Route path="reports/program/:cip" element={view(<ProgramReportPage />)} />
            <Route path="*" element={view(<NotFoundPage />)} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
