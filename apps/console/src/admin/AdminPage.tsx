import { Button, Group, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { AgentsAdmin } from './AgentsAdmin.js';
import { AuditLog } from './AuditLog.js';
import { QueuesAdmin } from './QueuesAdmin.js';
import { UsersAdmin } from './UsersAdmin.js';
import { WebhooksAdmin } from './WebhooksAdmin.js';
import '../locales/account/index.js';
import './locales/index.js';

const SECTIONS = ['users', 'queues', 'agents', 'webhooks', 'audit'] as const;
/** Where App mounts this area (`/admin/*`). */
const BASE = '/admin';

/**
 * The admin area (admins only: App routes nobody else here), one sub-route per section so a
 * section can be linked to and survives a reload. Loaded in its own chunk.
 */
export default function AdminPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('admin.title')}
      </Title>
      <nav aria-label={t('admin.sections')}>
        <Group gap="xs">
          {SECTIONS.map((s) => (
            // NavLink marks the open section aria-current="page" for screen readers.
            <Button
              key={s}
              component={NavLink}
              to={`${BASE}/${s}`}
              variant={pathname.startsWith(`${BASE}/${s}`) ? 'filled' : 'default'}
            >
              {t(`admin.tabs.${s}`)}
            </Button>
          ))}
        </Group>
      </nav>
      <Routes>
        <Route index element={<Navigate to={`${BASE}/users`} replace />} />
        <Route path="users" element={<UsersAdmin />} />
        <Route path="queues" element={<QueuesAdmin />} />
        <Route path="agents" element={<AgentsAdmin />} />
        <Route path="webhooks" element={<WebhooksAdmin />} />
        <Route path="audit" element={<AuditLog />} />
        <Route path="*" element={<Navigate to={`${BASE}/users`} replace />} />
      </Routes>
    </Stack>
  );
}
