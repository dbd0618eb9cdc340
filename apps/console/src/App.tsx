import { Alert, AppShell, Anchor, Group, Modal, NativeSelect, Button, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useDirection } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useAuth } from './auth.js';
import { workQuery } from './desk/work.js';
import { LANGUAGES, directionOf, setLanguage, type Language } from './i18n.js';
import { OfferLayer } from './desk/OfferLayer.js';
import { Desk } from './pages/Desk.js';
import { Login } from './pages/Login.js';
import { useSocket } from './socket.js';

// The agent desk is the first screen most users load: the others come in their own chunks.
const Wallboard = lazy(() => import('./pages/Wallboard.js'));
const History = lazy(() => import('./pages/History.js'));
const TicketPage = lazy(() => import('./pages/TicketPage.js'));
const Account = lazy(() => import('./pages/Account.js'));
const ChoosePassword = lazy(() => import('./pages/ChoosePassword.js'));
const AdminPage = lazy(() => import('./admin/AdminPage.js'));
const QualityPage = lazy(() => import('./quality/QualityPage.js'));

const WATCHERS = new Set(['supervisor', 'admin']);

function homeFor(role: string): string {
  if (role === 'agent') return '/desk';
  if (WATCHERS.has(role)) return '/wallboard';
  return '/history';
}

export function App() {
  const { session } = useAuth();
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  useEffect(() => setDirection(directionOf(i18n.language)), [i18n.language, setDirection]);

  // A reload: the session cookie is being checked; nothing to show yet.
  if (session === undefined) return null;
  if (!session) return <Login />;
  // An admin set this password: until the user chooses their own the API answers nothing else.
  if (session.user.passwordChangeRequired) {
    return (
      <Suspense fallback={null}>
        <ChoosePassword />
      </Suspense>
    );
  }
  const role = session.user.role;
  return (
    <Shell>
      <Suspense fallback={null}>
        <Routes>
          <Route path="/" element={<Navigate to={homeFor(role)} replace />} />
          {role === 'agent' && <Route path="/desk" element={<Desk />} />}
          {WATCHERS.has(role) && <Route path="/wallboard" element={<Wallboard />} />}
          <Route path="/history" element={<History />} />
          <Route path="/tickets/:id" element={<TicketPage />} />
          {role !== 'integration' && <Route path="/quality/*" element={<QualityPage />} />}
          <Route path="/account" element={<Account />} />
          {role === 'admin' && <Route path="/admin/*" element={<AdminPage />} />}
          <Route path="*" element={<Navigate to={homeFor(role)} replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const { session, logout } = useAuth();
  const role = session!.user.role;
  const links = [
    ...(role === 'agent' ? [{ to: '/desk', label: t('nav.desk') }] : []),
    ...(WATCHERS.has(role) ? [{ to: '/wallboard', label: t('nav.wallboard') }] : []),
    { to: '/history', label: t('nav.history') },
    ...(role === 'agent' ? [{ to: '/quality', label: t('nav.myEvaluations') }] : []),
    ...(role !== 'agent' && role !== 'integration' ? [{ to: '/quality', label: t('nav.quality') }] : []),
    ...(role === 'admin' ? [{ to: '/admin', label: t('nav.admin') }] : []),
    { to: '/account', label: t('nav.account') },
  ];
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Text fw={700}>{t('app.name')}</Text>
            <nav aria-label="main">
              <Group gap="md">
                {links.map((l) => (
                  <Anchor key={l.to} component={NavLink} to={l.to}>
                    {l.label}
                  </Anchor>
                ))}
              </Group>
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {session!.user.name}
            </Text>
            <NativeSelect
              aria-label={t('nav.language')}
              size="xs"
              value={i18n.language}
              onChange={(e) => setLanguage(e.currentTarget.value as Language)}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
            />
            <LogoutButton agent={role === 'agent'} logout={logout} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main">
        <ConnectionBanner />
        {role === 'agent' && <OfferLayer />}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

/** While the socket is down the user must know the screen may be stale. */
function ConnectionBanner() {
  const { t } = useTranslation();
  const { socket, connected } = useSocket();
  if (!socket || connected) return null;
  return (
    <Alert color="red" variant="filled" role="alert" mb="md" data-testid="connection-banner">
      {t('connection.down')}
    </Alert>
  );
}

/**
 * Log out; an agent with tickets in hand is warned first (they would stay assigned and the
 * customers would wait) and may go back to transfer them.
 */
function LogoutButton({ agent, logout }: { agent: boolean; logout: () => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const work = useQuery({ ...workQuery, enabled: agent });
  const inHand = agent ? (work.data?.tickets.length ?? 0) : 0;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => (inHand > 0 ? setAsking(true) : logout())}>
        {t('nav.logout')}
      </Button>
      <Modal
        opened={asking}
        onClose={() => setAsking(false)}
        title={t('nav.logoutWarning', { count: inHand })}
        centered
      >
        <Text size="sm">{t('nav.logoutWarningText')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setAsking(false)} data-autofocus>
            {t('nav.stay')}
          </Button>
          <Button color="red" onClick={logout}>
            {t('nav.logoutAnyway')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
