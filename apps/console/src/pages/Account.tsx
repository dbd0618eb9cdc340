import { Alert, Paper, Stack, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth.js';
import { PasswordForm } from '../components/PasswordForm.js';
import '../locales/account/index.js';

/** Who is signed in, and their own password change (which ends every other session of theirs). */
export default function Account() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [changed, setChanged] = useState(false);
  return (
    <Stack maw={560}>
      <Title order={1} size="h2">
        {t('account.title')}
      </Title>
      <Table variant="vertical" withTableBorder>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={160}>{t('account.name')}</Table.Th>
            <Table.Td>{user.name}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('account.email')}</Table.Th>
            <Table.Td>{user.email}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('account.role')}</Table.Th>
            <Table.Td>{t(`roles.${user.role}`)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3">
            {t('account.passwordTitle')}
          </Title>
          {changed && (
            <Alert color="green" role="status">
              {t('password.changed')}
            </Alert>
          )}
          <PasswordForm
            username={user.email}
            currentLabel={t('password.current')}
            submitLabel={t('password.change')}
            onChanged={() => setChanged(true)}
          />
        </Stack>
      </Paper>
    </Stack>
  );
}
