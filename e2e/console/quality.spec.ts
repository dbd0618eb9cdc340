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
import { Stack, waitFor } from '../support/stack.js';

let stack: Stack;
let browser: Browser;
let qa: Page;
let agentPage: Page;
let ticketId: string;
let tokens: { qa: string; agent: string; admin: string };
let chatCard: string;

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
  chatCard = (card.body as { id: string }).id;

  ticketId = await resolvedChat(agent!, 'Zeynep Arslan', CUSTOMER_SAYS, '198.51.100.77');
  tokens = { qa: qaToken!, agent: agent!, admin: (await stack.login('admin@switchboard.local')).accessToken };

  browser = await launchChromium();
  qa = await signIn(browser, stack.base, 'qa@switchboard.local');
  agentPage = await signIn(browser, stack.base, 'agent1@switchboard.local');
}, 120_000);

/** A customer writes in the web chat; agent 1 takes it, answers and resolves it. Returns the ticket's id. */
async function resolvedChat(agent: string, name: string, text: string, address: string): Promise<string> {
  const opened = await fetch(`${stack.base}/api/chat/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ queue: 'complaints', message: text, customer: { name } }),
  });
  expect(opened.status).toBe(201);
  const id = ((await opened.json()) as { ticketId: string }).ticketId;
  expect((await stack.call('PUT', '/api/agents/me/status', agent, { status: 'available' })).status).toBe(200);
  let offerId: string | undefined;
  // Up to 30 s: a stack just started may take a while under a loaded CI before its router offers anything.
  for (let i = 0; i < 300 && !offerId; i++) {
    const work = await stack.call<AgentWorkResponse>('GET', '/api/agents/me/work', agent);
    offerId = work.body.offers.find((o) => o.ticketId === id)?.offerId;
    if (!offerId) await new Promise((r) => setTimeout(r, 100));
  }
  expect(offerId).toBeDefined();
  expect((await stack.call('POST', `/api/offers/${offerId}/accept`, agent)).status).toBe(200);
  const reply = { body: 'I can see the double charge; the refund is on its way.', visibility: 'public' };
  expect((await stack.call('POST', `/api/tickets/${id}/messages`, agent, reply)).status).toBe(201);
  expect((await stack.call('POST', `/api/tickets/${id}/resolve`, agent, { resolutionCode: 'fixed' })).status).toBe(200);
  expect((await stack.call('POST', '/api/agents/me/wrap-up/complete', agent)).status).toBe(200);
  expect((await stack.call('PUT', '/api/agents/me/status', agent, { status: 'offline' })).status).toBe(200);
  return id;
}

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

it('calibration is blind until QA submits, then shows the answers side by side and the agreement', async () => {
  const second = await resolvedChat(tokens.agent, 'Ali Rezaei', 'My parcel never arrived.', '198.51.100.78');
  const [qaUser, adminUser] = await Promise.all([
    stack.login('qa@switchboard.local'),
    stack.login('admin@switchboard.local'),
  ]);
  const session = await stack.call<{ id: string }>('POST', '/api/qa/calibrations', tokens.qa, {
    name: 'December calibration',
    scorecardId: chatCard,
    ticketIds: [ticketId, second],
    reviewerIds: [qaUser.user.id, adminUser.user.id],
  });
  expect(session.status).toBe(201);
  // The admin scores both tickets first: yes, tone 4, explained yes.
  for (const ticket of [ticketId, second]) {
    const res = await stack.call('POST', '/api/qa/evaluations', tokens.admin, {
      ticketId: ticket,
      scorecardId: chatCard,
      calibrationId: session.body.id,
      submit: true,
      answers: [
        { criterion: 'listened', value: 'yes' },
        { criterion: 'tone', value: 4 },
        { criterion: 'explained', value: 'yes' },
      ],
    });
    expect(res.status).toBe(201);
  }
  await qa.getByRole('link', { name: 'Calibration' }).click();
  await qa.getByRole('link', { name: 'December calibration' }).click();
  await qa.getByText(/Scoring is blind/).waitFor();
  // Blind: nothing of the admin's shows before QA's own answers are in.
  expect(await qa.getByTestId('side-by-side').count()).toBe(0);
  expect(await qa.getByTestId('agreement').count()).toBe(0);

  for (const [i, tone] of ['4', '2'].entries()) {
    await qa.locator('[data-ticket]').nth(i).getByRole('link', { name: 'Score it' }).click();
    await qa.getByRole('heading', { name: /Evaluate SB-\d+/ }).waitFor();
    await criterion(qa, 'listened').getByText('Yes', { exact: true }).click();
    await criterion(qa, 'tone').getByText(tone, { exact: true }).click();
    await criterion(qa, 'explained').getByText('Yes', { exact: true }).click();
    await qa.getByRole('button', { name: 'Submit evaluation' }).click();
    await qa.getByText(/Scoring is blind/).waitFor();
    await qa.locator('[data-ticket]').nth(i).getByTestId('side-by-side').waitFor();
  }
  const firstTable = await qa.locator('[data-ticket]').nth(0).getByTestId('side-by-side').textContent();
  expect(firstTable).toContain('Demo Admin');
  expect(firstTable).toContain('Demo QA Reviewer');
  // Tone was answered 4/4 and 4/2: an ordinal alpha over two tickets and four answers.
  const agreement = qa.getByTestId('agreement');
  await agreement.waitFor();
  await expect(agreement.locator('[data-criterion="tone"]').textContent()).resolves.toMatch(
    /ordinal.*2 tickets, 4 answers/,
  );
  await expect(agreement.locator('[data-criterion="listened"]').textContent()).resolves.toContain(
    'not enough variation to say',
  );
  await screenshot(qa, 'quality-calibration');
  expect(await seriousViolations(qa)).toEqual([]);

  // None of it reaches the agent.
  const theirs = await stack.call<{ items: { calibrationId: string | null }[] }>(
    'GET',
    '/api/qa/evaluations?limit=200',
    tokens.agent,
  );
  expect(theirs.body.items.every((e) => e.calibrationId === null)).toBe(true);
  expect(theirs.body.items).toHaveLength(1);
});

it('QA sets a queue’s sampling rules and a reviewer’s weekly goal on the sampling screen', async () => {
  await qa.getByRole('link', { name: 'Sampling' }).click();
  const billing = qa.getByTestId('sampling-rules').locator('tr[data-queue="billing"]');
  await billing.getByLabel('Random % (billing)').fill('25');
  await billing.getByLabel('Rating at most (billing)').selectOption('2');
  await billing.getByLabel('Transferred (billing)').check();
  await billing.getByRole('button', { name: 'Save' }).click();
  await billing.getByRole('button', { name: 'Saved' }).waitFor();
  await qa.getByLabel('Weekly goal (Demo QA Reviewer)').fill('40');
  await qa
    .getByRole('row', { name: /Demo QA Reviewer/ })
    .getByRole('button', { name: 'Save' })
    .click();
  await waitFor(async () => {
    const goals = await stack.call<{ name: string; weeklyGoal: number }[]>('GET', '/api/qa/reviewers', tokens.qa);
    return goals.body.find((g) => g.name === 'Demo QA Reviewer')?.weeklyGoal === 40;
  }, 5_000);
  const rules = await stack.call<{ queue: string }[]>('GET', '/api/qa/sampling-rules', tokens.qa);
  expect(rules.body.find((r) => r.queue === 'billing')).toEqual({
    queue: 'billing',
    randomPercent: 25,
    csatAtMost: 2,
    transferred: true,
    repeatContact: false,
    handleSecondsAbove: null,
    autoFailedBefore: false,
  });
  expect(await seriousViolations(qa)).toEqual([]);
});
