import type { SurveyView } from '@switchboard/contracts';
import { call, ChatApiError } from './api.js';
import { h } from './dom.js';
import type { Translator } from './i18n.js';

const surveyPath = (token: string) => `/api/surveys/${encodeURIComponent(token)}`;

/**
 * The satisfaction survey: five labelled choices (a radio group, so keyboards and screen readers
 * get it for free), an optional comment, one send. Used in the chat once it is resolved, and on
 * the page a survey link opens.
 */
export function surveyForm(token: string, tr: Translator, done: (message: string) => void): HTMLFormElement {
  const problem = h('p', { class: 'problem', role: 'alert' });
  const comment = h('textarea', { id: 'survey-comment', rows: '3', maxlength: '2000' });
  const send = h('button', { type: 'submit' }, tr.t('surveySend'));
  const choices = tr.scores.map((label, i) =>
    h(
      'label',
      { class: 'score' },
      h('input', { type: 'radio', name: 'score', value: String(i + 1), required: true }),
      h('span', { class: 'score-number' }, tr.number(i + 1)),
      h('span', {}, label),
    ),
  );
  const form = h(
    'form',
    { class: 'survey', 'aria-labelledby': 'survey-title', 'data-testid': 'survey' },
    h('h2', { id: 'survey-title' }, tr.t('surveyTitle')),
    h('fieldset', {}, h('legend', {}, tr.t('surveyQuestion')), ...choices),
    h('label', { for: 'survey-comment' }, tr.t('surveyComment')),
    comment,
    send,
    problem,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = form.querySelector<HTMLInputElement>('input[name="score"]:checked');
    if (!picked) return;
    send.disabled = true;
    problem.textContent = '';
    call('POST', surveyPath(token), null, {
      score: Number(picked.value),
      ...(comment.value.trim() ? { comment: comment.value } : {}),
    })
      .then(() => done(tr.t('surveyThanks')))
      .catch((error: unknown) => {
        send.disabled = false;
        if (error instanceof ChatApiError && error.status === 409) done(tr.t('surveyAnswered'));
        else if (error instanceof ChatApiError && error.status === 410) done(tr.t('surveyExpired'));
        else problem.textContent = tr.t('error', { message: error instanceof Error ? error.message : String(error) });
      });
  });
  return form;
}

/** The page a survey link opens: `/survey/<token>`. */
export async function showSurveyPage(root: HTMLElement, token: string, tr: Translator): Promise<void> {
  const thanks = (message: string) =>
    root.replaceChildren(h('h1', {}, tr.t('surveyTitle')), h('p', { role: 'status' }, message));
  let view: SurveyView;
  try {
    view = await call<SurveyView>('GET', surveyPath(token), null);
  } catch {
    thanks(tr.t('surveyMissing'));
    return;
  }
  if (view.status !== 'open') {
    thanks(
      view.status === 'answered'
        ? tr.t('surveyAnswered')
        : view.status === 'cancelled'
          ? tr.t('surveyCancelled')
          : tr.t('surveyExpired'),
    );
    return;
  }
  root.replaceChildren(
    h('p', { class: 'intro', dir: 'auto' }, tr.t('surveyAbout', { subject: view.subject })),
    surveyForm(token, tr, thanks),
  );
}
