/**
 * The idle desk shows the agent their own day and week: it counts the tickets they just resolved
 * without a reload, links their last evaluation, and in Persian writes the figures in Persian digits;
 * both pass axe-core's WCAG A/AA rules.
 */
import type { AgentWorkResponse, EvaluationDetail, Scorecard } from '@switchboard/contracts';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor } from '../support/stack.js';
import { seriousViolations } from './axe.js';

let stack: Stack;
let browser: Browser;
let agent: Page;
let agentToken: string;
let integration: string;
let qa: string;

beforeAll(async () => {
  stack = await Stack.start('agent-summary');
  integration = (await stack.login('integration@switchboard.local')).accessToken;
  qa = (await stack.login('qa@switchboard.local')).accessToken;
  agentToken = (await stack.login('agent1@switchboard.local')).accessToken;
  browser = await launchChromium();
  agent = await signIn(browser, stack.base, 'agent1@switchboard.local');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

let n = 0;
/** A web complaint reaches agent 1, who accepts and resolves it (through the API; the desk watches). */
async function resolveOne(): Promise<string> {
  const posted = await stack.call<{ id: string }>('POST', '/api/tickets', integration, {
    channel: 'web',
    queue: 'complaints',
    subject: `Summary complaint ${++n}`,
    customer: { externalId: `summary-${n}`, name: `Summary customer ${n}` },
  });
  expect(posted.status).toBe(201);
  const id = posted.body.id;
  let offerId: string | undefined;
  await waitFor(async () => {
    const work = await stack.call<AgentWorkResponse>('GET', '/api/agents/me/work', agentToken);
    offerId = work.body.offers.find((o) => o.ticketId === id)?.offerId;
    return offerId !== undefined;
    // A stack just started may take a while under a loaded CI before its router offers anything.
  }, 30_000);
  expect((await stack.call('POST', `/api/offers/${offerId}/accept`, agentToken)).status).toBe(200);
  expect((await stack.call('POST', `/api/tickets/${id}/resolve`, agentToken, { resolutionCode: 'fixed' })).status).toBe(
    200,
  );
  expect((await stack.call('POST', '/api/agents/me/wrap-up/complete', agentToken)).status).toBe(200);
  return id;
}

const text = async (testId: string) => (await agent.getByTestId(testId).textContent()) ?? '';

it('counts what the agent just resolved, and links their last evaluation', async () => {
  const panel = agent.getByTestId('my-summary');
  await panel.waitFor();
  expect(await panel.textContent()).toContain('Your day and week');
  expect(await text('my-day-handled')).toBe('0');
  expect(await text('my-day-aht')).toBe('—');
  expect(await panel.textContent()).toContain('No evaluations yet.');

  await agent.getByRole('radio', { name: 'Available' }).check();
  const first = await resolveOne();
  await resolveOne();
  await stack.call('POST', `/api/tickets/${first}/csat`, integration, { score: 5 });
  await agent.getByRole('radio', { name: 'Offline' }).check();

  const card = await stack.call<Scorecard>('POST', '/api/qa/scorecards', qa, {
    name: 'Desk summary form',
    sections: [
      {
        key: 'service',
        title: 'Service',
        weight: 1,
        criteria: [
          { key: 'greeted', label: 'Greeted', weight: 1, type: 'yes_no' },
          { key: 'solved', label: 'Solved', weight: 1, type: 'yes_no' },
        ],
      },
    ],
  });
  expect(card.status).toBe(201);
  const evaluation = await stack.call<EvaluationDetail>('POST', '/api/qa/evaluations', qa, {
    ticketId: first,
    scorecardId: card.body.id,
    answers: [
      { criterion: 'greeted', value: 'yes' },
      { criterion: 'solved', value: 'no' },
    ],
    submit: true,
  });
  expect(evaluation.status).toBe(201);

  // The idle desk shows the summary again after the work: fresh, with no reload.
  await waitFor(async () => (await text('my-day-handled')) === '2', 30_000);
  expect(await text('my-week-handled')).toBe('2');
  expect(await text('my-day-fcr')).toBe('100%');
  expect(await text('my-day-csat')).toBe('100%');
  // The evaluation lands within the panel's 30 s refresh (or with the next idle desk).
  await waitFor(async () => (await text('my-day-qa')).startsWith('50%'), 40_000);
  expect(await text('my-day-qa')).toBe('50% (1 evaluation)');
  const link = agent.getByTestId('my-evaluations').getByRole('link', { name: evaluation.body.ticketReference });
  await screenshot(agent, 'desk-my-summary');
  expect(await seriousViolations(agent)).toEqual([]);
  await link.click();
  await agent.waitForURL(`**/quality/evaluations/${evaluation.body.id}`);
  await agent.goBack();
  await agent.getByTestId('my-summary').waitFor();
}, 120_000);

it('writes the figures in Persian digits in Persian', async () => {
  await agent.getByLabel('Language').selectOption('fa');
  await agent.getByText('روز و هفتهٔ شما').waitFor();
  expect(await text('my-day-handled')).toBe('۲');
  expect(await text('my-week-handled')).toBe('۲');
  expect(await text('my-day-qa')).toContain('۵۰');
  for (const period of ['my-day', 'my-week']) {
    const words = await text(period);
    expect(words).toMatch(/[۰-۹]/);
    expect(words).not.toMatch(/[0-9]/); // the dates too: no Latin digit anywhere in the figures
  }
  await screenshot(agent, 'desk-my-summary-fa');
  expect(await seriousViolations(agent)).toEqual([]);
  await agent.getByLabel('زبان').selectOption('en');
  await agent.getByText('Your day and week').waitFor();
});
