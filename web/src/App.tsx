import { Flex, Result, Spin, Button } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AccountPage } from './pages/AccountPage.tsx';
import { AccountsPage } from './admin/AccountsPage.tsx';
import { AuditPage } from './admin/AuditPage.tsx';
import { ImportPage } from './admin/ImportPage.tsx';
import { DashboardPage } from './dashboard/DashboardPage.tsx';
import { HotspotsPage } from './hotspots/HotspotsPage.tsx';
import { ScreenPage } from './dashboard/ScreenPage.tsx';
import { CallbacksPage } from './cases/CallbacksPage.tsx';
import { CaseDetailPage } from './cases/CaseDetailPage.tsx';
import { CaseSearchPage } from './cases/CaseSearchPage.tsx';
import { InboxPage } from './cases/InboxPage.tsx';
import { IntakePage } from './cases/IntakePage.tsx';
import { QueuePage } from './cases/QueuePage.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { BulletinPage } from './assessment/BulletinPage.tsx';
import { RankingsPage } from './assessment/RankingsPage.tsx';
import { TalksPage } from './assessment/TalksPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { RegionsPage } from './regions/RegionsPage.tsx';
import { UnitsPage } from './admin/UnitsPage.tsx';
import { homeRegionCode } from './auth/roles.ts';
import { hasAnyAbility, SessionProvider, useSession } from './auth/session.tsx';
import { useT } from './i18n/index.tsx';
import { homePath } from './layout/nav.tsx';
import { CallbackLinkPage } from './public/CallbackLinkPage.tsx';
import { ReportPage } from './public/ReportPage.tsx';
import { TrackPage } from './public/TrackPage.tsx';
import type { Ability } from './types.ts';
import { BlowWhistlePage } from './whistles/BlowWhistlePage.tsx';
import { WhistleDetailPage } from './whistles/WhistleDetailPage.tsx';
import { WhistleListPage } from './whistles/WhistleListPage.tsx';
import { ThemeDetailPage } from './themes/ThemeDetailPage.tsx';
import { ThemesPage } from './themes/ThemesPage.tsx';

const IMPORT_ABILITIES: readonly Ability[] = ['region.manage', 'unit.manage'];
const CASE_READERS: readonly Ability[] = ['case.read', 'case.create'];
const WHISTLE_USERS: readonly Ability[] = ['whistle.blow', 'whistle.report', 'case.read'];

function FullPageSpin() {
  const t = useT();
  return (
    <Flex align="center" justify="center" style={{ height: '100vh' }}>
      <Spin size="large" description={t('app.loading')} />
    </Flex>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

function RequireAbility({ ability, children }: { ability: Ability | readonly Ability[]; children: ReactNode }) {
  const { me } = useSession();
  const t = useT();
  if (!hasAnyAbility(me, ability)) return <Result status="403" title="403" subTitle={t('error.forbiddenPage')} />;
  return children;
}

function HomeRedirect() {
  const { me } = useSession();
  return <Navigate to={me ? homePath(me) : '/account'} replace />;
}

function guarded(ability: Ability | readonly Ability[], page: ReactNode) {
  return <RequireAbility ability={ability}>{page}</RequireAbility>;
}

function RegionsHome() {
  const { me } = useSession();
  return me ? <Navigate to={`/regions/${homeRegionCode(me)}`} replace /> : null;
}

function NotFound() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('error.backHome')}
        </Button>
      }
    />
  );
}

export function App() {
  const { loading } = useSession();
  if (loading) return <FullPageSpin />;
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* the wall of a command centre: no navigation around it */}
      <Route path="/dashboard/screen" element={<RequireAuth>{guarded('case.read', <ScreenPage />)}</RequireAuth>} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route path="dashboard" element={guarded('case.read', <DashboardPage />)} />
        <Route
          path="regions"
          element={
            <RequireAbility ability="region.read">
              <RegionsHome />
            </RequireAbility>
          }
        />
        <Route
          path="regions/:code"
          element={
            <RequireAbility ability="region.read">
              <RegionsPage />
            </RequireAbility>
          }
        />
        <Route
          path="admin/units"
          element={
            <RequireAbility ability="unit.read">
              <UnitsPage />
            </RequireAbility>
          }
        />
        <Route
          path="admin/accounts"
          element={
            <RequireAbility ability="account.read">
              <AccountsPage />
            </RequireAbility>
          }
        />
        <Route
          path="admin/import"
          element={
            <RequireAbility ability={IMPORT_ABILITIES}>
              <ImportPage />
            </RequireAbility>
          }
        />
        <Route
          path="admin/audit"
          element={
            <RequireAbility ability="audit.read">
              <AuditPage />
            </RequireAbility>
          }
        />
        <Route path="cases" element={guarded('case.read', <CaseSearchPage view="all" />)} />
        <Route path="cases/mine" element={guarded('case.create', <CaseSearchPage view="mine" />)} />
        <Route path="cases/new" element={guarded('case.create', <IntakePage />)} />
        <Route path="cases/queue" element={guarded('case.dispatch', <QueuePage />)} />
        <Route path="cases/inbox" element={guarded('case.handle', <InboxPage />)} />
        <Route path="cases/callbacks" element={guarded('case.callback', <CallbacksPage />)} />
        <Route path="cases/:id" element={guarded(CASE_READERS, <CaseDetailPage />)} />
        <Route path="whistles" element={guarded(WHISTLE_USERS, <WhistleListPage />)} />
        <Route path="whistles/new" element={guarded('whistle.blow', <BlowWhistlePage />)} />
        <Route path="whistles/:id" element={guarded(WHISTLE_USERS, <WhistleDetailPage />)} />
        <Route path="themes" element={guarded('case.read', <ThemesPage />)} />
        <Route path="themes/:id" element={guarded('case.read', <ThemeDetailPage />)} />
        <Route path="hotspots" element={guarded('case.read', <HotspotsPage />)} />
        <Route path="assessment" element={guarded('case.read', <RankingsPage />)} />
        <Route path="assessment/talks" element={guarded('case.read', <TalksPage />)} />
        <Route path="assessment/bulletin" element={guarded('case.read', <BulletinPage />)} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/**
 * The resident's pages (report, track, the callback link) need no account: they are routed before
 * the session, so nothing on them asks /api/me or sends anyone to the login page.
 */
export function Root() {
  return (
    <Routes>
      <Route path="/report/:city" element={<ReportPage />} />
      <Route path="/track/:city/:code?" element={<TrackPage />} />
      <Route path="/r/:token" element={<CallbackLinkPage />} />
      <Route
        path="/*"
        element={
          <SessionProvider>
            <App />
          </SessionProvider>
        }
      />
    </Routes>
  );
}
