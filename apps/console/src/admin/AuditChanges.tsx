import { Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type State = Record<string, unknown> | null;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function Value({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === undefined) return <Text c="dimmed">{t('common.none')}</Text>;
  if (value !== null && typeof value === 'object') {
    return (
      <Code block dir="ltr">
        {JSON.stringify(value, null, 2)}
      </Code>
    );
  }
  return <Code dir="ltr">{JSON.stringify(value)}</Code>;
}

/** The fields an entry changed, before and after side by side (all of them for a creation). */
export function AuditChanges({ before, after }: { before: State; after: State }) {
  const { t } = useTranslation();
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (k) => !same(before?.[k], after?.[k]),
  );
  if (fields.length === 0) return <Text size="sm">{t('admin.audit.noChange')}</Text>;
  return (
    <Table withTableBorder data-testid="audit-changes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('admin.audit.field')}</Table.Th>
          <Table.Th>{t('admin.audit.before')}</Table.Th>
          <Table.Th>{t('admin.audit.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map((k) => (
          <Table.Tr key={k}>
            <Table.Td>
              <Code dir="ltr">{k}</Code>
            </Table.Td>
            <Table.Td>
              <Value value={before?.[k]} />
            </Table.Td>
            <Table.Td>
              <Value value={after?.[k]} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
