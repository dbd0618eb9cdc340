import type { AgentResponse, AuditEntry, Page, QueueResponse, Role, UserAccount } from '@switchboard/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from '../api.js';
import type { Webhook, WebhookDelivery } from './webhooks.js';

export interface UserFilters {
  role: Role | '';
  q: string;
  includeDisabled: boolean;
}

export interface AuditFilters {
  action: string;
  targetType: string;
}

/**
 * The admin screens' query keys, in one place. Every change an admin makes can show up on
 * every tab (a new agent is a new user, a queue's skills change agents' warnings, all of it
 * lands in the audit log), so a mutation invalidates the whole `admin` prefix and the queues.
 */
export const adminKeys = {
  all: ['admin'] as const,
  users: (filters: UserFilters) => ['admin', 'users', filters] as const,
  agents: ['admin', 'agents'] as const,
  audit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
  webhooks: ['admin', 'webhooks'] as const,
  /** `limit` 1 is a row's last delivery; the open log asks for more. */
  deliveries: (webhookId: string, limit: number) => ['admin', 'webhooks', webhookId, 'deliveries', limit] as const,
  /** Shares the `queues` prefix with the desk and history screens, which list the same queues. */
  queues: ['queues', { includeRetired: true }] as const,
  allQueues: ['queues'] as const,
};

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: adminKeys.users(filters),
    queryFn: () =>
      api<UserAccount[]>(
        'GET',
        `/api/users${query({ role: filters.role, q: filters.q, includeDisabled: String(filters.includeDisabled) })}`,
      ),
    placeholderData: (previous) => previous,
  });
}

/** Every queue, retired ones included (screens filter them as they need). */
export function useAllQueues() {
  return useQuery({
    queryKey: adminKeys.queues,
    queryFn: () => api<QueueResponse[]>('GET', '/api/queues?includeRetired=true'),
  });
}

export function useAgents() {
  return useQuery({ queryKey: adminKeys.agents, queryFn: () => api<AgentResponse[]>('GET', '/api/agents') });
}

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api<Page<AuditEntry>>('GET', `/api/audit${query({ ...filters, limit: 50, cursor: pageParam || undefined })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useWebhooks() {
  return useQuery({ queryKey: adminKeys.webhooks, queryFn: () => api<Webhook[]>('GET', '/api/webhooks') });
}

/**
 * A webhook's newest deliveries. Nothing pushes delivery attempts to the console, so the log is
 * polled while it is on screen: a retry shows up within a few seconds of being made.
 */
export function useWebhookDeliveries(webhookId: string, limit: number) {
  return useQuery({
    queryKey: adminKeys.deliveries(webhookId, limit),
    queryFn: () =>
      api<WebhookDelivery[]>('GET', `/api/webhooks/${encodeURIComponent(webhookId)}/deliveries${query({ limit })}`),
    refetchInterval: 3_000,
  });
}

/** A change made by an admin: on success every admin list (and the queue lists) reload. */
export function useAdminMutation<TVariables, TResult>(mutationFn: (variables: TVariables) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.all }),
        client.invalidateQueries({ queryKey: adminKeys.allQueues }),
      ]);
    },
  });
}
