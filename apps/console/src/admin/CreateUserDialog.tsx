import { Button, Checkbox, Group, Modal, NativeSelect, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { ROLES } from '@switchboard/contracts';
import type { CreateUserRequest, CreateUserResponse, Role } from '@switchboard/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useAdminMutation } from './queries.js';
import { TemporaryPassword } from './TemporaryPassword.js';
import { DialogActions } from './DialogActions.js';

/** A new account of any role; an empty password has the server generate one, shown here once. */
export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<CreateUserRequest>({
    name: '',
    email: '',
    role: 'agent',
    password: '',
    requirePasswordChange: true,
  });
  const create = useAdminMutation((body: CreateUserRequest) => api<CreateUserResponse>('POST', '/api/users', body));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { password, ...rest } = form;
    create.mutate(password ? { ...rest, password } : rest);
  };

  const created = create.data;
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('admin.close') }}
      opened
      onClose={onClose}
      title={t('admin.users.newTitle')}
    >
      {created ? (
        <Stack>
          <Text role="status">{t('admin.users.created', { name: created.user.name, email: created.user.email })}</Text>
          {created.temporaryPassword && <TemporaryPassword password={created.temporaryPassword} />}
          {created.user.passwordChangeRequired && <Text size="sm">{t('admin.secret.mustChange')}</Text>}
          {created.user.role === 'agent' && <Text size="sm">{t('admin.users.newAgentHint')}</Text>}
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('admin.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label={t('admin.users.name')}
              required
              maxLength={200}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <TextInput
              label={t('admin.users.email')}
              type="email"
              required
              autoComplete="off"
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
            <NativeSelect
              label={t('admin.users.role')}
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })}
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
              label={t('admin.users.password')}
              description={t('admin.users.passwordHint')}
              autoComplete="off"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            />
            <Checkbox
              label={t('admin.users.requireChange')}
              checked={form.requirePasswordChange}
              onChange={(e) => setForm({ ...form, requirePasswordChange: e.currentTarget.checked })}
            />
            <DialogActions
              error={create.error?.message}
              busy={create.isPending}
              submitLabel={t('admin.users.create')}
              onCancel={onClose}
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
