import { Alert, Button, Center, NativeSelect, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { LANGUAGES, setLanguage, type Language } from '../i18n.js';

export function Login() {
  const { t, i18n } = useTranslation();
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email, password);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} component="main">
        <form onSubmit={submit}>
          <Stack>
            <Title order={1} size="h2">
              {t('login.title')}
            </Title>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('login.toggle') }}
              label={t('login.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {t('login.submit')}
            </Button>
            <NativeSelect
              label={t('nav.language')}
              value={i18n.language}
              onChange={(e) => setLanguage(e.currentTarget.value as Language)}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
            />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
