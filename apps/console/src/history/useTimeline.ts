import type { AgentDirectoryEntry, MessagePage, TicketRecord } from '@switchboard/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api.js';

/**
 * What the timeline reads besides the ticket: its conversation (up to 200 messages, oldest first)
 * and a name for every agent or user its events name. Either may be missing (a role that may
 * not read it, a slow answer): the timeline then shows the events alone and "an agent".
 */
export function useTimeline(ticket: TicketRecord) {
  const messages = useQuery({
    queryKey: ['ticket', ticket.id, 'messages', 'all'],
    queryFn: () => api<MessagePage>('GET', `/api/tickets/${ticket.id}/messages?limit=200`),
    retry: false,
  });
  const directory = useQuery({
    queryKey: ['agent-directory'],
    queryFn: () => api<AgentDirectoryEntry[]>('GET', '/api/agents/directory'),
    staleTime: 60_000,
    retry: false,
  });
  const names = useMemo(() => {
    const known = new Map<string, string>();
    for (const a of directory.data ?? []) known.set(a.id, a.name);
    // Those the directory no longer lists (disabled, other roles) are still named by their own steps.
    for (const e of ticket.events) if (e.actor) known.set(e.actor.id, e.actor.name);
    for (const m of messages.data?.items ?? []) if (m.author.id) known.set(m.author.id, m.author.name);
    if (ticket.agent) known.set(ticket.agent.id, ticket.agent.name);
    return known;
  }, [directory.data, messages.data, ticket]);
  return {
    messages: messages.data?.items ?? [],
    names,
    loading: messages.isPending || directory.isPending,
  };
}
