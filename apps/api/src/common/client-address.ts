import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

/** `trustProxy` from TRUST_PROXY: a hop count, true/false, or names and addresses (proxy-addr's, as Express took them). */
export function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The same trust as Fastify applies it to HTTP requests, as a function. */
function trustFunction(value: string): (address: string, hop: number) => boolean {
  const trust = trustProxy(value);
  if (typeof trust === 'boolean') return () => trust;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust.split(',').map((s) => s.trim()));
}

/**
 * The client's address of a request Fastify does not handle (a Socket.IO handshake), under the
 * same TRUST_PROXY as `request.ip`: X-Forwarded-For is believed only from trusted proxies.
 */
export function clientAddressOf(trustProxySetting: string): (req: IncomingMessage) => string {
  const trust = trustFunction(trustProxySetting);
  return (req) => proxyAddr(req, trust);
}
