import { Button, Group, Modal, NativeSelect, Table, Text } from '@mantine/core';
import type { TicketSummary, WaitingTicketsResponse } from '@switchboard/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api.js';
import { formatDuration, useNow } from '../time.js';

/** A queue with more waiting shows the first 100 in routing order, and says how many wait. */
const LIMIT = 100;

/**
 * A supervisor's view of one queue's waiting customers, in the order the router will offer them
 * (priority with ageing, then time waiting), each of which can be moved to another queue.
 */
export function WaitingTickets({ queue, queues, onClose }: { queue: string; queues: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const waiting = useQuery({
    queryKey: ['waiting', queue],
    refetchInterval: 5_000,
    queryFn: () => api<WaitingTicketsResponse>('GET', `/api/tickets/waiting${query({ queue, limit: LIMIT })}`),
  });
  const items = waiting.data?.items ?? [];
  return (
    <Modal opened onClose={onClose} title={t('waiting.title', { queue })} size="xl">
      {waiting.isError && <Text c="red">{t('common.error', { message: waiting.error.message })}</Text>}
      {waiting.isPending ? (
        <Text>{t('common.loading')}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('waiting.none')}</Text>
      ) : (
        <>
          <Text size="sm" role="status">
            {t('waiting.count', { shown: items.length, total: waiting.data?.total ?? items.length })}
          </Text>
          <Table striped data-testid="waiting-tickets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('offer.subject')}</Table.Th>
                <Table.Th>{t('offer.customer')}</Table.Th>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('offer.priority')}</Table.Th>
                <Table.Th>{t('waiting.waited')}</Table.Th>
                <Table.Th>{t('waiting.move')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{x.subject}</Table.Td>
                  <Table.Td>{x.customer.name ?? t('customer.unknown')}</Table.Td>
                  <Table.Td>{x.position}</Table.Td>
                  <Table.Td>{x.effectivePriority}</Table.Td>
                  <Table.Td>{formatDuration((now - Date.parse(x.enqueuedAt ?? x.createdAt)) / 1000)}</Table.Td>
                  <Table.Td>
                    <MoveTicket ticket={x} queues={queues.filter((q) => q !== queue)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Modal>
  );
}

function MoveTicket({ ticket, queues }: { ticket: TicketSummary; queues: string[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [target, setTarget] = useState('');
  const chosen = queues.includes(target) ? target : (queues[0] ?? '');
  const move = useMutation({
    mutationFn: () => api('POST', `/api/tickets/${ticket.id}/transfer`, { queue: chosen }),
    onSettled: () => client.invalidateQueries({ queryKey: ['waiting'] }),
  });
  return (
    <Group gap="xs" wrap="nowrap">
      <NativeSelect
        size="xs"
        aria-label={t('waiting.moveTo', { subject: ticket.subject })}
        value={chosen}
        onChange={(e) => setTarget(e.currentTarget.value)}
        data={queues}
      />
      <Button
        size="xs"
        variant="outline"
        onClick={() => move.mutate()}
        disabled={!chosen}
        loading={move.isPending}
        aria-label={t('waiting.moveNamed', { subject: ticket.subject, queue: chosen })}
      >
        {t('waiting.move')}
      </Button>
      {move.isError && (
        <Text size="xs" c="red" role="alert">
          {move.error.message}
        </Text>
      )}
    </Group>
  );
}
