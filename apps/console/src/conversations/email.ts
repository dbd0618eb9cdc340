import type { EmailThread, Message, TicketDetail } from '@switchboard/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';

export const conversationKeys = {
  messages: (ticketId: string) => ['messages', ticketId] as const,
  emailThread: (ticketId: string) => ['email-thread', ticketId] as const,
};

/** Who a reply on an e-mail ticket goes to and from, the subject, and the ticket it continues. */
export function useEmailThread(ticket: Pick<TicketDetail, 'id' | 'channel'>) {
  return useQuery({
    queryKey: conversationKeys.emailThread(ticket.id),
    enabled: ticket.channel === 'email',
    queryFn: () => api<EmailThread>('GET', `/api/tickets/${ticket.id}/email`),
  });
}

/**
 * Whether `incoming` should replace `held`, the same message as already shown. The answer to a
 * reply (still queued) can arrive after the socket said how the relay answered: a queued mail
 * replaces an answered one only as the answer to a retry, and then never a sent one.
 */
export function replaces(held: Message, incoming: Message, retry = false): boolean {
  const before = held.email;
  const after = incoming.email;
  if (!before || !after || after.state !== 'queued') return true;
  if (before.state === 'queued') return (after.attempts ?? 0) >= (before.attempts ?? 0);
  return retry && before.state === 'failed';
}
