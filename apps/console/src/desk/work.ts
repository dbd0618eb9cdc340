import type { AgentWorkResponse } from '@switchboard/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api.js';
import { useSocket, useSocketEvent } from '../socket.js';

export const WORK_KEY = ['agent-work'];

/** The agent's work as the API has it: the one query every screen shares (by WORK_KEY). */
export const workQuery = {
  queryKey: WORK_KEY,
  queryFn: () => api<AgentWorkResponse>('GET', '/api/agents/me/work'),
};

/**
 * The agent's work (status, offers, tickets in hand, wrap-up), kept live from the socket: one
 * query shared by the desk and the offer layer on every page. Offers sent while the socket was
 * down are not replayed, so every (re)connection reloads it.
 */
export function useAgentWork() {
  const client = useQueryClient();
  const { generation } = useSocket();
  const work = useQuery(workQuery);
  const refetch = work.refetch;
  useEffect(() => {
    if (generation > 0) void refetch();
  }, [generation, refetch]);
  // Each event shows at once in the cache, then the work reloads: an event that lands before the
  // first load answers would otherwise be overwritten by that older answer.
  useSocketEvent('offer.created', (offer) => {
    client.setQueryData<AgentWorkResponse>(WORK_KEY, (w) =>
      w && !w.offers.some((o) => o.offerId === offer.offerId) ? { ...w, offers: [...w.offers, offer] } : w,
    );
    void refetch();
  });
  useSocketEvent('offer.rescinded', ({ offerId }) => {
    client.setQueryData<AgentWorkResponse>(WORK_KEY, (w) =>
      w ? { ...w, offers: w.offers.filter((o) => o.offerId !== offerId) } : w,
    );
    void refetch();
  });
  useSocketEvent('agent.status', (event) => {
    client.setQueryData<AgentWorkResponse>(WORK_KEY, (w) =>
      w
        ? { ...w, agent: { ...w.agent, status: event.status, statusReason: event.reason, statusSince: event.since } }
        : w,
    );
    void refetch();
  });
  return work;
}
