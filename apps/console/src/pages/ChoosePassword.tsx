import { Button, Center, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import type { UserSummary } from '@switchboard/contracts';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { PasswordForm } from '../components/PasswordForm.js';
import { LANGUAGES, setLanguage, type Language } from '../i18n.js';
import '../locales/account/index.js';

/**
 * All a user sees while the password they signed in with was set by an admin (a new account, a
 * reset): the API answers nothing else until they choose their own.
 */
export default function ChoosePassword() {
  const { t, i18n } = useTranslation();
  const { session, updateUser, logout } = useAuth();
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={440} component="main">
        <Stack>
          <Title order={1} size="h2">
            {t('password.forcedTitle')}
          </Title>
          <Text>{t('password.forcedIntro', { name: session?.user.name ?? '' })}</Text>
          <PasswordForm
            username={session?.user.email ?? ''}
            currentLabel={t('password.given')}
            submitLabel={t('password.forcedSubmit')}
            onChanged={async () => {
              // The server took the new password; should reading it back fail, that much is known.
              const fallback: UserSummary | null = session ? { ...session.user, passwordChangeRequired: false } : null;
              const me = await api<UserSummary>('GET', '/api/auth/me').catch(() => fallback);
              if (me) updateUser(me);
            }}
          />
          <Group justify="space-between" align="flex-end">
            <NativeSelect
              label={t('nav.language')}
              value={i18n.language}
              onChange={(e) => setLanguage(e.currentTarget.value as Language)}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
            />
            <Button variant="default" onClick={logout}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
