import { Anchor, Table, Text, UnstyledButton } from '@mantine/core';
import type { SortOrder, TicketSearchResult, TicketSort } from '@switchboard/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { localDigits } from '../time.js';
import { durationInWords } from './duration.js';

interface Props {
  items: TicketSearchResult[];
  sort: TicketSort;
  order: SortOrder;
  onSort: (sort: TicketSort) => void;
}

/** A column header that sorts: the arrow and aria-sort say which way. */
function SortHeader({ column, label, props }: { column: TicketSort; label: string; props: Props }) {
  const { t } = useTranslation();
  const active = props.sort === column;
  const ariaSort = active ? (props.order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <Table.Th aria-sort={ariaSort}>
      <UnstyledButton
        onClick={() => props.onSort(column)}
        fw={600}
        fz="sm"
        aria-label={t('review.sortBy', { column: label })}
        data-testid={`sort-${column}`}
      >
        {label} {active ? (props.order === 'asc' ? '▲' : '▼') : '↕'}
      </UnstyledButton>
    </Table.Th>
  );
}

/** Search results as a reviewer scans them: who handled each, on which channel, how long, how rated. */
export function ResultsTable(props: Props) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const when = (iso: string | null) => (iso ? date.format(new Date(iso)) : '–');
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped data-testid="history-results">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('review.ticket')}</Table.Th>
            <Table.Th>{t('review.customer')}</Table.Th>
            <Table.Th>{t('review.agent')}</Table.Th>
            <Table.Th>{t('review.channel')}</Table.Th>
            <Table.Th>{t('review.queue')}</Table.Th>
            <Table.Th>{t('review.status')}</Table.Th>
            <Table.Th>{t('review.code')}</Table.Th>
            <SortHeader column="createdAt" label={t('review.created')} props={props} />
            <SortHeader column="resolvedAt" label={t('review.resolved')} props={props} />
            <SortHeader column="handleSeconds" label={t('review.handle')} props={props} />
            <SortHeader column="csatScore" label={t('review.csat')} props={props} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((x) => (
            <Table.Tr key={x.id} data-testid="history-row">
              <Table.Td>
                <Anchor component={Link} to={`/tickets/${x.id}`}>
                  <Text span size="sm" c="dimmed" inherit>
                    {x.reference}
                  </Text>{' '}
                  <span dir="auto">{x.subject}</span>
                </Anchor>
              </Table.Td>
              <Table.Td dir="auto">{x.customer.name ?? t('customer.unknown')}</Table.Td>
              <Table.Td data-testid="history-agent">{x.agent?.name ?? t('review.nobody')}</Table.Td>
              <Table.Td>{t(`channel.${x.channel}`, { defaultValue: x.channel })}</Table.Td>
              <Table.Td>{x.queue}</Table.Td>
              <Table.Td>{t(`ticketStatus.${x.status}`, { defaultValue: x.status })}</Table.Td>
              <Table.Td>
                {x.resolutionCode ? t(`codes.${x.resolutionCode}`, { defaultValue: x.resolutionCode }) : '–'}
              </Table.Td>
              <Table.Td>{when(x.createdAt)}</Table.Td>
              <Table.Td>{when(x.resolvedAt)}</Table.Td>
              <Table.Td>{x.handleSeconds === null ? '–' : durationInWords(x.handleSeconds, t)}</Table.Td>
              <Table.Td>
                {x.csatScore === null ? '–' : localDigits(t('review.csatOf', { score: x.csatScore }))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
