import { Alert, Button, Code, CopyButton, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A password the server generated and answers once: the admin sees it here, now, and never
 * again (it is stored only as a hash), so the screen says so.
 */
export function TemporaryPassword({ password }: { password: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="indigo" title={t('admin.secret.title')} data-testid="temporary-password">
      <Text size="sm" mb="xs">
        {t('admin.secret.note')}
      </Text>
      <Group gap="sm">
        <Code fz="lg" data-testid="temporary-password-value" dir="ltr">
          {password}
        </Code>
        <CopyButton value={password}>
          {({ copied, copy }) => (
            <Button size="xs" variant={copied ? 'filled' : 'default'} onClick={copy}>
              {copied ? t('admin.secret.copied') : t('admin.secret.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
