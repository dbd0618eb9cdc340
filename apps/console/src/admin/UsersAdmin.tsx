import { Alert, Badge, Button, Group, NativeSelect, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ROLES, type Role, type UserAccount } from '@switchboard/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { CreateUserDialog } from './CreateUserDialog.js';
import { useAdminMutation, useUsers } from './queries.js';
import { UserChangeDialog, type UserChange } from './UserChangeDialog.js';

/** Every account: filter by role and text; change a role, disable or enable, reset a password. */
export function UsersAdmin() {
  const { t, i18n } = useTranslation();
  const [role, setRole] = useState<Role | ''>('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [includeDisabled, setIncludeDisabled] = useState(true);
  const users = useUsers({ role, q, includeDisabled });
  const [creating, setCreating] = useState(false);
  const [change, setChange] = useState<UserChange | null>(null);
  // Enabling takes nothing away from anyone: no question asked.
  const enable = useAdminMutation((user: UserAccount) =>
    api<UserAccount>('PATCH', `/api/users/${user.id}`, { disabled: false }),
  );
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const roles = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  const list = users.data ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t('admin.tabs.users')}
        </Title>
        <Button onClick={() => setCreating(true)}>{t('admin.users.new')}</Button>
      </Group>
      <Group align="flex-end" role="search">
        <NativeSelect
          label={t('admin.users.roleFilter')}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role | '')}
          data={[{ value: '', label: t('admin.users.allRoles') }, ...roles]}
        />
        <TextInput
          label={t('admin.users.search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <Switch
          label={t('admin.users.showDisabled')}
          checked={includeDisabled}
          onChange={(e) => setIncludeDisabled(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      {users.isError && <Alert color="red">{t('common.error', { message: users.error.message })}</Alert>}
      {enable.error && (
        <Alert color="red" role="alert">
          {enable.error.message}
        </Alert>
      )}
      <Text role="status" size="sm">
        {users.isPending ? t('common.loading') : t('admin.users.count', { count: list.length })}
      </Text>
      <Table striped data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.users.name')}</Table.Th>
            <Table.Th>{t('admin.users.role')}</Table.Th>
            <Table.Th>{t('admin.users.status')}</Table.Th>
            <Table.Th>{t('admin.users.lastSignIn')}</Table.Th>
            <Table.Th>{t('admin.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((u) => (
            <Table.Tr key={u.id} data-testid={`user-${u.email}`}>
              <Table.Td>
                <Text fw={600}>{u.name}</Text>
                <Text size="sm" c="dimmed">
                  {u.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={t('admin.users.roleOf', { name: u.name })}
                  value={u.role}
                  // The list shows the server's role until the admin confirms the change.
                  onChange={(e) => setChange({ kind: 'role', user: u, role: e.currentTarget.value as Role })}
                  data={roles}
                />
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {u.disabled && <Badge color="red">{t('admin.users.disabled')}</Badge>}
                  {u.passwordChangeRequired && (
                    <Badge color="orange" variant="light">
                      {t('admin.users.mustChange')}
                    </Badge>
                  )}
                  {!u.disabled && !u.passwordChangeRequired && (
                    <Text size="sm" c="dimmed">
                      {t('admin.users.active')}
                    </Text>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{u.lastSignInAt ? date.format(new Date(u.lastSignInAt)) : t('admin.users.never')}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  {u.disabled ? (
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('admin.users.enableNamed', { name: u.name })}
                      loading={enable.isPending && enable.variables.id === u.id}
                      onClick={() => enable.mutate(u)}
                    >
                      {t('admin.users.enable')}
                    </Button>
                  ) : (
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('admin.users.disableNamed', { name: u.name })}
                      onClick={() => setChange({ kind: 'disable', user: u })}
                    >
                      {t('admin.users.disable')}
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('admin.users.resetNamed', { name: u.name })}
                    onClick={() => setChange({ kind: 'reset', user: u })}
                  >
                    {t('admin.users.reset')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!users.isPending && list.length === 0 && <Text c="dimmed">{t('admin.users.none')}</Text>}
      {creating && <CreateUserDialog onClose={() => setCreating(false)} />}
      {change && <UserChangeDialog change={change} onClose={() => setChange(null)} />}
    </Stack>
  );
}
