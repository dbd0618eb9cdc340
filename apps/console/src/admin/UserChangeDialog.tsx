import { Alert, Button, Checkbox, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import type { ResetPasswordRequest, ResetPasswordResponse, Role, UserAccount } from '@switchboard/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { useAdminMutation } from './queries.js';
import { TemporaryPassword } from './TemporaryPassword.js';

export type UserChange =
  | { kind: 'role'; user: UserAccount; role: Role }
  | { kind: 'disable'; user: UserAccount }
  | { kind: 'reset'; user: UserAccount };

/** The confirmation of a change to someone's account, and what it will do to them. */
export function UserChangeDialog({ change, onClose }: { change: UserChange; onClose: () => void }) {
  if (change.kind === 'reset') return <ResetPasswordDialog user={change.user} onClose={onClose} />;
  return <UpdateUserDialog change={change} onClose={onClose} />;
}

function UpdateUserDialog({
  change,
  onClose,
}: {
  change: Exclude<UserChange, { kind: 'reset' }>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { user } = change;
  const update = useAdminMutation(() =>
    api<UserAccount>(
      'PATCH',
      `/api/users/${user.id}`,
      change.kind === 'role' ? { role: change.role } : { disabled: true },
    ),
  );
  // An agent who stops being one (or is disabled) hands back what they hold: say so first.
  const agentLeaves = user.role === 'agent';
  return (
    <ConfirmDialog
      title={change.kind === 'role' ? t('admin.users.changeRoleTitle') : t('admin.users.disableTitle')}
      confirmLabel={change.kind === 'role' ? t('admin.users.changeRole') : t('admin.users.disable')}
      danger={change.kind === 'disable'}
      busy={update.isPending}
      error={update.error?.message ?? null}
      onConfirm={() => update.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    >
      <Text>
        {change.kind === 'role'
          ? t('admin.users.changeRoleText', {
              name: user.name,
              from: t(`roles.${user.role}`),
              to: t(`roles.${change.role}`),
            })
          : t('admin.users.disableText', { name: user.name })}
      </Text>
      {agentLeaves && (
        <Alert color="orange" title={t('admin.users.agentWorkTitle')}>
          {t('admin.users.agentWork')}
        </Alert>
      )}
      {change.kind === 'role' && change.role === 'agent' && <Text size="sm">{t('admin.users.newAgentHint')}</Text>}
    </ConfirmDialog>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: UserAccount; onClose: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [requireChange, setRequireChange] = useState(true);
  const reset = useAdminMutation((body: ResetPasswordRequest) =>
    api<ResetPasswordResponse>('POST', `/api/users/${user.id}/password-reset`, body),
  );

  if (reset.data) {
    return (
      <Modal
        closeButtonProps={{ 'aria-label': t('admin.close') }}
        opened
        onClose={onClose}
        title={t('admin.users.resetTitle')}
      >
        <Stack>
          <Text role="status">{t('admin.users.resetDone', { name: user.name })}</Text>
          {reset.data.temporaryPassword && <TemporaryPassword password={reset.data.temporaryPassword} />}
          {requireChange && <Text size="sm">{t('admin.secret.mustChange')}</Text>}
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('admin.done')}</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }
  return (
    <ConfirmDialog
      title={t('admin.users.resetTitle')}
      confirmLabel={t('admin.users.reset')}
      danger
      busy={reset.isPending}
      error={reset.error?.message ?? null}
      onConfirm={() => reset.mutate({ ...(password ? { password } : {}), requirePasswordChange: requireChange })}
      onClose={onClose}
    >
      <Text>{t('admin.users.resetText', { name: user.name })}</Text>
      <PasswordInput
        visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
        label={t('admin.users.password')}
        description={t('admin.users.passwordHint')}
        autoComplete="off"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
      />
      <Checkbox
        label={t('admin.users.requireChange')}
        checked={requireChange}
        onChange={(e) => setRequireChange(e.currentTarget.checked)}
      />
    </ConfirmDialog>
  );
}
