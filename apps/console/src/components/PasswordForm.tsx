import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import type { ChangePasswordRequest } from '@switchboard/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';

interface PasswordFormProps {
  /** Told to password managers (a hidden field), so they file the new password under it. */
  username: string;
  /** "Current password", or "Password you were given" at a forced change. */
  currentLabel: string;
  submitLabel: string;
  /** After the server took the new password (the user's other sessions have ended). */
  onChanged: () => Promise<void> | void;
}

/** The user's own password: the current one, the new one twice; the server's reason on refusal. */
export function PasswordForm({ username, currentLabel, submitLabel, onChanged }: PasswordFormProps) {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (newPassword !== repeat) {
      setError(t('password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('PUT', '/api/auth/password', { currentPassword, newPassword } satisfies ChangePasswordRequest);
      setCurrent('');
      setNew('');
      setRepeat('');
      await onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="password-form">
      <Stack>
        <input type="text" hidden readOnly autoComplete="username" value={username} />
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
          label={currentLabel}
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
          label={t('password.new')}
          description={t('password.hint')}
          autoComplete="new-password"
          required
          minLength={10}
          value={newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
        />
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
          label={t('password.repeat')}
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
