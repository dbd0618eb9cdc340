/** Answers are gzipped for clients that ask for it, and sent as they are to those that do not. */
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startTestApp('compression');
  token = await t.token('supervisor');
});
afterAll(() => t.close());

it('gzips a JSON answer when the client accepts gzip, and not otherwise', async () => {
  const gzipped = await t.http
    .get('/api/metrics/definitions')
    .set({ authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' })
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect(gzipped.headers['content-encoding']).toBe('gzip');
  const plain = await t.http
    .get('/api/metrics/definitions')
    .set({ authorization: `Bearer ${token}`, 'accept-encoding': 'identity' })
    .expect(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  // The same document either way (the client library has already inflated the gzipped one).
  expect(JSON.parse((gzipped.body as Buffer).toString('utf8'))).toEqual(plain.body);
});
