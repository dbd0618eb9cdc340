import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The foot of every admin dialog: what went wrong (the server's own words), Cancel, and the submit button. */
export function DialogActions({
  error,
  busy,
  submitLabel,
  onCancel,
  danger = false,
}: {
  error: string | null | undefined;
  busy: boolean;
  submitLabel: string;
  onCancel: () => void;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" color={danger ? 'red' : undefined} loading={busy}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
