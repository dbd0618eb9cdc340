/**
 * Attachments (contract: Conversations, `attachments`): images and PDFs accepted by what their
 * bytes are, anything else refused with 415 and nothing kept; served only to who may read the
 * ticket (an agent of another queue gets nothing; a customer only their own conversation's public
 * files), images inline and anything else as a download.
 */
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateChatSessionResponse, Message } from '@switchboard/contracts';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** The start of a Windows executable ("MZ", then the PE header's offset and signature), named as a PDF. */
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
  Buffer.alloc(200),
]);

let t: TestApp;
let dataDir: string;
let agent: string;
let ticketId: string;
let chat: CreateChatSessionResponse;

const stored = () => {
  const root = join(dataDir, 'attachments');
  return existsSync(root)
    ? readdirSync(root, { recursive: true }).filter((f) => !String(f).match(/^\d{4}-\d{2}$/)).length
    : 0;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-attachments-'));
  t = await startTestApp('attachments', {
    DATA_DIR: dataDir,
    ATTACHMENT_MAX_BYTES: String(64 * 1024),
    // Room for two of the test's 70-byte pictures per chat.
    CHAT_FILE_BYTES: String(2 * PNG.length + 10),
  });
  agent = await t.token('agent', 1);
  await t.http
    .put('/api/agents/me/status')
    .set('authorization', `Bearer ${agent}`)
    .send({ status: 'available' })
    .expect(200);
  chat = (
    await t.http
      .post('/api/chat/sessions')
      .send({ queue: 'complaints', message: 'The screen is cracked, photo attached.', customer: { name: 'Ivo' } })
      .expect(201)
  ).body as CreateChatSessionResponse;
  ticketId = chat.ticketId;
  const [offer] = await t.db.query(`SELECT id FROM offers WHERE ticket_id = $1 AND status = 'pending'`, [ticketId]);
  await t.http.post(`/api/offers/${offer.id}/accept`).set('authorization', `Bearer ${agent}`).expect(200);
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const staffUpload = (token: string, file: Buffer, name: string, visibility = 'public', body?: string) => {
  const req = t.http
    .post(`/api/tickets/${ticketId}/attachments`)
    .set('authorization', `Bearer ${token}`)
    .attach('file', file, name)
    .field('visibility', visibility);
  return body === undefined ? req : req.field('body', body);
};
const download = (token: string, id: string, path = '/api/attachments/') =>
  t.http
    .get(`${path}${id}`)
    .set('authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

describe('what may be attached', () => {
  it('accepts a PNG and a PDF by their content, and refuses a renamed executable with 415, keeping nothing', async () => {
    const png = await staffUpload(agent, PNG, 'photo.png', 'public', 'Here is the label to print.');
    expect(png.status).toBe(201);
    const pngMessage = png.body.message as Message;
    expect(pngMessage).toMatchObject({
      body: 'Here is the label to print.',
      visibility: 'public',
      attachments: [{ name: 'photo.png', contentType: 'image/png', size: PNG.length }],
    });
    // The browser's claim counts for nothing: a PDF sent as "picture.jpg" is a PDF.
    const pdf = await staffUpload(agent, PDF, 'picture.jpg', 'internal');
    expect(pdf.status).toBe(201);
    expect(pdf.body.message.attachments[0]).toMatchObject({ name: 'picture.jpg', contentType: 'application/pdf' });
    expect(stored()).toBe(2);

    const messagesBefore = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE ticket_id = $1`, [ticketId]);
    const exe = await staffUpload(agent, EXE, 'invoice.pdf');
    expect(exe.status).toBe(415);
    expect(exe.body.message).toContain('invoice.pdf is application/x-msdownload');
    const text = await staffUpload(agent, Buffer.from('just text, not a picture'), 'notes.png');
    expect(text.status).toBe(415);
    expect(stored()).toBe(2);
    const messagesAfter = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE ticket_id = $1`, [ticketId]);
    expect(messagesAfter[0].n).toBe(messagesBefore[0].n);

    // The listing carries the files; the download is the same bytes, inline for an image only.
    const listed = (
      await t.http.get(`/api/tickets/${ticketId}/messages`).set('authorization', `Bearer ${agent}`).expect(200)
    ).body.items as Message[];
    const ids = listed.flatMap((m) => m.attachments.map((a) => a.id));
    expect(ids).toHaveLength(2);
    const image = await download(agent, pngMessage.attachments[0]!.id);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toBe("inline; filename*=UTF-8''photo.png");
    expect(image.headers['content-security-policy']).toContain('sandbox');
    expect(Buffer.compare(image.body as Buffer, PNG)).toBe(0);
    const doc = await download(agent, pdf.body.message.attachments[0].id);
    expect(doc.headers['content-disposition']).toBe("attachment; filename*=UTF-8''picture.jpg");
    expect(Buffer.compare(doc.body as Buffer, PDF)).toBe(0);
  });

  it('refuses a file over the limit (413), a missing file or visibility (400), and keeps nothing', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(70 * 1024)]);
    const res = await staffUpload(agent, big, 'huge.png');
    expect(res.status).toBe(413);
    const noVisibility = await t.http
      .post(`/api/tickets/${ticketId}/attachments`)
      .set('authorization', `Bearer ${agent}`)
      .attach('file', PNG, 'a.png');
    expect(noVisibility.status).toBe(400);
    expect(JSON.stringify(noVisibility.body.message)).toContain('visibility');
    const noFile = await t.http
      .post(`/api/tickets/${ticketId}/attachments`)
      .set('authorization', `Bearer ${agent}`)
      .field('visibility', 'public');
    expect(noFile.status).toBe(400);
    // Multipart anywhere else is still refused.
    const elsewhere = await t.http
      .post(`/api/tickets/${ticketId}/messages`)
      .set('authorization', `Bearer ${agent}`)
      .attach('file', PNG, 'a.png');
    expect(elsewhere.status).toBe(415);
    expect(stored()).toBe(2);
  });
});

describe('who may have a file', () => {
  it('not an agent of another queue, nor a customer of another chat; a customer only public files', async () => {
    const admin = await t.token('admin');
    const email = `billing-only-${Date.now()}@example.com`;
    await t.http
      .post('/api/agents')
      .set('authorization', `Bearer ${admin}`)
      .send({ name: 'Billing Only', email, password: 'a-long-enough-password', queues: ['billing'] })
      .expect(201);
    const login = await t.http.post('/api/auth/login').send({ email, password: 'a-long-enough-password' }).expect(200);
    const outsider = login.body.accessToken as string;
    const [file] = await t.db.query(
      `SELECT a.id, m.visibility FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.ticket_id = $1
        ORDER BY m.seq`,
      [ticketId],
    );
    expect((await download(outsider, file.id)).status).toBe(404);
    expect((await download(await t.token('supervisor'), file.id)).status).toBe(200);

    // The customer sends a photo and reads the agent's public one, never the internal PDF.
    const sent = await t.http
      .post('/api/chat/attachments')
      .set('authorization', `Bearer ${chat.customerToken}`)
      .attach('file', PNG, 'crack.png')
      .field('body', 'The crack');
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ direction: 'inbound', attachments: [{ contentType: 'image/png' }] });
    const all = await t.db.query(
      `SELECT a.id, m.visibility FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.ticket_id = $1`,
      [ticketId],
    );
    for (const a of all as { id: string; visibility: string }[]) {
      const res = await download(chat.customerToken, a.id, '/api/chat/attachments/');
      expect({ visibility: a.visibility, status: res.status }).toEqual({
        visibility: a.visibility,
        status: a.visibility === 'public' ? 200 : 404,
      });
    }
    const other = (
      await t.http
        .post('/api/chat/sessions')
        .send({ queue: 'complaints', message: 'Someone else', customer: {} })
        .expect(201)
    ).body as CreateChatSessionResponse;
    expect((await download(other.customerToken, file.id, '/api/chat/attachments/')).status).toBe(404);
    const exe = await t.http
      .post('/api/chat/attachments')
      .set('authorization', `Bearer ${chat.customerToken}`)
      .attach('file', EXE, 'photo.jpg');
    expect(exe.status).toBe(415);

    // A stranger cannot fill the disk: one more picture fits the chat's quota, the next does not;
    // and the text sent with a file is held to the chat's plain-text rule.
    const upload = (body?: string) => {
      const req = t.http
        .post('/api/chat/attachments')
        .set('authorization', `Bearer ${chat.customerToken}`)
        .attach('file', PNG, 'more.png');
      return body === undefined ? req : req.field('body', body);
    };
    const before = stored();
    expect((await upload('a\u202efdp.exe')).status).toBe(400);
    expect((await upload()).status).toBe(201);
    const over = await upload();
    expect(over.status).toBe(413);
    expect(over.body.message).toContain("this chat's files");
    expect(stored()).toBe(before + 1);
  });
});
