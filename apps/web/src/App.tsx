import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ApiError } from './api/errors';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { canOpen, homeFor } from './access';
import { AppLayout } from './components/AppLayout';
import { NotFound } from './components/NotFound';

dayjs.locale('zh-cn');

// One chunk per page: a person downloads only the pages they open.
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const OverviewPage = lazy(() => import('./pages/overview/OverviewPage'));
const TownshipYearPage = lazy(() => import('./pages/township-year/TownshipYearPage'));
const ReportTextPage = lazy(() => import('./pages/report-text/ReportTextPage'));
const ReviewQueuePage = lazy(() => import('./pages/review-queue/ReviewQueuePage'));
const FindingsPage = lazy(() => import('./pages/findings/FindingsPage'));
const AuditLogPage = lazy(() => import('./pages/audit-log/AuditLogPage'));
const TemplatesPage = lazy(() => import('./pages/templates/TemplatesPage'));
const TownshipsPage = lazy(() => import('./pages/townships/TownshipsPage'));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage'));
const SubmitPage = lazy(() => import('./pages/submit/SubmitPage'));
const MyChecklistPage = lazy(() => import('./pages/tasks/MyChecklistPage'));
const ReportImportPage = lazy(() => import('./pages/report-import/ReportImportPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // Not-found and permission answers will not change by asking again.
      retry: (count, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && count < 2,
    },
  },
});

const theme = {
  token: {
    colorPrimary: '#b4232a',
    borderRadius: 4,
    fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif',
  },
};

function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description="加载中…" />
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, restoring } = useAuth();
  const location = useLocation();
  if (restoring) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (!canOpen(me.role, location.pathname)) return <NotFound />;
  return <>{children}</>;
}

function Home() {
  const { me } = useAuth();
  return <Navigate to={me ? homeFor(me.role) : '/login'} replace />;
}

export function App() {
  // Lists not virtual: a virtual list keeps a hidden copy of the options for screen readers whose text is each
  // option's value (an English key such as missing_evidence); the app's option lists are short.
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }} virtual={false}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <BrowserRouter>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route
                    element={
                      <RequireAuth>
                        <AppLayout />
                      </RequireAuth>
                    }
                  >
                    <Route path="/" element={<Home />} />
                    <Route path="/overview" element={<OverviewPage />} />
                    <Route path="/townships/:townshipId/:year" element={<TownshipYearPage />} />
                    <Route path="/townships/:townshipId/:year/report/:submissionId" element={<ReportTextPage />} />
                    <Route path="/review" element={<ReviewQueuePage />} />
                    <Route path="/findings" element={<FindingsPage />} />
                    <Route path="/audit-log" element={<AuditLogPage />} />
                    <Route path="/templates" element={<TemplatesPage />} />
                    <Route path="/townships" element={<TownshipsPage />} />
                    <Route path="/report-import" element={<ReportImportPage />} />
                    <Route path="/tasks" element={<TasksPage />} />
                    <Route path="/submit" element={<SubmitPage />} />
                    <Route path="/my-checklist" element={<MyChecklistPage />} />
                    <Route path="*" element={<NotFound />} />
                  </Route>
                </Routes>
              </Suspense>
            </BrowserRouter>
          </AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
