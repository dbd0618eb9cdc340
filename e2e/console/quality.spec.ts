/**
 * Quality in a real browser: QA opens a resolved chat, scores it while citing the customer's
 * message from the timeline, and submits; the agent sees the evaluation and disputes it; QA
 * re-scores; the evaluation keeps both versions and the report shows the new score. The
 * scorecard editor previews a score live. Screenshots: e2e/screenshots/.
 */
import type { AgentWorkResponse } from '@switchboard/contracts';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe.js';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack } from '../support/stack.js';

let stack: Stack;
let browser: Browser;
let qa: Page;
let agentPage: Page;
let ticketId: string;

const CUSTOMER_SAYS = 'You charged my card twice for the same order and nobody answers the phone.';

beforeAll(async () => {
  stack = await Stack.start('console-quality');
  const [qaToken, agent] = await Promise.all(
    ['qa@switchboard.local', 'agent1@switchboard.local'].map(async (e) => (await stack.login(e)).accessToken),
  );
  const card = await stack.call('POST', '/api/qa/scorecards', qaToken!, {
    name: 'Chat quality',
    sections: [
      {
        key: 'care',
        title: 'Customer care',
        weight: 1,
        criteria: [
          { key: 'listened', label: 'Acknowledged what the customer said', weight: 1, type: 'yes_no' },
          { key: 'tone', label: 'Tone', weight: 1, type: 'scale' },
        ],
      },
      {
        key: 'outcome',
        title: 'Outcome',
        weight: 1,
        criteria: [{ key: 'explained', label: 'Explained the next step', weight: 1, type: 'yes_no', allowNa: true }],
      },
    ],
  });
  expect(card.status).toBe(201);

  // A customer writes in the web chat; agent 1 takes it, answers and resolves it.
  const opened = await fetch(`${stack.base}/api/chat/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' },
    body: JSON.stringify({ queue: 'complaints', message: CUSTOMER_SAYS, customer: { name: 'Zeynep Arslan' } }),
  });
  expect(opened.status).toBe(201);
  ticketId = ((await opened.json()) as { ticketId: string }).ticketId;
  expect((await stack.call('PUT', '/api/agents/me/status', agent!, { status: 'available' })).status).toBe(200);
  let offerId: string | undefined;
  for (let i = 0; i < 100 && !offerId; i++) {
    const work = await stack.call<AgentWorkResponse>('GET', '/api/agents/me/work', agent!);
    offerId = work.body.offers.find((o) => o.ticketId === ticketId)?.offerId;
    if (!offerId) await new Promise((r) => setTimeout(r, 100));
  }
  expect((await stack.call('POST', `/api/offers/${offerId}/accept`, agent!)).status).toBe(200);
  const reply = { body: 'I can see the double charge; the refund is on its way.', visibility: 'public' };
  expect((await stack.call('POST', `/api/tickets/${ticketId}/messages`, agent!, reply)).status).toBe(201);
  expect(
    (await stack.call('POST', `/api/tickets/${ticketId}/resolve`, agent!, { resolutionCode: 'fixed' })).status,
  ).toBe(200);
  expect((await stack.call('POST', '/api/agents/me/wrap-up/complete', agent!)).status).toBe(200);
  expect((await stack.call('PUT', '/api/agents/me/status', agent!, { status: 'offline' })).status).toBe(200);

  browser = await launchChromium();
  qa = await signIn(browser, stack.base, 'qa@switchboard.local');
  agentPage = await signIn(browser, stack.base, 'agent1@switchboard.local');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const criterion = (page: Page, key: string) => page.locator(`[data-criterion="${key}"]`);

it('QA scores a ticket citing the customer’s message, the agent disputes, QA re-scores, the report follows', async () => {
  // QA opens the resolved ticket and starts an evaluation from its page.
  await qa.goto(`${stack.base}/tickets/${ticketId}`);
  await qa.getByRole('link', { name: 'Evaluate this ticket' }).click();
  await qa.getByRole('heading', { name: /Evaluate SB-\d+/ }).waitFor();
  // The demo's own scorecard is there too: QA picks the one for chats.
  await qa.getByLabel('Scorecard').selectOption({ label: 'Chat quality' });

  // "Acknowledged what the customer said": yes, citing the customer's own words.
  await criterion(qa, 'listened').getByText('Yes', { exact: true }).click();
  await criterion(qa, 'listened').getByRole('button', { name: 'Cite evidence' }).click();
  await qa.getByRole('status').filter({ hasText: 'Click a message or an event' }).waitFor();
  const customerMessage = qa.locator('[data-direction="inbound"]').filter({ hasText: CUSTOMER_SAYS });
  await customerMessage.getByRole('button', { name: 'Cite this' }).click();
  await expect(qa.getByTestId('citation-listened').textContent()).resolves.toContain(
    'Zeynep Arslan: “You charged my card twice',
  );

  // Tone 2 of 5, next step not explained: (1 + 0.25) / 2 = 62.5 and 0 → 31.3.
  await criterion(qa, 'tone').getByText('2', { exact: true }).click();
  await criterion(qa, 'explained').getByText('No', { exact: true }).click();
  await criterion(qa, 'explained').getByRole('textbox').fill('Did not say when the refund arrives.');
  await expect(qa.getByTestId('score-preview').textContent()).resolves.toContain('31.3 %');
  // The draft saves as QA goes.
  await qa.getByText('Draft saved').waitFor({ timeout: 10_000 });
  await screenshot(qa, 'quality-evaluate');
  expect(await seriousViolations(qa)).toEqual([]);
  await qa.getByRole('button', { name: 'Submit evaluation' }).click();
  await qa.getByRole('heading', { name: /Evaluation of SB-\d+/ }).waitFor();
  await expect(qa.getByTestId('evaluation-status').textContent()).resolves.toBe('Submitted');
  await expect(qa.getByTestId('evaluation-score').first().textContent()).resolves.toBe('31.3 %');
  const evaluationUrl = qa.url();

  // The agent finds it under "My evaluations" and disputes it.
  await agentPage.getByRole('link', { name: 'My evaluations' }).click();
  await agentPage
    .getByTestId('qa-evaluations')
    .getByRole('link', { name: /SB-\d+/ })
    .click();
  await agentPage.getByRole('heading', { name: /Evaluation of SB-\d+/ }).waitFor();
  await agentPage.getByText(/You may dispute it until/).waitFor();
  await agentPage.getByRole('button', { name: 'Dispute' }).click();
  await agentPage
    .getByLabel('Why is the score wrong?')
    .fill('I told her the refund takes 3 days, in my second message.');
  await agentPage.getByRole('button', { name: 'Send' }).click();
  await agentPage.getByTestId('evaluation-status').filter({ hasText: 'Disputed' }).waitFor();
  await screenshot(agentPage, 'quality-disputed');
  expect(await seriousViolations(agentPage)).toEqual([]);

  // QA re-scores: the next step was explained after all.
  await qa.goto(evaluationUrl);
  await qa.getByText('Disputed: I told her the refund takes 3 days').waitFor();
  await qa.getByRole('link', { name: 'Re-score' }).click();
  await qa.getByRole('heading', { name: /Re-score SB-\d+ after the dispute/ }).waitFor();
  await criterion(qa, 'explained').getByText('Yes', { exact: true }).click();
  await expect(qa.getByTestId('score-preview').textContent()).resolves.toContain('81.3 %');
  await qa.getByLabel('Note to the agent').fill('You are right: message 2 says 3 days.');
  await qa.getByRole('button', { name: 'Submit the new score' }).click();
  await qa.getByTestId('evaluation-versions').waitFor();
  await expect(qa.getByTestId('evaluation-score').first().textContent()).resolves.toBe('81.3 %');
  const versions = await qa.getByTestId('evaluation-versions').locator('tr').allTextContents();
  expect(versions[0]).toMatch(/^v1.*31\.3 %/);
  expect(versions[1]).toMatch(/^v2.*81\.3 %/);
  await qa.getByText('Re-scored: You are right: message 2 says 3 days.').waitFor();

  // The agent sees the new score; the report shows it as Agent 1's average.
  await agentPage.reload();
  await expect(agentPage.getByTestId('evaluation-score').first().textContent()).resolves.toBe('81.3 %');
  await qa.getByRole('link', { name: 'Quality' }).click();
  await qa.getByRole('link', { name: 'Report' }).click();
  const row = qa.getByTestId('qa-report-agents').locator('tr[data-agent="Agent 1"]');
  await expect(row.getByTestId('average-score').textContent()).resolves.toBe('81.3 %');
  await expect(row.textContent()).resolves.toContain('0 upheld · 1 re-scored · 0 open');
  await screenshot(qa, 'quality-report');
});

it('the scorecard editor previews the score as QA answers, and saving makes a new version', async () => {
  await qa.getByRole('link', { name: 'Scorecards' }).click();
  await qa
    .getByRole('row', { name: /Chat quality/ })
    .getByRole('button', { name: 'Edit' })
    .click();
  const preview = qa.getByTestId('editor-preview');
  await expect(preview.textContent()).resolves.toContain('–');
  await criterion(qa, 'listened').getByText('Yes', { exact: true }).click();
  await expect(preview.textContent()).resolves.toContain('100 %');
  await criterion(qa, 'tone').getByText('1', { exact: true }).click();
  await expect(preview.textContent()).resolves.toContain('50 %');
  // Making tone twice as heavy moves the preview at once: (1 + 0) / 3.
  await qa.getByLabel('Weight').nth(2).fill('2');
  await expect(preview.textContent()).resolves.toContain('33.3 %');
  await qa.getByRole('button', { name: 'Save as version 2' }).click();
  await qa
    .getByRole('row', { name: /Chat quality/ })
    .getByText('version 2')
    .waitFor();
});
