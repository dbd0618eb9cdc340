/**
 * The rest of the console in a real browser: the wallboard's hour chart, its below-target alert,
 * a supervisor moving a waiting ticket and setting an agent's status, TV mode; an agent handing a
 * ticket to a named colleague; Turkish; and an accessibility pass over every screen (axe-core's
 * WCAG A/AA rules, and every control reached with the Tab key). Screenshots: e2e/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe.js';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor } from '../support/stack.js';

let stack: Stack;
let browser: Browser;
let supervisor: Page;
let agent: Page;
let integration: string;
let admin: string;

beforeAll(async () => {
  stack = await Stack.start('console-supervisor');
  [integration, admin] = await Promise.all(
    ['integration@switchboard.local', 'admin@switchboard.local'].map(async (e) => (await stack.login(e)).accessToken),
  );
  browser = await launchChromium();
  supervisor = await signIn(browser, stack.base, 'supervisor@switchboard.local');
  agent = await signIn(browser, stack.base, 'agent1@switchboard.local');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const postTicket = async (queue: string, subject: string, name = 'Mehmet Demir') => {
  const res = await stack.call<{ id: string }>('POST', '/api/tickets', integration, {
    channel: 'chat',
    queue,
    subject,
    customer: { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` },
  });
  expect(res.status).toBe(201);
  return res.body.id;
};

const waiting = (queue: string) =>
  supervisor
    .getByTestId(`waiting-${queue}`)
    .getAttribute('data-value')
    .then((v) => Number(v));

describe('the wallboard', () => {
  it('charts the last hour, moves a waiting ticket to another queue and alerts below target', async () => {
    // A queue whose 1 s threshold a waiting customer misses quickly.
    const created = await stack.call('POST', '/api/queues', admin, {
      key: 'callbacks',
      name: 'Callbacks',
      serviceLevel: { thresholdSeconds: 1, targetPercent: 80 },
      offerTimeoutSeconds: 20,
      wrapUpSeconds: 0,
      // One contact is enough to judge this queue (the default sample is 20: e2e/console/wallboard.spec.ts).
      alerts: { minSample: 1 },
    });
    expect(created.status).toBe(201);
    const late = await postTicket('callbacks', 'Nobody called me back');
    const lateAt = Date.now();
    const first = await postTicket('billing', 'Invoice address is wrong');
    const second = await postTicket('billing', 'Direct debit failed twice', 'Elif Kaya');

    await supervisor.getByRole('link', { name: 'Wallboard' }).click();
    await supervisor.getByTestId('tile-callbacks').waitFor({ timeout: 10_000 });
    await waitFor(async () => (await waiting('billing')) === 2, 5_000);

    const chart = supervisor.getByTestId('live-chart');
    await chart.getByLabel('Queue shown').selectOption('billing');
    const plot = chart.getByTestId('live-chart-plot');
    await waitFor(
      async () => ((await plot.getAttribute('aria-label')) ?? '').startsWith('billing: 2 waiting now'),
      5_000,
    );
    // An hour of one-minute buckets, then the live samples.
    expect(Number(await plot.getAttribute('data-points'))).toBeGreaterThanOrEqual(60);
    expect(await chart.locator('canvas').count()).toBe(1);

    await supervisor.getByRole('button', { name: 'Waiting tickets in billing' }).click();
    const dialog = supervisor.getByRole('dialog');
    await dialog.getByTestId('waiting-tickets').waitFor();
    expect(await dialog.locator('tbody tr').count()).toBe(2);
    await dialog.getByText('Showing 2 of 2 waiting, in the order they will be offered.').waitFor();
    await screenshot(supervisor, 'wallboard-waiting-tickets');
    await dialog.getByLabel('Queue to move “Direct debit failed twice” to').selectOption('technical');
    await dialog.getByRole('button', { name: 'Move “Direct debit failed twice” to technical' }).click();
    await waitFor(async () => (await dialog.locator('tbody tr').count()) === 1, 10_000);
    await supervisor.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await waitFor(async () => (await waiting('billing')) === 1 && (await waiting('technical')) === 1, 5_000);
    const [moved] = await stack.query<{ queue: string; actor: string }>(
      `SELECT q.key AS queue, u.email AS actor FROM tickets t JOIN queues q ON q.id = t.queue_id
         JOIN ticket_events e ON e.ticket_id = t.id AND e.type = 'ticket.transferred'
         JOIN users u ON u.id = e.actor_id WHERE t.id = $1`,
      [second],
    );
    expect(moved).toEqual({ queue: 'technical', actor: 'supervisor@switchboard.local' });

    // Abandoned after the threshold (and after the 5 s short-abandon grace): service level 0 %.
    await new Promise((r) => setTimeout(r, Math.max(0, lateAt + 5_500 - Date.now())));
    expect((await stack.call('POST', `/api/tickets/${late}/abandon`, integration, {})).status).toBe(200);
    const alert = supervisor.getByRole('alert').filter({ hasText: 'Callbacks is below its service-level target' });
    await alert.waitFor({ timeout: 10_000 });
    await expect(alert.textContent()).resolves.toContain('(0 % of 80 %, n = 1)');
    // Colour is not the only signal: the tile says it in words and marks the figure.
    const tile = supervisor.getByTestId('tile-callbacks');
    await expect(tile.getByTestId('verdict-callbacks').textContent()).resolves.toMatch(/^\d alerts?$/);
    await expect(tile.textContent()).resolves.toContain('▼ target 80 % · on 1 contact');
    await screenshot(supervisor, 'wallboard-alert');

    // Nobody left waiting for the desk tests below.
    for (const id of [first, second]) await stack.call('POST', `/api/tickets/${id}/abandon`, integration, {});
    await waitFor(async () => (await waiting('billing')) === 0 && (await waiting('technical')) === 0, 5_000);
  });

  it('lets a supervisor set an agent away from the agent grid', async () => {
    await supervisor.getByRole('switch', { name: 'Show agents' }).check();
    const grid = supervisor.getByTestId('agent-grid');
    await grid.getByRole('row', { name: /Agent 3/ }).waitFor({ timeout: 5_000 });
    await grid.getByLabel('Status: Agent 3').selectOption('away');
    await waitFor(async () => {
      const [row] = await stack.query<{ status: string; status_reason: string }>(
        `SELECT a.status, a.status_reason FROM agents a JOIN users u ON u.id = a.user_id WHERE u.email = $1`,
        ['agent3@switchboard.local'],
      );
      return row?.status === 'away' && row.status_reason === 'supervisor';
    }, 5_000);
    // The next push shows it in the grid.
    await waitFor(async () => (await grid.getByLabel('Status: Agent 3').inputValue()) === 'away', 5_000);
    await supervisor.getByLabel('Queue', { exact: true }).selectOption('technical');
    const names = await grid.locator('tbody tr td:first-child').allTextContents();
    expect(names).toEqual(['Agent 1', 'Agent 3']); // the demo seats odd agents in technical, even in billing
    await supervisor.evaluate(() => window.scrollTo(0, 0));
    await screenshot(supervisor, 'wallboard-agents');
    await supervisor.getByLabel('Queue', { exact: true }).selectOption('');
  });

  it('draws only the agent rows in view, and scrolling reaches every agent', async () => {
    for (let i = 1; i <= 96; i++) {
      const n = String(i).padStart(2, '0');
      const res = await stack.call('POST', '/api/agents', admin, {
        name: `Zz Crowd ${n}`,
        email: `crowd${n}@example.com`,
        password: 'long-enough-password',
        queues: ['billing'],
      });
      expect(res.status).toBe(201);
    }
    const grid = supervisor.getByTestId('agent-grid');
    await waitFor(async () => (await grid.getAttribute('aria-rowcount')) === '101', 10_000);
    const drawn = () => grid.locator('tbody tr:not([aria-hidden])').count();
    expect(await drawn()).toBeLessThan(60);
    await grid.getByRole('row', { name: /Zz Crowd 96/ }).waitFor({ state: 'detached' });
    await supervisor.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await grid.getByRole('row', { name: /Zz Crowd 96/ }).waitFor();
    expect(await grid.getByRole('row', { name: /Zz Crowd 96/ }).getAttribute('aria-rowindex')).toBe('101');
    expect(await drawn()).toBeLessThan(60);
    await supervisor.evaluate(() => window.scrollTo(0, 0));
  });

  it('has a TV mode with large type and nothing to click on the tiles', async () => {
    await supervisor.getByRole('button', { name: 'TV mode' }).click();
    await supervisor.locator('.tv-mode').waitFor();
    const size = await supervisor
      .getByTestId('waiting-complaints')
      .locator('.tile-figure')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(48);
    const label = await supervisor
      .getByTestId('waiting-complaints')
      .getByText('Waiting', { exact: true })
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(label).toBeGreaterThanOrEqual(17);
    expect(await supervisor.getByRole('button', { name: /Waiting tickets in/ }).count()).toBe(0);
    expect(await supervisor.getByRole('switch', { name: 'Show agents' }).count()).toBe(0);
    await supervisor.getByTestId('live-chart').waitFor();
    await screenshot(supervisor, 'wallboard-tv');
    await supervisor.keyboard.press('Escape');
    await supervisor.locator('.tv-mode').waitFor({ state: 'detached' });
  });
});

describe('the agent desk', () => {
  it('shows the customer 360, and hands a ticket to a named colleague, who gets it as an offer', async () => {
    // An earlier contact of the same customer, abandoned before anyone took it, and the CRM's figures.
    const earlier = await postTicket('billing', 'Wrong size sent', 'Zeynep Arslan');
    expect((await stack.call('POST', `/api/tickets/${earlier}/abandon`, integration, {})).status).toBe(200);
    await stack.query(`UPDATE customers SET lifetime_value = 4820.5, language = 'tr' WHERE email = $1`, [
      'zeynep@example.com',
    ]);
    await agent.getByRole('radio', { name: 'Available' }).check();
    await agent.getByTestId('status-time').filter({ hasText: 'Available' }).waitFor();
    const id = await postTicket('complaints', 'Parcel arrived damaged', 'Zeynep Arslan');
    const offer = agent.getByTestId('offer-card');
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Accept' }).click();
    await agent.getByRole('heading', { name: 'Parcel arrived damaged' }).waitFor();
    const panel = agent.getByTestId('customer-panel');
    await panel.getByText('4,820.50').waitFor();
    await expect(panel.getByTestId('customer-summary').textContent()).resolves.toContain(
      '2 in all · 0 resolved · 1 open · 1 abandoned',
    );
    await expect(panel.getByTestId('customer-tickets').textContent()).resolves.toMatch(/Wrong size sent.*Abandoned/);
    // Someone else's (here nobody's) ticket is listed, but not linked: the agent could not open it.
    expect(await panel.getByRole('link', { name: 'Wrong size sent' }).count()).toBe(0);
    await screenshot(agent, 'desk-customer-360');

    // A colleague comes online after the ticket was taken.
    const agent2 = await stack.login('agent2@switchboard.local');
    expect((await stack.call('PUT', '/api/agents/me/status', agent2.accessToken, { status: 'available' })).status).toBe(
      200,
    );
    await agent.getByRole('radio', { name: 'An agent' }).check();
    const select = agent.getByLabel('Agent to transfer to');
    await waitFor(
      async () => (await select.locator('option').allTextContents()).includes('Agent 2 (Available)'),
      5_000,
    );
    // Available colleagues are listed first; the agent never sees themself.
    const options = await select.locator('option').allTextContents();
    expect(options[0]).toBe('Agent 2 (Available)');
    expect(options.some((o) => o.startsWith('Agent 1 '))).toBe(false);
    await select.selectOption({ label: 'Agent 2 (Available)' });
    await agent.getByLabel('Note for the next agent').fill('Needs a replacement, photos attached by e-mail.');
    await agent.getByRole('button', { name: 'Transfer', exact: true }).click();
    await agent.getByText('No ticket in hand').waitFor({ timeout: 10_000 });

    const [offered] = await stack.query<{ id: string; email: string; status: string }>(
      `SELECT o.id, u.email, o.status FROM offers o JOIN users u ON u.id = o.agent_id
        WHERE o.ticket_id = $1 ORDER BY o.created_at DESC LIMIT 1`,
      [id],
    );
    expect(offered).toEqual({ id: expect.any(String), email: 'agent2@switchboard.local', status: 'pending' });
    await agent.getByRole('radio', { name: 'Offline' }).click();
    await agent.getByTestId('status-time').filter({ hasText: 'Offline' }).waitFor();
    // The colleague takes it and closes it, so nothing of it is left for the tests below.
    const as2 = (method: string, path: string, body: object = {}) =>
      stack.call(method, path, agent2.accessToken, body).then((r) => expect(r.status).toBe(200));
    await as2('POST', `/api/offers/${offered!.id}/accept`);
    await as2('POST', `/api/tickets/${id}/resolve`, { resolutionCode: 'replaced' });
    await as2('POST', '/api/agents/me/wrap-up/complete');
    await as2('PUT', '/api/agents/me/status', { status: 'offline' });
  });
});

describe('languages', () => {
  it('renders Turkish and keeps it after a reload', async () => {
    await supervisor.getByLabel('Language').selectOption('tr');
    await supervisor.getByRole('heading', { name: 'Pano' }).waitFor();
    expect(await supervisor.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
      'ltr',
      'tr',
    ]);
    await expect(supervisor.getByTestId('tile-complaints').textContent()).resolves.toContain('Bekleyen');
    await screenshot(supervisor, 'wallboard-tr');
    await supervisor.reload();
    await supervisor.getByRole('heading', { name: 'Pano' }).waitFor();
    await supervisor.getByLabel('Dil').selectOption('en');
    await supervisor.getByRole('heading', { name: 'Wallboard' }).waitFor();
  });
});

describe('accessibility', () => {
  const violations = seriousViolations;

  /**
   * Presses Tab until focus comes round again and says which enabled, visible controls it never
   * reached. A radio group is one stop (arrow keys move inside it), so one radio of a name counts.
   */
  async function unreachable(page: Page): Promise<string[]> {
    await page.evaluate(() => {
      const controls = document.querySelectorAll<HTMLElement>(
        'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex="0"]',
      );
      controls.forEach((el, i) => {
        const box = el.getBoundingClientRect();
        const hidden = el.tabIndex < 0 || el.closest('[aria-hidden="true"]') !== null;
        if (box.width > 0 && box.height > 0 && !hidden) el.dataset.a11y = String(i);
      });
      (document.activeElement as HTMLElement | null)?.blur();
    });
    const reached = new Set<string>();
    let first: string | null = null;
    let previous: string | null = null;
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        if (el instanceof HTMLInputElement && el.type === 'radio') return `radio:${el.name}`;
        return el.dataset.a11y ?? null;
      });
      // Round once focus comes back to the first stop (a date input keeps focus for its day, month and year).
      if (id !== null && id === first && previous !== first) break;
      first ??= id;
      previous = id;
      if (id !== null) reached.add(id);
    }
    return page.evaluate(
      (seen) => {
        const set = new Set(seen);
        return [...document.querySelectorAll<HTMLElement>('[data-a11y]')]
          .filter(
            (el) =>
              !set.has(el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : el.dataset.a11y!),
          )
          .map((el) => el.outerHTML.slice(0, 120));
      },
      [...reached],
    );
  }

  it('finds no serious WCAG violation and no control out of keyboard reach on any screen', async () => {
    await agent.getByRole('radio', { name: 'Available' }).check();
    await agent.getByTestId('status-time').filter({ hasText: 'Available' }).waitFor();
    await postTicket('complaints', 'Screen reader check', 'Deniz Aydın');
    await agent.getByTestId('offer-card').filter({ hasText: 'Screen reader check' }).waitFor({ timeout: 10_000 });
    const screens: [string, Page][] = [['desk with an offer', agent]];
    const report: Record<string, string[]> = {};
    for (const [name, page] of screens) report[name] = await violations(page);
    report['desk keyboard'] = await unreachable(agent);
    await agent.getByTestId('offer-card').getByRole('button', { name: 'Accept' }).click();
    await agent.getByRole('heading', { name: 'Screen reader check' }).waitFor();
    report['ticket workspace'] = await violations(agent);
    report['ticket workspace keyboard'] = await unreachable(agent);

    await supervisor.getByRole('link', { name: 'Wallboard' }).click();
    await supervisor.getByTestId('live-chart').waitFor();
    report.wallboard = await violations(supervisor);
    report['wallboard keyboard'] = await unreachable(supervisor);
    await supervisor.getByRole('link', { name: 'History' }).click();
    await supervisor.getByRole('button', { name: 'Search' }).waitFor();
    report.history = await violations(supervisor);
    report['history keyboard'] = await unreachable(supervisor);

    const login = await browser.newPage();
    await login.goto(stack.base);
    await login.getByRole('button', { name: 'Sign in' }).waitFor();
    report['sign-in'] = await violations(login);
    await login.close();

    expect(report).toEqual(Object.fromEntries(Object.keys(report).map((k) => [k, []])));
  });
});
