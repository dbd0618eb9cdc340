import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SIGNATURE_HEADER, SIGNATURE_SCHEME } from './webhooks.js';

/**
 * A new webhook's signing secret: the API keeps it to sign deliveries but never answers it back,
 * so this is the only time anyone sees it. Says how a receiver checks a delivery with it.
 */
export function WebhookSecret({ secret }: { secret: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="indigo" title={t('admin.webhooks.secretTitle')} data-testid="webhook-secret">
      <Stack gap="xs">
        <Text size="sm">{t('admin.webhooks.secretNote')}</Text>
        <Group gap="sm" wrap="nowrap">
          <Code fz="md" data-testid="webhook-secret-value" dir="ltr" style={{ overflowWrap: 'anywhere' }}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant={copied ? 'filled' : 'default'} onClick={copy}>
                {copied ? t('admin.secret.copied') : t('admin.webhooks.copySecret')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm">{t('admin.webhooks.verifyNote', { header: SIGNATURE_HEADER })}</Text>
        <Code
          block
          dir="ltr"
          data-testid="webhook-signature-scheme"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {`${SIGNATURE_HEADER}: ${SIGNATURE_SCHEME}`}
        </Code>
        <Text size="sm">{t('admin.webhooks.verifyTolerance')}</Text>
      </Stack>
    </Alert>
  );
}
