/**
 * The wallboard's alerts in a real browser, against the running stack: "waiting with nobody able"
 * for a queue whose only available agent lacks its skill (and gone once the agent has it), no
 * service-level alert below the queue's minimum sample (then one, once an admin lowers the
 * sample), tiles with the queue's name, window, volumes and agents, the all-queues total, the agent
 * grid's work, away reasons and sorting, and TV mode filling 1920×1080 with nothing else on it.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor } from '../support/stack.js';

let stack: Stack;
let browser: Browser;
let supervisor: Page;
let integration: string;
let admin: string;
let soloId: string;
let solo: string;

beforeAll(async () => {
  stack = await Stack.start('console-wallboard');
  [integration, admin] = await Promise.all(
    ['integration@switchboard.local', 'admin@switchboard.local'].map(async (e) => (await stack.login(e)).accessToken),
  );
  const queues = [
    {
      key: 'outage',
      name: 'Network outage',
      serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
      offerTimeoutSeconds: 60,
      wrapUpSeconds: 0,
      requiredSkills: [{ skill: 'networking', minLevel: 3 }],
    },
    {
      key: 'late',
      name: 'Late deliveries',
      serviceLevel: { thresholdSeconds: 1, targetPercent: 80 },
      offerTimeoutSeconds: 20,
      wrapUpSeconds: 0,
    },
  ];
  for (const q of queues) expect((await stack.call('POST', '/api/queues', admin, q)).status).toBe(201);
  const agent = await stack.call<{ id: string }>('POST', '/api/agents', admin, {
    name: 'Solo Agent',
    email: 'solo@example.com',
    password: 'long-enough-password',
    queues: ['outage'],
    skills: [{ skill: 'networking', level: 1 }],
  });
  expect(agent.status).toBe(201);
  soloId = agent.body.id;
  solo = (await stack.login('solo@example.com', 'long-enough-password')).accessToken;
  expect((await stack.call('PUT', '/api/agents/me/status', solo, { status: 'available' })).status).toBe(200);
  browser = await launchChromium();
  supervisor = await signIn(browser, stack.base, 'supervisor@switchboard.local');
  await supervisor.getByRole('link', { name: 'Wallboard' }).click();
  await supervisor.getByTestId('tile-outage').waitFor({ timeout: 10_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const postTicket = async (queue: string, subject: string) => {
  const res = await stack.call<{ id: string }>('POST', '/api/tickets', integration, {
    channel: 'voice',
    queue,
    subject,
    customer: { name: 'Ayşe Yılmaz', phone: `+90 532 ${Math.floor(1_000_000 + Math.random() * 8_999_999)}` },
  });
  expect(res.status).toBe(201);
  return res.body.id;
};

const alerts = () => supervisor.getByTestId('wallboard-alerts');
const alertText = async () =>
  (await supervisor.getByTestId('wallboard-alerts').count()) === 0 ? '' : ((await alerts().textContent()) ?? '');

describe('the wallboard alerts on what matters', () => {
  it('raises "waiting with nobody able" while the only available agent lacks the skill', async () => {
    const tile = supervisor.getByTestId('tile-outage');
    // The tile names the queue, its key and window; one agent is available, none able.
    await expect(tile.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Network outage');
    await expect(tile.textContent()).resolves.toContain('outage · last 15 min');
    await waitFor(
      async () => (await tile.getByTestId('agents-outage').textContent())!.includes('0 able · 1 available'),
      5_000,
    );
    expect(await alertText()).not.toContain('Network outage');

    await postTicket('outage', 'Fibre down in Kadıköy');
    const nobody = alerts().locator('[data-alert="nobody-able"][data-queue="outage"]');
    await nobody.waitFor({ timeout: 5_000 });
    await expect(nobody.textContent()).resolves.toBe(
      'Network outage: 1 waiting with nobody able to answer: no available agent has the queue’s skills',
    );
    await expect(supervisor.getByTestId('verdict-outage').textContent()).resolves.toBe('1 alert');
    await screenshot(supervisor, 'wallboard-nobody-able');

    // Given the skill at its level, the same agent is able: the alert goes.
    const patched = await stack.call('PATCH', `/api/agents/${soloId}`, admin, {
      skills: [{ skill: 'networking', level: 3 }],
    });
    expect(patched.status).toBe(200);
    await nobody.waitFor({ state: 'detached', timeout: 5_000 });
    await waitFor(async () => (await tile.getByTestId('agents-outage').textContent())!.includes('1 able · '), 5_000);
  });

  it('raises no service-level alert below the minimum sample, and shows the sample', async () => {
    const ids = await Promise.all(
      ['Parcel late', 'Still no parcel', 'Where is my order'].map((s) => postTicket('late', s)),
    );
    const postedAt = Date.now();
    const tile = supervisor.getByTestId('tile-late');
    await waitFor(async () => (await tile.getByTestId('waiting-late').getAttribute('data-value')) === '3', 5_000);
    // Past the 1 s threshold and the 5 s short-abandon grace: every abandon counts against the service level.
    await new Promise((r) => setTimeout(r, Math.max(0, postedAt + 5_500 - Date.now())));
    for (const id of ids)
      expect((await stack.call('POST', `/api/tickets/${id}/abandon`, integration, {})).status).toBe(200);

    // Three contacts at 0 % (and 100 % abandoned): too few to judge, and the board says so.
    const sl = tile.getByTestId('serviceLevelPercent-late');
    await waitFor(async () => ((await sl.textContent()) ?? '').includes('3 contacts, 20 needed'), 5_000);
    await expect(sl.getAttribute('data-value')).resolves.toBe('0 %');
    await expect(tile.getByTestId('volumes-late').textContent()).resolves.toBe('3 offered · 0 answered · 3 abandoned');
    await expect(supervisor.getByTestId('verdict-late').textContent()).resolves.toBe('Too few contacts');
    // Let a few more pushes pass: still nothing about this queue.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await alertText()).not.toContain('Late deliveries');
    await screenshot(supervisor, 'wallboard-small-sample');

    // The same three contacts alert once an admin lowers the queue's minimum sample to 3.
    const patched = await stack.call('PATCH', '/api/queues/late', admin, { alerts: { minSample: 3 } });
    expect(patched.status).toBe(200);
    const slAlert = alerts().locator('[data-alert="service-level"][data-queue="late"]');
    await slAlert.waitFor({ timeout: 5_000 });
    await expect(slAlert.textContent()).resolves.toBe(
      'Late deliveries is below its service-level target (0 % of 80 %, n = 3)',
    );
    await expect(alerts().locator('[data-alert="abandon-rate"][data-queue="late"]').textContent()).resolves.toBe(
      'Late deliveries: 100 % abandoned, over 10 % (of 3 offered)',
    );
  });

  it('adds every queue up in an all-queues tile', async () => {
    const total = supervisor.getByTestId('tile-total');
    await expect(total.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('All queues');
    // 1 ticket in outage (waiting) and 3 abandoned in late; the demo queues had none.
    await waitFor(
      async () => (await total.getByTestId('volumes-total').textContent()) === '4 offered · 0 answered · 3 abandoned',
      5_000,
    );
    await expect(total.getByTestId('total-waiting').getAttribute('data-value')).resolves.toBe('1');
    await expect(total.getByTestId('total-abandonRatePercent').getAttribute('data-value')).resolves.toBe('75 %');
  });
});

describe('the agent grid', () => {
  it('shows work by subject with a link, the reason of an away status, and sorts', async () => {
    // The waiting outage ticket is offered to the solo agent now that they have the skill: take it.
    let offerId: string | undefined;
    await waitFor(async () => {
      const [row] = await stack.query<{ id: string }>(
        `SELECT o.id FROM offers o WHERE o.agent_id = $1 AND o.status = 'pending'`,
        [soloId],
      );
      offerId = row?.id;
      return offerId !== undefined;
    }, 10_000);
    expect((await stack.call('POST', `/api/offers/${offerId}/accept`, solo)).status).toBe(200);
    const agent2 = (await stack.login('agent2@switchboard.local')).accessToken;
    expect((await stack.call('PUT', '/api/agents/me/status', agent2, { status: 'away', reason: 'lunch' })).status).toBe(
      200,
    );

    await supervisor.getByRole('switch', { name: 'Show agents' }).check();
    const grid = supervisor.getByTestId('agent-grid');
    const soloRow = grid.getByRole('row', { name: /Solo Agent/ });
    const link = soloRow.getByRole('link', { name: 'Fibre down in Kadıköy' });
    await link.waitFor({ timeout: 5_000 });
    expect(await link.getAttribute('href')).toMatch(/^\/tickets\/[0-9a-f-]{36}$/);
    await expect(
      grid
        .getByRole('row', { name: /Agent 2/ })
        .getByTestId('away-reason')
        .textContent(),
    ).resolves.toBe(' Lunch');

    const names = () => grid.locator('tbody tr:not([aria-hidden]) td:first-child').allTextContents();
    expect((await names())[0]).toBe('Agent 1'); // by name, A to Z
    await grid.getByRole('button', { name: 'Current ticket' }).click();
    await expect(grid.getByRole('columnheader', { name: /Current ticket/ }).getAttribute('aria-sort')).resolves.toBe(
      'ascending',
    );
    await grid.getByRole('button', { name: 'Current ticket' }).click();
    await expect(grid.getByRole('columnheader', { name: /Current ticket/ }).getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    expect((await names())[0]).toBe('Solo Agent'); // the one with work in hand first
    await screenshot(supervisor, 'wallboard-agent-grid');

    await link.click();
    await supervisor.getByRole('heading', { name: 'Fibre down in Kadıköy' }).waitFor();
    await supervisor.goBack();
    await supervisor.getByTestId('tile-outage').waitFor();
  });
});

describe('TV mode', () => {
  it('fills 1920×1080 with the board alone: no header, no controls, nothing below the fold', async () => {
    await supervisor.setViewportSize({ width: 1920, height: 1080 });
    await supervisor.getByRole('button', { name: 'TV mode' }).click();
    await supervisor.locator('.tv-mode').waitFor();
    await supervisor.getByTestId('live-chart-plot').waitFor();
    expect(await supervisor.getByRole('banner').isVisible()).toBe(false);
    // Nothing to click is on screen (the way out is Escape, or a button only the keyboard reveals).
    const visibleControls = await supervisor.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('button, select, input, a[href]')].filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 && box.left < innerWidth;
        }).length,
    );
    expect(visibleControls).toBe(0);
    await screenshot(supervisor, 'wallboard-tv-1080p');
    const size = await supervisor.evaluate(() => ({
      height: document.documentElement.scrollHeight,
      width: document.documentElement.scrollWidth,
    }));
    expect(size.height).toBeLessThanOrEqual(1080);
    expect(size.width).toBeLessThanOrEqual(1920);
    // Large enough to read across a room.
    const figure = await supervisor
      .getByTestId('waiting-outage')
      .locator('.tile-figure')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(figure).toBeGreaterThanOrEqual(48);

    await supervisor.keyboard.press('Escape');
    await supervisor.locator('.tv-mode').waitFor({ state: 'detached' });
    await supervisor.getByRole('banner').waitFor();
  });
});
