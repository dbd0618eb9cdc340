import { randomUUID } from 'node:crypto';
import { DEFAULT_CAPACITY, type Role } from '@switchboard/contracts';
import {
  AgentEntity,
  AgentQueueEntity,
  AgentSkillEntity,
  QueueEntity,
  QueueSkillEntity,
  SkillEntity,
  UserEntity,
} from '@switchboard/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password.js';

export const DEMO_PASSWORD = 'switchboard';
export const DEMO_DOMAIN = 'switchboard.local';

const DEMO_QUEUES = [
  { key: 'complaints', name: 'Complaints', sl: [30, 80], offer: 20, wrap: 30, skill: 'complaints', base: 10 },
  { key: 'billing', name: 'Billing', sl: [20, 80], offer: 20, wrap: 20, skill: 'billing', base: 0 },
  { key: 'technical', name: 'Technical support', sl: [60, 70], offer: 30, wrap: 45, skill: 'technical', base: 0 },
] as const;

const STAFF: { role: Role; name: string }[] = [
  { role: 'admin', name: 'Demo Admin' },
  { role: 'supervisor', name: 'Demo Supervisor' },
  { role: 'qa', name: 'Demo QA Reviewer' },
  { role: 'integration', name: 'Demo Integration' },
];

export interface SeedSummary {
  created: string[];
}

/**
 * Creates the demo users and queues of CONTRACT.md when they are missing. Safe to run on
 * every start: existing rows are left as they are.
 */
export async function seedDemo(db: DataSource, agentCount: number): Promise<SeedSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const created: string[] = [];
  await db.transaction(async (manager) => {
    // Two starts at once must not both seed.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['switchboard:demo-seed']);
    const queues = new Map<string, QueueEntity>();
    const skills = new Map<string, SkillEntity>();
    for (const q of DEMO_QUEUES) {
      let skill = await manager.findOneBy(SkillEntity, { key: q.skill });
      skill ??= await manager.save(manager.create(SkillEntity, { key: q.skill, name: q.name }));
      skills.set(q.key, skill);
      let queue = await manager.findOneBy(QueueEntity, { key: q.key });
      if (!queue) {
        queue = await manager.save(
          manager.create(QueueEntity, {
            key: q.key,
            name: q.name,
            slThresholdSeconds: q.sl[0],
            slTargetPercent: q.sl[1],
            offerTimeoutSeconds: q.offer,
            wrapUpSeconds: q.wrap,
            strategy: 'longest-idle',
            basePriority: q.base,
            overflow: [],
            // Mail to complaints@switchboard.local (SMTP on 127.0.0.1:2525) opens a ticket here.
            email: `${q.key}@${DEMO_DOMAIN}`,
          }),
        );
        await manager.save(manager.create(QueueSkillEntity, { queueId: queue.id, skillId: skill.id, minLevel: 1 }));
        created.push(`queue ${q.key}`);
      }
      queues.set(q.key, queue);
    }

    for (const staff of STAFF) {
      const email = `${staff.role}@${DEMO_DOMAIN}`;
      if (await ensureUser(manager, { email, name: staff.name, role: staff.role, passwordHash })) created.push(email);
    }

    const queueKeys = DEMO_QUEUES.map((q) => q.key);
    for (let i = 1; i <= agentCount; i++) {
      const email = `agent${i}@${DEMO_DOMAIN}`;
      const user = await ensureUser(manager, { email, name: `Agent ${i}`, role: 'agent', passwordHash });
      if (!user) continue;
      // Everyone takes complaints; billing and technical alternate, so strategies have choices to make.
      const memberOf = ['complaints', queueKeys[1 + (i % 2)]!];
      await manager.save(
        manager.create(AgentEntity, { userId: user.id, capacity: { ...DEFAULT_CAPACITY }, status: 'offline' }),
      );
      for (const key of memberOf) {
        await manager.save(manager.create(AgentQueueEntity, { agentId: user.id, queueId: queues.get(key)!.id }));
        await manager.save(
          manager.create(AgentSkillEntity, {
            agentId: user.id,
            skillId: skills.get(key)!.id,
            level: 1 + ((i * 3) % 10),
          }),
        );
      }
      created.push(email);
    }
    if (await seedQuality(manager, queues.get('complaints')!.id)) created.push('scorecard Contact quality');
  });
  return { created };
}

/** A demo scorecard for QA, when there is none yet. */
const DEMO_SCORECARD = {
  name: 'Contact quality',
  sections: [
    {
      key: 'opening',
      title: 'Opening',
      weight: 1,
      criteria: [
        { key: 'greeted', label: 'Greeted the customer and gave their name', weight: 1, type: 'yes_no' },
        {
          key: 'verified',
          label: 'Verified the customer before account details',
          weight: 1,
          type: 'yes_no',
          allowNa: true,
        },
      ],
    },
    {
      key: 'resolution',
      title: 'Resolution',
      weight: 3,
      criteria: [
        { key: 'understood', label: 'Understood the problem', weight: 2, type: 'scale' },
        {
          key: 'fixed',
          label: 'Solved it',
          weight: 2,
          type: 'choice',
          options: [
            { value: 'fully', points: 2 },
            { value: 'partly', points: 1 },
            { value: 'not', points: 0 },
          ],
        },
        { key: 'next_step', label: 'Said what happens next', weight: 1, type: 'yes_no', allowNa: true },
        { key: 'privacy', label: 'Protected personal data', weight: 1, type: 'yes_no', critical: true },
      ],
    },
  ],
};

/**
 * The demo's QA: a scorecard, and complaints sampled at 10 % plus every low rating and every
 * transfer. Returns whether the scorecard was created.
 */
async function seedQuality(manager: EntityManager, complaintsId: string): Promise<boolean> {
  await manager.query(
    `INSERT INTO qa_sampling_rules (queue_id, random_percent, csat_at_most, transferred, repeat_contact, handle_seconds_above,
       auto_failed_before, updated_at)
     VALUES ($1, 10, 2, true, true, NULL, false, now()) ON CONFLICT (queue_id) DO NOTHING`,
    [complaintsId],
  );
  const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM qa_scorecards`)) as [{ count: number }];
  if (count > 0) return false;
  const id = randomUUID();
  await manager.query(
    `INSERT INTO qa_scorecards (id, name, version, created_at, updated_at) VALUES ($1, $2, 1, now(), now())`,
    [id, DEMO_SCORECARD.name],
  );
  await manager.query(
    `INSERT INTO qa_scorecard_versions (scorecard_id, version, name, sections, created_at) VALUES ($1, 1, $2, $3, now())`,
    [id, DEMO_SCORECARD.name, JSON.stringify(DEMO_SCORECARD.sections)],
  );
  return true;
}

async function ensureUser(
  manager: EntityManager,
  user: { email: string; name: string; role: Role; passwordHash: string },
): Promise<UserEntity | null> {
  if (await manager.existsBy(UserEntity, { email: user.email })) return null;
  return manager.save(manager.create(UserEntity, user));
}
