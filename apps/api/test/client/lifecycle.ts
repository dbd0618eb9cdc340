/**
 * A client as an integrator would write it: its types generated from `GET /api/docs-json` by
 * openapi-typescript (into ./generated, by test/openapi.spec.ts), its calls made with
 * openapi-fetch. It runs a ticket's whole lifecycle and the administration around it; the
 * test type-checks this file against the generated types and validates every answer against
 * the description. Nothing here may use types from the server's own code.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { Checked, ResponseCheck } from './checks.js';
import type { components, paths } from './generated/openapi.js';

type Schemas = components['schemas'];

function clientFor(baseUrl: string, check: ResponseCheck, seen: Checked[]) {
  const client = createClient<paths>({ baseUrl });
  const validate: Middleware = {
    async onResponse({ request, response, schemaPath }) {
      const text = await response.clone().text();
      const body: unknown = text ? JSON.parse(text) : undefined;
      check(request.method, schemaPath, response.status, body);
      seen.push({ method: request.method, path: schemaPath, status: response.status });
      return undefined;
    },
  };
  client.use(validate);
  return client;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function must<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) {
    throw new Error(`${what}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

async function eventually<T>(attempt: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within 10 s`);
}

/** Every step of a ticket's life and the admin around it; returns the answers it checked. */
export async function runLifecycle(baseUrl: string, check: ResponseCheck): Promise<Checked[]> {
  const seen: Checked[] = [];
  const api = clientFor(baseUrl, check, seen);
  const login = async (email: string, password: string): Promise<Schemas['LoginResponseDto']> =>
    must(await api.POST('/api/auth/login', { body: { email, password } }), `login ${email}`);

  const admin = (await login('admin@switchboard.local', 'switchboard')).accessToken;
  const integration = (await login('integration@switchboard.local', 'switchboard')).accessToken;
  must(await api.GET('/api/health'), 'health');
  must(await api.GET('/api/auth/me', bearer(admin)), 'me');

  // A queue and an agent, set up as an admin would.
  const queue = must(
    await api.POST('/api/queues', {
      ...bearer(admin),
      body: {
        key: 'generated-client',
        name: 'Generated client',
        serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
        offerTimeoutSeconds: 30,
        wrapUpSeconds: 60,
        requiredSkills: [{ skill: 'complaints', minLevel: 2 }],
      },
    }),
    'create queue',
  );
  must(
    await api.PATCH('/api/queues/{key}', {
      ...bearer(admin),
      params: { path: { key: queue.key } },
      body: { basePriority: 5 },
    }),
    'edit queue',
  );
  must(await api.GET('/api/queues', bearer(admin)), 'list queues');
  must(await api.GET('/api/queues/{key}', { ...bearer(admin), params: { path: { key: queue.key } } }), 'get queue');
  const agent = must(
    await api.POST('/api/agents', {
      ...bearer(admin),
      body: {
        name: 'Generated Agent',
        email: 'generated-agent@example.com',
        password: 'lantern-harbor-meadow-31',
        queues: [queue.key],
      },
    }),
    'create agent',
  );
  if (agent.warnings[0]?.queue !== queue.key) throw new Error('an agent without the required skill has no warning');
  const edited = must(
    await api.PATCH('/api/agents/{id}', {
      ...bearer(admin),
      params: { path: { id: agent.id } },
      body: { skills: [{ skill: 'complaints', level: 5 }] },
    }),
    'edit agent',
  );
  if (edited.warnings.length !== 0) throw new Error('the warning stayed after the skill was given');
  must(await api.GET('/api/agents', bearer(admin)), 'list agents');
  must(await api.GET('/api/agents/{id}', { ...bearer(admin), params: { path: { id: agent.id } } }), 'get agent');

  // The agent signs in and goes available; a connector opens a ticket.
  const session = await login('generated-agent@example.com', 'lantern-harbor-meadow-31');
  const me = session.accessToken;
  must(await api.PUT('/api/agents/me/status', { ...bearer(me), body: { status: 'available' } }), 'available');
  must(await api.GET('/api/agents/me', bearer(me)), 'my profile');
  must(await api.GET('/api/agents/directory', bearer(me)), 'directory');
  const intake = await api.POST('/api/tickets', {
    ...bearer(integration),
    params: { header: { 'Idempotency-Key': 'generated-client-1' } },
    body: {
      channel: 'voice',
      queue: queue.key,
      subject: 'Charged twice for October',
      category: 'billing-dispute',
      customer: { phone: '+90 532 000 77 66', name: 'Deniz Kaya', externalId: 'crm-generated' },
    },
  });
  const ticketId = must(intake, 'intake').id;
  const repeat = await api.POST('/api/tickets', {
    ...bearer(integration),
    params: { header: { 'Idempotency-Key': 'generated-client-1' } },
    body: {
      channel: 'voice',
      queue: queue.key,
      subject: 'Charged twice for October',
      category: 'billing-dispute',
      customer: { phone: '+90 532 000 77 66', name: 'Deniz Kaya', externalId: 'crm-generated' },
    },
  });
  if (repeat.response.status !== 200 || must(repeat, 'repeat').id !== ticketId) throw new Error('repeat was not 200');

  const offer = await eventually(async () => {
    const work = must(await api.GET('/api/agents/me/work', bearer(me)), 'work');
    return work.offers.find((o) => o.ticketId === ticketId);
  }, 'the offer');
  const accepted = must(
    await api.POST('/api/offers/{offerId}/accept', { ...bearer(me), params: { path: { offerId: offer.offerId } } }),
    'accept',
  );
  if (accepted.result.ticket?.status !== 'in_progress') throw new Error('accepted ticket is not in progress');
  must(
    await api.POST('/api/tickets/{id}/notes', {
      ...bearer(me),
      params: { path: { id: ticketId } },
      body: { body: 'Refund issued for the second charge.' },
    }),
    'note',
  );
  must(await api.GET('/api/tickets/{id}', { ...bearer(me), params: { path: { id: ticketId } } }), 'read ticket');
  must(
    await api.GET('/api/customers/{id}', { ...bearer(me), params: { path: { id: accepted.ticket.customer.id } } }),
    'customer 360',
  );
  must(
    await api.POST('/api/tickets/{id}/resolve', {
      ...bearer(me),
      params: { path: { id: ticketId } },
      body: { resolutionCode: 'refund-issued' },
    }),
    'resolve',
  );
  const done = must(await api.POST('/api/agents/me/wrap-up/complete', bearer(me)), 'wrap-up done');
  if (done.result.ticket?.id !== ticketId) throw new Error('wrap-up ended for another ticket');
  must(
    await api.POST('/api/tickets/{id}/csat', {
      ...bearer(integration),
      params: { path: { id: ticketId } },
      body: { score: 5, comment: 'Quick and kind' },
    }),
    'rating',
  );
  must(await api.PUT('/api/agents/me/status', { ...bearer(me), body: { status: 'offline' } }), 'offline');

  // A supervisor's and QA's view of it afterwards.
  const supervisor = (await login('supervisor@switchboard.local', 'switchboard')).accessToken;
  const detail = must(
    await api.GET('/api/tickets/{id}', { ...bearer(supervisor), params: { path: { id: ticketId } } }),
    'timeline',
  );
  if (detail.status !== 'resolved') throw new Error(`ticket is ${detail.status}`);
  must(
    await api.GET('/api/tickets', { ...bearer(supervisor), params: { query: { status: 'resolved', limit: 10 } } }),
    'search',
  );
  must(
    await api.GET('/api/tickets/waiting', { ...bearer(supervisor), params: { query: { queue: queue.key } } }),
    'waiting',
  );
  must(await api.GET('/api/metrics/queues', bearer(supervisor)), 'queue metrics');
  must(await api.GET('/api/metrics/agents', bearer(supervisor)), 'agent metrics');
  must(await api.GET('/api/metrics/definitions', bearer(supervisor)), 'definitions');
  const now = Date.now();
  must(
    await api.GET('/api/metrics/history', {
      ...bearer(supervisor),
      params: {
        query: {
          queue: queue.key,
          from: new Date(now - 3_600_000).toISOString(),
          to: new Date(now + 60_000).toISOString(),
          bucket: '15m',
        },
      },
    }),
    'history',
  );
  must(
    await api.PUT('/api/agents/{id}/status', {
      ...bearer(supervisor),
      params: { path: { id: agent.id } },
      body: { status: 'away', reason: 'coaching' },
    }),
    'supervisor sets status',
  );

  // Another ticket through the other actions: transfer, abandon, reopen, decline.
  const second = must(
    await api.POST('/api/tickets', {
      ...bearer(integration),
      body: { channel: 'web', queue: queue.key, subject: 'Second one', customer: { externalId: 'crm-generated' } },
    }),
    'second intake',
  );
  must(
    await api.POST('/api/tickets/{id}/transfer', {
      ...bearer(supervisor),
      params: { path: { id: second.id } },
      body: { queue: 'complaints', note: 'belongs there' },
    }),
    'transfer',
  );
  must(
    await api.POST('/api/tickets/{id}/abandon', {
      ...bearer(integration),
      params: { path: { id: second.id } },
      body: { reason: 'caller-hung-up' },
    }),
    'abandon',
  );
  must(await api.PUT('/api/agents/me/status', { ...bearer(me), body: { status: 'available' } }), 'available again');
  const third = must(
    await api.POST('/api/tickets', {
      ...bearer(integration),
      body: { channel: 'email', queue: queue.key, subject: 'Third one', customer: { email: 'deniz@example.com' } },
    }),
    'third intake',
  );
  const offered = await eventually(async () => {
    const work = must(await api.GET('/api/agents/me/work', bearer(me)), 'work');
    return work.offers.find((o) => o.ticketId === third.id);
  }, 'the offer of the third ticket');
  must(
    await api.POST('/api/offers/{offerId}/decline', { ...bearer(me), params: { path: { offerId: offered.offerId } } }),
    'decline',
  );
  // Reopened once the agent's offer is settled: a waiting ticket would be offered to them first.
  must(
    await api.POST('/api/tickets/{id}/reopen', {
      ...bearer(integration),
      params: { path: { id: ticketId } },
      body: { note: 'The refund never arrived.' },
    }),
    'reopen',
  );

  // Administration of people and the audit log.
  const created = must(
    await api.POST('/api/users', {
      ...bearer(admin),
      body: { name: 'Generated QA', email: 'generated-qa@example.com', role: 'qa' },
    }),
    'create user',
  );
  if (!created.temporaryPassword) throw new Error('no generated password');
  must(
    await api.PATCH('/api/users/{id}', {
      ...bearer(admin),
      params: { path: { id: created.user.id } },
      body: { role: 'supervisor' },
    }),
    'change role',
  );
  must(
    await api.POST('/api/users/{id}/password-reset', {
      ...bearer(admin),
      params: { path: { id: created.user.id } },
      body: {},
    }),
    'reset password',
  );
  must(await api.GET('/api/users', { ...bearer(admin), params: { query: { role: 'supervisor' } } }), 'list users');
  must(await api.GET('/api/users/{id}', { ...bearer(admin), params: { path: { id: created.user.id } } }), 'get user');
  must(await api.GET('/api/audit', { ...bearer(admin), params: { query: { limit: 50 } } }), 'audit');
  must(await api.DELETE('/api/queues/{key}', { ...bearer(admin), params: { path: { key: 'billing' } } }), 'retire');

  // The session: a refreshed token, a changed password, the end.
  const refreshed = must(
    await api.POST('/api/auth/refresh', { body: { refreshToken: session.refreshToken } }),
    'refresh',
  );
  must(
    await api.PUT('/api/auth/password', {
      ...bearer(refreshed.accessToken),
      body: { currentPassword: 'lantern-harbor-meadow-31', newPassword: 'copper-violet-glacier-57' },
    }),
    'change password',
  );
  must(await api.POST('/api/auth/logout', bearer(refreshed.accessToken)), 'logout');

  // Errors are described too: each answer below is checked against the error schema.
  const errors = [
    await api.GET('/api/tickets/{id}', { ...bearer(supervisor), params: { path: { id: 'not-a-uuid' } } }),
    await api.GET('/api/tickets/{id}', {
      ...bearer(supervisor),
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    }),
    await api.GET('/api/queues', bearer('not-a-token')),
    await api.GET('/api/users', bearer(supervisor)),
    await api.POST('/api/offers/{offerId}/accept', { ...bearer(me), params: { path: { offerId: offer.offerId } } }),
    await api.POST('/api/auth/login', { body: { email: 'nobody@example.com', password: 'x' } }),
    await api.POST('/api/queues', { ...bearer(admin), body: { ...queue, retiredAt: undefined } as never }),
  ];
  const statuses = errors.map((e) => e.response.status);
  const expected = [400, 404, 401, 403, 401, 401, 400];
  if (JSON.stringify(statuses) !== JSON.stringify(expected)) {
    throw new Error(`error statuses ${JSON.stringify(statuses)}, expected ${JSON.stringify(expected)}`);
  }
  return seen;
}
