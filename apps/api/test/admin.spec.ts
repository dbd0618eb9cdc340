import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp('admin');
  admin = await t.token('admin');
});
afterAll(() => t.close());

describe('queues', () => {
  it('creates a queue with skills and overflow, and lists it', async () => {
    const res = await t.http
      .post('/api/queues')
      .set('authorization', `Bearer ${admin}`)
      .send({
        key: 'vip',
        name: 'VIP line',
        serviceLevel: { thresholdSeconds: 10, targetPercent: 90 },
        offerTimeoutSeconds: 15,
        wrapUpSeconds: 0,
        strategy: 'skills-best-match',
        requiredSkills: [
          { skill: 'billing', minLevel: 5 },
          { skill: 'turkish', minLevel: 3 },
        ],
        overflow: [
          { afterSeconds: 30, relaxSkillLevelsBy: 2 },
          { afterSeconds: 90, queue: 'billing' },
        ],
        basePriority: 50,
      })
      .expect(201);
    expect(res.body).toMatchObject({
      key: 'vip',
      serviceLevel: { thresholdSeconds: 10, targetPercent: 90 },
      strategy: 'skills-best-match',
      requiredSkills: expect.arrayContaining([
        { skill: 'billing', minLevel: 5 },
        { skill: 'turkish', minLevel: 3 },
      ]),
      overflow: [
        { afterSeconds: 30, relaxSkillLevelsBy: 2 },
        { afterSeconds: 90, queue: 'billing' },
      ],
      basePriority: 50,
    });
    const list = await t.http.get('/api/queues').set('authorization', `Bearer ${admin}`).expect(200);
    expect(list.body.map((q: { key: string }) => q.key)).toEqual(['billing', 'complaints', 'technical', 'vip']);
    const one = await t.http.get('/api/queues/vip').set('authorization', `Bearer ${admin}`).expect(200);
    expect(one.body.id).toBe(res.body.id);
    await t.http.get('/api/queues/nope').set('authorization', `Bearer ${admin}`).expect(404);
  });

  it('defaults the strategy to longest-idle', async () => {
    const res = await t.http
      .post('/api/queues')
      .set('authorization', `Bearer ${admin}`)
      .send({
        key: 'plain',
        name: 'Plain',
        serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
        offerTimeoutSeconds: 20,
        wrapUpSeconds: 30,
      })
      .expect(201);
    expect(res.body).toMatchObject({ strategy: 'longest-idle', requiredSkills: [], overflow: [], basePriority: 0 });
  });
});

describe('agents', () => {
  it('creates an agent who can log in, with default capacity and their queues and skills', async () => {
    const res = await t.http
      .post('/api/agents')
      .set('authorization', `Bearer ${admin}`)
      .send({
        name: 'Zeynep Kaya',
        email: 'Zeynep@Example.com',
        password: 'correct horse battery',
        queues: ['billing', 'complaints', 'billing'],
        skills: [{ skill: 'billing', level: 8 }],
        capacity: { chat: 2 },
      })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Zeynep Kaya',
      email: 'zeynep@example.com',
      queues: ['billing', 'complaints'],
      skills: [{ skill: 'billing', level: 8 }],
      capacity: { voice: 1, chat: 2, email: 5, web: 5 },
      status: 'offline',
    });
    expect(res.body).not.toHaveProperty('password');
    expect(res.body).not.toHaveProperty('passwordHash');
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'zeynep@example.com', password: 'correct horse battery' })
      .expect(200);
    const me = await t.http.get('/api/agents/me').set('authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.id).toBe(res.body.id);
  });

  it('lists agents, filtered by queue', async () => {
    const supervisor = await t.token('supervisor');
    const all = await t.http.get('/api/agents').set('authorization', `Bearer ${supervisor}`).expect(200);
    expect(all.body.length).toBeGreaterThanOrEqual(4);
    const technical = await t.http
      .get('/api/agents?queue=technical')
      .set('authorization', `Bearer ${supervisor}`)
      .expect(200);
    expect(technical.body.length).toBeGreaterThan(0);
    expect(technical.body.every((a: { queues: string[] }) => a.queues.includes('technical'))).toBe(true);
  });

  it('shows agents a directory of colleagues to transfer to: names, queues and status, nothing private', async () => {
    const agent = await t.token('agent');
    const supervisor = await t.token('supervisor');
    const full = await t.http.get('/api/agents').set('authorization', `Bearer ${supervisor}`).expect(200);
    const dir = await t.http.get('/api/agents/directory').set('authorization', `Bearer ${agent}`).expect(200);
    expect(dir.body).toEqual(
      full.body.map((a: Record<string, unknown>) => ({
        id: a.id,
        name: a.name,
        queues: a.queues,
        status: a.status,
      })),
    );
    expect(JSON.stringify(dir.body)).not.toContain('@example.com');
    const technical = await t.http
      .get('/api/agents/directory?queue=technical')
      .set('authorization', `Bearer ${agent}`)
      .expect(200);
    expect(technical.body.length).toBeGreaterThan(0);
    expect(technical.body.length).toBeLessThan(dir.body.length);
    const bad = await t.http
      .get('/api/agents/directory?queue=Not%20A%20Key')
      .set('authorization', `Bearer ${agent}`)
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('queue');
  });
});
