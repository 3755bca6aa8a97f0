import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './Layout';

// Route-level code splitting: each view is its own chunk.
const OverviewPage = lazy(() => import('../pages/OverviewPage'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: 1, refetchOnWindowFocus: false } } });

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Suspense fallback={<div className="skeleton" aria-busy="true" />}><OverviewPage /></Suspense>} />
            <Route path="*" element={<Suspense fallback={null}><NotFoundPage /></Suspense>} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
