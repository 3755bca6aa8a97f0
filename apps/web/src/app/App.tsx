import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Skeleton } from '../components/QueryState';
import { Layout } from './Layout';

// Route-level code splitting: each view (and the chart code it needs) is its own chunk.
const OverviewPage = lazy(() => import('../pages/OverviewPage'));
// PENDING const RecognitionPage
// PENDING const SkillGapsPage
// PENDING const OutcomesPage
// PENDING const ProgramDemandPage
// PENDING const EquityPage
// PENDING const PathwaysPage
// PENDING const SaturationPage
// PENDING const UploadPage
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
            <Route path="*" element={view(<NotFoundPage />)} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
