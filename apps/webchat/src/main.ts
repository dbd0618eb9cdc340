import type { ChatEndReason, ChatPhase, Message } from '@switchboard/contracts';
import { io, type Socket } from 'socket.io-client';
import { ChatApiError, chatApi } from './api.js';
import { h, linkify } from './dom.js';
import { pickLanguage, translator } from './i18n.js';
import { showSurveyPage, surveyForm } from './survey.js';
import './styles.css';

const params = new URLSearchParams(location.search);
const queue = params.get('queue') ?? '';
const tr = translator(pickLanguage(params, navigator.languages));
document.documentElement.lang = tr.language;
document.documentElement.dir = tr.dir;
document.title = tr.t('title');
const root = document.getElementById('chat')!;
/** The conversation survives a reload: its token is kept per queue in this browser. */
const storageKey = `switchboard.chat.${queue}`;
const TYPING_IDLE_MS = 3_000;

interface Conversation {
  token: string;
  messages: Map<number, Message>;
  lastSeq: number;
  phase: ChatPhase;
  agentName: string | null;
  position: number;
  estimatedWaitSeconds: number;
  /** The agent read the customer's messages up to this number. */
  readUpTo: number;
  ended: ChatEndReason | null;
  /** Once resolved: the satisfaction survey to answer here. */
  surveyUrl: string | null;
  socket: Socket | null;
}

let chat: Conversation | null = null;

function describeError(error: unknown): string {
  if (error instanceof ChatApiError && error.status === 429) return tr.t('tooMany');
  return tr.t('error', { message: error instanceof Error ? error.message : String(error) });
}

// ---- the start form -------------------------------------------------------------------------

function showStart(problem?: string): void {
  const status = h('p', { role: 'alert', class: 'problem' }, problem);
  const name = h('input', { id: 'name', name: 'name', autocomplete: 'name', maxlength: '120', required: true });
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'email', maxlength: '320' });
  const phone = h('input', { id: 'phone', name: 'phone', type: 'tel', autocomplete: 'tel', maxlength: '40' });
  const message = h('textarea', { id: 'first', name: 'message', rows: '4', maxlength: '10000', required: true });
  const button = h('button', { type: 'submit' }, tr.t('start'));
  const form = h(
    'form',
    { class: 'start', 'aria-labelledby': 'chat-title' },
    h('label', { for: 'name' }, tr.t('name')),
    name,
    h('label', { for: 'email' }, tr.t('email')),
    email,
    h('label', { for: 'phone' }, tr.t('phone')),
    phone,
    h('label', { for: 'first' }, tr.t('firstMessage')),
    message,
    button,
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    button.textContent = tr.t('starting');
    status.textContent = '';
    chatApi
      .open({
        queue,
        message: message.value,
        customer: {
          name: name.value.trim() || undefined,
          email: email.value.trim() || undefined,
          phone: phone.value.trim() || undefined,
        },
      })
      .then((opened) => {
        localStorage.setItem(storageKey, opened.customerToken);
        begin(opened.customerToken, { position: opened.position, estimatedWaitSeconds: opened.estimatedWaitSeconds });
      })
      .catch((error: unknown) => {
        button.disabled = false;
        button.textContent = tr.t('start');
        status.textContent = describeError(error);
      });
  });
  root.replaceChildren(h('h1', { id: 'chat-title' }, tr.t('title')), h('p', { class: 'intro' }, tr.t('intro')), form);
  name.focus();
}

// ---- the conversation -----------------------------------------------------------------------

const view = {
  status: h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'chat-status' }),
  connection: h('p', { class: 'connection', role: 'alert' }),
  // Focusable: a keyboard can scroll the conversation.
  log: h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': tr.t('transcript'), tabindex: '0' }),
  typing: h('p', { class: 'typing', 'aria-live': 'polite', 'data-testid': 'chat-typing' }),
  composer: h('textarea', { id: 'composer', rows: '2', maxlength: '10000' }),
  file: h('input', {
    id: 'attach',
    type: 'file',
    class: 'visually-hidden',
    accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf',
  }),
  send: h('button', { type: 'submit' }, tr.t('send')),
  problem: h('p', { class: 'problem', role: 'alert' }),
  leave: h('button', { type: 'button', class: 'leave' }, tr.t('leave')),
  ended: h('div', { class: 'ended', role: 'status' }),
  form: null as HTMLFormElement | null,
};
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let typingShownTimer: ReturnType<typeof setTimeout> | undefined;
let typingSent = false;

function showConversation(): void {
  view.form = h(
    'form',
    { class: 'composer' },
    h('label', { for: 'composer', class: 'visually-hidden' }, tr.t('composer')),
    view.composer,
    h(
      'label',
      { for: 'attach', class: 'attach', title: tr.t('attach') },
      '📎',
      h('span', { class: 'visually-hidden' }, tr.t('attach')),
    ),
    view.file,
    view.send,
  );
  view.file.addEventListener('change', () => sendFile());
  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  view.composer.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  view.composer.addEventListener('input', () => typed());
  view.leave.addEventListener('click', () => leave());
  view.log.replaceChildren();
  root.replaceChildren(
    h('header', {}, h('h1', { id: 'chat-title' }, tr.t('title')), view.leave),
    view.status,
    view.connection,
    view.log,
    view.typing,
    view.form,
    view.problem,
    view.ended,
  );
}

function begin(token: string, waiting?: { position: number; estimatedWaitSeconds: number }): void {
  chat = {
    token,
    messages: new Map(),
    lastSeq: 0,
    phase: 'waiting',
    agentName: null,
    position: waiting?.position ?? 0,
    estimatedWaitSeconds: waiting?.estimatedWaitSeconds ?? 0,
    readUpTo: 0,
    ended: null,
    surveyUrl: null,
    socket: null,
  };
  showConversation();
  render();
  connect(chat);
  view.composer.focus();
}

function connect(current: Conversation): void {
  const socket = io('/chat', {
    path: '/socket.io',
    auth: { customerToken: current.token },
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  current.socket = socket;
  // Every (re)connection reads what was missed: the state, and the messages after the last one seen.
  socket.on('connect', () => {
    view.connection.textContent = '';
    void sync(current);
  });
  socket.on('disconnect', () => {
    view.connection.textContent = tr.t('offline');
  });
  socket.on('connect_error', (error) => {
    if (error.message.startsWith('unauthorized')) {
      localStorage.removeItem(storageKey);
      socket.disconnect();
      showStart();
    }
  });
  socket.on('chat.message', ({ message }: { message: Message }) => add(current, [message]));
  socket.on('chat.position', (p: { position: number; estimatedWaitSeconds: number }) => {
    current.position = p.position;
    current.estimatedWaitSeconds = p.estimatedWaitSeconds;
    render();
  });
  socket.on('chat.agent', ({ name }: { name: string }) => {
    current.phase = 'active';
    current.agentName = name;
    render();
  });
  socket.on('chat.typing', ({ typing }: { typing: boolean }) => showAgentTyping(typing));
  socket.on('chat.read', ({ seq }: { seq: number }) => {
    current.readUpTo = Math.max(current.readUpTo, seq);
    renderMarks(current);
  });
  socket.on('chat.ended', ({ reason, surveyUrl }: { reason: ChatEndReason; surveyUrl?: string }) => {
    current.phase = 'ended';
    current.ended = reason;
    current.surveyUrl = surveyUrl ?? null;
    showAgentTyping(false);
    render();
  });
}

async function sync(current: Conversation): Promise<void> {
  try {
    const state = await chatApi.state(current.token);
    current.phase = state.phase;
    current.agentName = state.agent?.name ?? current.agentName;
    current.position = state.position;
    current.estimatedWaitSeconds = state.estimatedWaitSeconds;
    if (state.phase === 'ended' && !current.ended) current.ended = state.status === 'resolved' ? 'resolved' : 'left';
    current.surveyUrl = state.surveyUrl ?? null;
    for (let after = current.lastSeq; ;) {
      const page = await chatApi.messages(current.token, after);
      add(current, page.items);
      if (!page.nextCursor) break;
      after = Number(page.nextCursor);
    }
    // The agent's read marks are on the messages themselves.
    for (const m of current.messages.values()) {
      if (m.direction === 'inbound' && m.readAt) current.readUpTo = Math.max(current.readUpTo, m.seq);
    }
    render();
    renderMarks(current);
  } catch (error) {
    if (error instanceof ChatApiError && error.status === 401) {
      localStorage.removeItem(storageKey);
      current.socket?.disconnect();
      showStart();
      return;
    }
    view.problem.textContent = describeError(error);
  }
}

/** Adds messages in `seq` order; one already shown (a reload, a reconnect, the socket's echo) is not shown twice. */
function add(current: Conversation, messages: Message[]): void {
  for (const message of messages) {
    if (current.messages.has(message.seq)) continue;
    current.messages.set(message.seq, message);
    current.lastSeq = Math.max(current.lastSeq, message.seq);
    const item = renderMessage(message);
    const after = [...view.log.children].find((el) => Number((el as HTMLElement).dataset.seq) > message.seq);
    view.log.insertBefore(item, after ?? null);
    if (message.direction === 'outbound' && message.author.kind === 'agent') showAgentTyping(false);
  }
  renderMarks(current);
  view.log.lastElementChild?.scrollIntoView({ block: 'end' });
  markRead(current);
}

function renderMessage(message: Message): HTMLDivElement {
  const mine = message.direction === 'inbound';
  const who = mine ? tr.t('you') : message.author.kind === 'system' ? '' : message.author.name || tr.t('agent');
  return h(
    'div',
    {
      class: `message ${mine ? 'mine' : message.author.kind}`,
      'data-seq': String(message.seq),
      'data-testid': 'chat-message',
    },
    who ? h('span', { class: 'who' }, who) : null,
    message.body ? h('p', { class: 'body', dir: 'auto' }, ...linkify(message.body)) : null,
    ...message.attachments.map((a) => {
      const open = h('button', { type: 'button', class: 'file', dir: 'auto' }, `📎 ${a.name}`);
      open.addEventListener('click', () => {
        if (!chat) return;
        chatApi.file(chat.token, a.id).then(
          (url) => {
            const link = h('a', { href: url, download: a.name });
            link.click();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
          },
          (error: unknown) => (view.problem.textContent = describeError(error)),
        );
      });
      return open;
    }),
    h(
      'span',
      { class: 'meta' },
      h('time', { datetime: message.at }, tr.time(message.at)),
      mine ? h('span', { class: 'mark', 'data-testid': 'chat-mark' }) : null,
    ),
  );
}

/** "Sent" on the customer's messages, "Read" on those the agent has read. */
function renderMarks(current: Conversation): void {
  for (const item of view.log.querySelectorAll<HTMLElement>('.message.mine')) {
    const mark = item.querySelector('.mark');
    if (mark) mark.textContent = Number(item.dataset.seq) <= current.readUpTo ? tr.t('read') : tr.t('sent');
  }
}

/** Tells the agent what the customer has seen, when the page is in view. */
function markRead(current: Conversation): void {
  if (document.visibilityState !== 'visible' || !current.socket?.connected) return;
  let newest = 0;
  for (const m of current.messages.values())
    if (m.direction === 'outbound' && m.author.kind === 'agent') newest = m.seq;
  if (newest > 0) current.socket.emit('chat.read', { seq: newest });
}
document.addEventListener('visibilitychange', () => chat && markRead(chat));

function showAgentTyping(typing: boolean): void {
  clearTimeout(typingShownTimer);
  view.typing.textContent = typing ? tr.t('typing', { name: chat?.agentName ?? tr.t('agent') }) : '';
  // A lost "stopped typing" must not leave the line up for ever.
  if (typing) typingShownTimer = setTimeout(() => (view.typing.textContent = ''), 8_000);
}

function typed(): void {
  const socket = chat?.socket;
  if (!socket?.connected || chat?.phase !== 'active') return;
  if (!typingSent) {
    typingSent = true;
    socket.emit('chat.typing', { typing: true });
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(stoppedTyping, TYPING_IDLE_MS);
}

function stoppedTyping(): void {
  clearTimeout(typingTimer);
  if (!typingSent) return;
  typingSent = false;
  chat?.socket?.emit('chat.typing', { typing: false });
}

function send(): void {
  const current = chat;
  const body = view.composer.value.trim();
  if (!current || !body || view.send.disabled) return;
  view.send.disabled = true;
  view.problem.textContent = '';
  chatApi
    .send(current.token, body)
    .then(({ message }) => {
      view.composer.value = '';
      stoppedTyping();
      add(current, [message]);
    })
    // The text stays in the box: nothing the customer wrote is lost to a failed send.
    .catch((error: unknown) => (view.problem.textContent = describeError(error)))
    .finally(() => {
      view.send.disabled = false;
      view.composer.focus();
    });
}

function sendFile(): void {
  const current = chat;
  const file = view.file.files?.[0];
  view.file.value = '';
  if (!current || !file) return;
  view.problem.textContent = '';
  view.send.disabled = true;
  chatApi
    .attach(current.token, file, view.composer.value.trim())
    .then(({ message }) => {
      view.composer.value = '';
      add(current, [message]);
    })
    .catch((error: unknown) => (view.problem.textContent = describeError(error)))
    .finally(() => (view.send.disabled = current.phase === 'ended'));
}

function leave(): void {
  const current = chat;
  if (!current || current.phase === 'ended') return;
  if (current.phase === 'waiting' && !window.confirm(tr.t('confirmLeave'))) return;
  chatApi
    .leave(current.token)
    .then(() => {
      current.phase = 'ended';
      current.ended = current.ended ?? (current.agentName ? 'left' : 'abandoned');
      render();
    })
    .catch((error: unknown) => (view.problem.textContent = describeError(error)));
}

function waitText(current: Conversation): string {
  const position = tr.plural('position', current.position);
  if (current.estimatedWaitSeconds < 30) return `${position}, ${tr.t('waitSoon')}`;
  return `${position}, ${tr.plural('wait', Math.max(1, Math.round(current.estimatedWaitSeconds / 60)))}`;
}

function render(): void {
  const current = chat;
  if (!current) return;
  const ended = current.phase === 'ended';
  view.status.textContent =
    current.phase === 'waiting'
      ? current.position > 0
        ? waitText(current)
        : tr.t('waitSoon')
      : current.phase === 'active' && current.agentName
        ? tr.t('joined', { name: current.agentName })
        : '';
  view.composer.disabled = ended;
  view.send.disabled = ended;
  view.leave.hidden = ended;
  if (view.form) view.form.hidden = ended;
  if (ended) {
    stoppedTyping();
    const reason =
      current.ended === 'resolved'
        ? tr.t('resolved')
        : current.ended === 'abandoned'
          ? tr.t('abandoned')
          : tr.t('ended');
    // Rendered once per ending: a re-render must not wipe a half-filled survey or its thanks.
    const key = `${current.ended}:${current.surveyUrl ?? ''}`;
    if (view.ended.dataset.for !== key) {
      view.ended.dataset.for = key;
      const again = h('button', { type: 'button' }, tr.t('newChat'));
      again.addEventListener('click', () => {
        current.socket?.disconnect();
        localStorage.removeItem(storageKey);
        chat = null;
        showStart();
      });
      const survey = current.surveyUrl
        ? surveyForm(current.surveyUrl.slice('/survey/'.length), tr, (message) =>
            survey!.replaceWith(h('p', { role: 'status' }, message)),
          )
        : null;
      view.ended.replaceChildren(h('p', {}, reason), ...(survey ? [survey] : []), again);
    }
  } else {
    view.ended.replaceChildren();
    delete view.ended.dataset.for;
  }
}

// ---- start ----------------------------------------------------------------------------------

const surveyPath = /^\/survey\/([^/]+)$/.exec(location.pathname);
if (surveyPath) {
  void showSurveyPage(root, decodeURIComponent(surveyPath[1]!), tr);
} else if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(queue)) {
  root.replaceChildren(h('h1', {}, tr.t('title')), h('p', { role: 'alert' }, tr.t('unknownQueue')));
} else {
  const saved = localStorage.getItem(storageKey);
  if (saved) begin(saved);
  else showStart();
}
