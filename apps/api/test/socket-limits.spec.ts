/**
 * A signed-in user cannot exhaust the gateway: a cap on live connections per user (counted in
 * Redis, so across api processes) and a rate of events per socket.
 */
import { io, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('socket-limits', { SOCKETS_PER_USER: '3', SOCKET_EVENTS_PER_SECOND: '5' });
});
afterAll(() => t.close());

function connect(token: string): Promise<{ socket: Socket; error?: string }> {
  return new Promise((resolve) => {
    const socket = io(t.url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false });
    socket.on('session.ready', () => resolve({ socket }));
    socket.on('connect_error', (error) => resolve({ socket, error: error.message }));
  });
}

it('refuses a user’s connection beyond the cap, and takes one again when another closes', async () => {
  const token = await t.token('supervisor');
  const open = await Promise.all([connect(token), connect(token), connect(token)]);
  expect(open.map((o) => o.error)).toEqual([undefined, undefined, undefined]);
  const fourth = await connect(token);
  expect(fourth.error).toBe('too many connections: at most 3 per user');
  // Another user is not affected.
  expect((await connect(await t.token('admin'))).error).toBeUndefined();
  open[0]!.socket.close();
  await new Promise((r) => setTimeout(r, 200));
  const again = await connect(token);
  expect(again.error).toBeUndefined();
  for (const o of [...open, again]) o.socket.close();
});

it('refuses events over the rate, saying so in the acknowledgement, and closes a socket that keeps on', async () => {
  const { socket } = await connect(await t.token('qa'));
  const answered: { ok: boolean; error?: string }[] = [];
  // A burst of twice the rate is served; the rest is refused.
  for (let i = 0; i < 14; i++) {
    socket.emit('rooms.join', `user:nobody-${i}`, (a: { ok: boolean; error?: string }) => answered.push(a));
  }
  await new Promise((r) => setTimeout(r, 500));
  expect(answered).toHaveLength(14);
  const refused = answered.filter((a) => a.error === 'rate limited: at most 5 events a second');
  expect(refused.length).toBeGreaterThanOrEqual(2);
  expect(refused.length).toBeLessThanOrEqual(4);
  expect(socket.connected).toBe(true);
  // A flood gets the socket closed.
  for (let i = 0; i < 200; i++) socket.emit('rooms.join', 'x', () => undefined);
  await new Promise((r) => setTimeout(r, 500));
  expect(socket.connected).toBe(false);
});
