/**
 * The admin area in a real browser: an admin creates a user (the generated password read off the
 * screen), demotes a supervisor, disables an agent, resets a password, edits a queue and an
 * agent's skills, and finds each change in the audit log; the database is checked after every
 * step. The new user must choose their own password before anything else; a supervisor never
 * sees the admin area. Each screen passes axe-core's WCAG A/AA rules. Screenshots: e2e/screenshots/.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor } from '../support/stack.js';
import { seriousViolations } from './axe.js';

let stack: Stack;
let browser: Browser;
let admin: Page;
/** Read off the screen when the admin creates the user. */
let temporaryPassword = '';
const NEW_USER = { name: 'Nur Aksoy', email: 'nur.aksoy@example.com' };
const OWN_PASSWORD = 'copper kettle sings at dawn';

beforeAll(async () => {
  stack = await Stack.start('console-admin');
  browser = await launchChromium();
  admin = await signIn(browser, stack.base, 'admin@switchboard.local');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const userRow = async (email: string) => {
  const [row] = await stack.query<{ id: string; role: string; disabled: boolean; password_change_required: boolean }>(
    'SELECT id, role, disabled, password_change_required FROM users WHERE email = $1',
    [email],
  );
  return row;
};

/** The one open dialog, by its title; resolves once it is on screen. */
async function dialog(page: Page, title: string): Promise<Locator> {
  const found = page.getByRole('dialog', { name: title });
  await found.waitFor();
  return found;
}

const openSection = async (name: string, table: string) => {
  await admin.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name }).click();
  await admin.getByTestId(table).waitFor();
};

it('keeps a supervisor out of the admin area', async () => {
  const supervisor = await signIn(browser, stack.base, 'supervisor@switchboard.local');
  expect(await supervisor.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  await supervisor.goto(`${stack.base}/admin/users`);
  await supervisor.getByRole('heading', { name: 'Wallboard' }).waitFor();
  expect(new URL(supervisor.url()).pathname).toBe('/wallboard');
  expect(await supervisor.getByRole('heading', { name: 'Administration' }).count()).toBe(0);
  expect(await supervisor.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  await supervisor.context().close();
});

it('creates a user whose generated password is shown once', async () => {
  await admin.getByRole('link', { name: 'Admin' }).click();
  await admin.getByRole('heading', { name: 'Administration' }).waitFor();
  await admin.getByTestId('user-supervisor@switchboard.local').waitFor();
  expect(new URL(admin.url()).pathname).toBe('/admin/users');
  expect(await seriousViolations(admin)).toEqual([]);

  await admin.getByRole('button', { name: 'New user' }).click();
  const form = await dialog(admin, 'New user');
  await form.getByLabel('Name').fill(NEW_USER.name);
  await form.getByLabel('E-mail').fill(NEW_USER.email);
  await form.getByLabel('Role').selectOption('agent');
  expect(await seriousViolations(admin)).toEqual([]);
  await form.getByRole('button', { name: 'Create user' }).click();
  const shown = form.getByTestId('temporary-password-value');
  await shown.waitFor();
  temporaryPassword = (await shown.textContent()) ?? '';
  expect(temporaryPassword).toMatch(/^[\w-]{4}(-[\w-]{4}){3}$/);
  await expect(form.textContent()).resolves.toContain('Shown only now');

  const created = await userRow(NEW_USER.email);
  expect(created).toMatchObject({ role: 'agent', disabled: false, password_change_required: true });
  expect(await stack.query('SELECT 1 FROM agents WHERE user_id = $1', [created!.id])).toHaveLength(1);

  await form.getByRole('button', { name: 'Done' }).click();
  await form.waitFor({ state: 'detached' });
  const row = admin.getByTestId(`user-${NEW_USER.email}`);
  await row.getByText('Must change password').waitFor();
  await expect(row.textContent()).resolves.toContain('Never');
  await admin.getByLabel('Search name or e-mail').fill('supervisor');
  await waitFor(async () => (await admin.getByTestId('users-table').locator('tbody tr').count()) === 1, 5_000);
  await admin.getByLabel('Search name or e-mail').fill('');
  await row.waitFor();
  await screenshot(admin, 'admin-users');
});

it('makes the new user choose their own password before anything else', async () => {
  const user = await signIn(browser, stack.base, NEW_USER.email, temporaryPassword);
  await user.getByRole('heading', { name: 'Choose your own password' }).waitFor();
  expect(await user.getByRole('navigation').count()).toBe(0);
  expect(await user.getByRole('link').count()).toBe(0);
  expect(await seriousViolations(user)).toEqual([]);

  const fill = async (next: string) => {
    await user.getByLabel('Password you were given').fill(temporaryPassword);
    await user.getByLabel(/^New password\W*$/).fill(next);
    await user.getByLabel('New password again').fill(next);
    await user.getByRole('button', { name: 'Save and continue' }).click();
  };
  await fill('password1234');
  await user.getByRole('alert').filter({ hasText: 'newPassword is too easy to guess' }).waitFor();
  await fill(OWN_PASSWORD);
  // Straight into the console: the agent's desk.
  await user.getByRole('radio', { name: 'Available' }).waitFor();
  await user.getByRole('link', { name: 'Desk' }).waitFor();
  expect(await userRow(NEW_USER.email)).toMatchObject({ password_change_required: false });
  expect((await stack.login(NEW_USER.email, OWN_PASSWORD)).user.passwordChangeRequired).toBe(false);

  // Their own account page: a wrong current password is refused in the server's words.
  await user.getByRole('link', { name: 'Account' }).click();
  await user.getByRole('heading', { name: 'Your account' }).waitFor();
  await user.getByLabel('Current password').fill('not my password at all');
  await user.getByLabel(/^New password\W*$/).fill('another long phrase of words');
  await user.getByLabel('New password again').fill('another long phrase of words');
  await user.getByRole('button', { name: 'Change password' }).click();
  await user.getByRole('alert').filter({ hasText: 'currentPassword is wrong' }).waitFor();
  expect(await seriousViolations(user)).toEqual([]);
  await user.context().close();
});

it('demotes a supervisor to QA, and refuses to demote the admin themself', async () => {
  await admin.getByLabel('Role of Demo Supervisor').selectOption('qa');
  const confirm = await dialog(admin, 'Change role');
  await expect(confirm.textContent()).resolves.toContain('from Supervisor to QA reviewer');
  await confirm.getByRole('button', { name: 'Change role' }).click();
  await confirm.waitFor({ state: 'detached' });
  expect(await userRow('supervisor@switchboard.local')).toMatchObject({ role: 'qa' });
  await waitFor(async () => (await admin.getByLabel('Role of Demo Supervisor').inputValue()) === 'qa', 5_000);

  await admin.getByLabel('Role of Demo Admin').selectOption('supervisor');
  const refused = await dialog(admin, 'Change role');
  await refused.getByRole('button', { name: 'Change role' }).click();
  await refused
    .getByRole('alert')
    .filter({ hasText: 'you cannot change the role of, or disable, your own account' })
    .waitFor();
  await refused.getByRole('button', { name: 'Cancel' }).click();
  await refused.waitFor({ state: 'detached' });
  expect(await userRow('admin@switchboard.local')).toMatchObject({ role: 'admin' });
  expect(await admin.getByLabel('Role of Demo Admin').inputValue()).toBe('admin');
});

it('disables an agent after saying their work goes back to the queues', async () => {
  await admin.getByRole('button', { name: 'Disable Agent 4' }).click();
  const confirm = await dialog(admin, 'Disable user');
  await expect(confirm.textContent()).resolves.toContain('go back to their queues');
  expect(await seriousViolations(admin)).toEqual([]);
  await confirm.getByRole('button', { name: 'Disable', exact: true }).click();
  await confirm.waitFor({ state: 'detached' });
  expect(await userRow('agent4@switchboard.local')).toMatchObject({ disabled: true });
  await admin.getByTestId('user-agent4@switchboard.local').getByText('Disabled').waitFor();
  await admin.getByRole('button', { name: 'Enable Agent 4' }).waitFor();
});

it("resets a user's password and shows the new one once", async () => {
  await admin.getByRole('button', { name: 'Reset the password of Agent 3' }).click();
  const confirm = await dialog(admin, 'Reset password');
  await confirm.getByRole('button', { name: 'Reset password' }).click();
  const shown = confirm.getByTestId('temporary-password-value');
  await shown.waitFor();
  const password = (await shown.textContent()) ?? '';
  expect(await userRow('agent3@switchboard.local')).toMatchObject({ password_change_required: true });
  const signedIn = await stack.login('agent3@switchboard.local', password);
  expect(signedIn.user.passwordChangeRequired).toBe(true);
  await expect(stack.login('agent3@switchboard.local')).rejects.toThrow(/401/);
  await confirm.getByRole('button', { name: 'Done' }).click();
  await confirm.waitFor({ state: 'detached' });
  await admin.getByTestId('user-agent3@switchboard.local').getByText('Must change password').waitFor();
});

it("edits a queue's service level, wrap-up, required skill and overflow", async () => {
  await openSection('Queues', 'queues-table');
  expect(await seriousViolations(admin)).toEqual([]);
  await admin.getByRole('button', { name: 'Edit billing' }).click();
  const form = await dialog(admin, 'Queue billing');
  await form.getByLabel('Wrap-up (seconds)').fill('45');
  await form.getByLabel('Service-level target (%)').fill('90');
  await form.getByLabel('Minimum level 1').fill('3');
  await form.getByRole('button', { name: 'Add overflow step' }).click();
  await form.getByLabel('After (seconds), step 1').fill('120');
  await form.getByLabel('Queue, step 1').selectOption('complaints');
  expect(await seriousViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-queue-form');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });

  const [queue] = await stack.query<Record<string, unknown>>(
    `SELECT q.wrap_up_seconds, q.sl_target_percent, q.overflow, r.min_level
       FROM queues q JOIN queue_required_skills r ON r.queue_id = q.id WHERE q.key = 'billing'`,
  );
  expect(queue).toEqual({
    wrap_up_seconds: 45,
    sl_target_percent: 90,
    overflow: [{ afterSeconds: 120, queue: 'complaints' }],
    min_level: 3,
  });
  await expect(admin.getByTestId('queue-billing').textContent()).resolves.toContain('90 % within 20 s');
});

it("edits an agent's queues and skills, warning while a required skill is missing", async () => {
  await openSection('Agents', 'agents-table');
  await admin.getByRole('button', { name: 'Edit Agent 1' }).click();
  let form = await dialog(admin, 'Agent Agent 1');
  await form.getByRole('checkbox', { name: 'Billing (billing)' }).check();
  const warning = 'In billing but lacks skill billing (needs level 3, has none)';
  await form.getByTestId('agent-form-warnings').getByText(warning).waitFor();
  expect(await seriousViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-agent-form');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  // Saved as asked: the list says, in words, that Agent 1 will never get billing's work.
  const row = admin.getByTestId('agent-agent1@switchboard.local');
  await row.getByText(warning).waitFor();
  await admin.getByTestId('agent-warnings').waitFor();
  expect(await seriousViolations(admin)).toEqual([]);

  await row.getByRole('button', { name: 'Edit Agent 1' }).click();
  form = await dialog(admin, 'Agent Agent 1');
  await form.getByRole('button', { name: 'Add skill' }).click();
  await form.getByLabel(/^Skill 3\W*$/).fill('billing');
  await form.getByText('In billing but lacks skill billing (needs level 3, has 1)').waitFor();
  await form.getByLabel(/^Level 3\W*$/).fill('5');
  await form.getByTestId('agent-form-warnings').waitFor({ state: 'detached' });
  await form.getByLabel('Chat capacity').fill('4');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  await row.getByText(warning).waitFor({ state: 'detached' });

  const skills = await stack.query<{ skill: string; level: number }>(
    `SELECT s.key AS skill, a.level FROM agent_skills a JOIN skills s ON s.id = a.skill_id
       JOIN users u ON u.id = a.agent_id WHERE u.email = 'agent1@switchboard.local' ORDER BY s.key`,
  );
  expect(skills).toEqual([
    { skill: 'billing', level: 5 },
    { skill: 'complaints', level: 4 },
    { skill: 'technical', level: 4 },
  ]);
  const [agent] = await stack.query<{ capacity: { chat: number }; queues: string[] }>(
    `SELECT a.capacity, array(SELECT q.key FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id
                              WHERE aq.agent_id = a.user_id ORDER BY q.key) AS queues
       FROM agents a JOIN users u ON u.id = a.user_id WHERE u.email = 'agent1@switchboard.local'`,
  );
  expect(agent).toMatchObject({ capacity: { chat: 4 }, queues: ['billing', 'complaints', 'technical'] });
});

it('lists every one of those changes in the audit log, with what changed', async () => {
  await openSection('Audit log', 'audit-table');
  const entries = admin.getByTestId('audit-entry');
  await entries.first().waitFor();
  const actions = await entries.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.action));
  const count = (action: string) => actions.filter((a) => a === action).length;
  expect({
    created: count('user.created'),
    updated: count('user.updated'),
    reset: count('user.password_reset'),
    queue: count('queue.updated'),
    agent: count('agent.updated'),
  }).toEqual({ created: 1, updated: 2, reset: 1, queue: 1, agent: 2 });
  // Newest first.
  expect(actions[0]).toBe('agent.updated');
  await entries.filter({ hasText: 'User created' }).filter({ hasText: NEW_USER.email }).waitFor();
  await entries.filter({ hasText: 'Password reset' }).filter({ hasText: 'agent3@switchboard.local' }).waitFor();

  const queueEntry = admin.locator('[data-action="queue.updated"]');
  await queueEntry.getByRole('button', { name: /^Show changes/ }).click();
  const changes = admin.getByTestId('audit-changes');
  await changes.waitFor();
  const wrapUp = changes.getByRole('row').filter({ hasText: 'wrapUpSeconds' });
  await expect(wrapUp.textContent()).resolves.toMatch(/wrapUpSeconds\s*20\s*45/);
  expect(await seriousViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-audit');

  await admin.getByLabel('Action', { exact: true }).selectOption('user.updated');
  await waitFor(async () => (await entries.count()) === 2, 5_000);
});

it('retires a queue, says why one cannot be retired, and restores it', async () => {
  await openSection('Queues', 'queues-table');
  // Billing overflows into complaints since the edit above: the server refuses, in words.
  await admin.getByRole('button', { name: 'Retire complaints' }).click();
  let confirm = await dialog(admin, 'Retire queue complaints');
  await confirm.getByRole('button', { name: 'Retire', exact: true }).click();
  await confirm.getByRole('alert').filter({ hasText: "queues 'billing' overflow into 'complaints'" }).waitFor();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });

  const retiredAt = async (key: string) =>
    (await stack.query<{ retired_at: Date | null }>('SELECT retired_at FROM queues WHERE key = $1', [key]))[0]!
      .retired_at;
  await admin.getByRole('button', { name: 'Retire technical' }).click();
  confirm = await dialog(admin, 'Retire queue technical');
  await confirm.getByRole('button', { name: 'Retire', exact: true }).click();
  await confirm.waitFor({ state: 'detached' });
  await admin.getByTestId('queue-technical').waitFor({ state: 'detached' });
  expect(await retiredAt('technical')).toBeInstanceOf(Date);
  expect(await retiredAt('complaints')).toBeNull();

  await admin.getByRole('switch', { name: 'Show retired queues' }).check();
  await admin.getByRole('button', { name: 'Restore technical' }).click();
  await admin.getByRole('button', { name: 'Retire technical' }).waitFor();
  expect(await retiredAt('technical')).toBeNull();
});
