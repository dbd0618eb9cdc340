import type {
  ChatSessionState,
  CreateChatSessionRequest,
  CreateChatSessionResponse,
  ErrorResponse,
  Message,
  MessagePage,
} from '@switchboard/contracts';

export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const error = (await res.json().catch(() => null)) as ErrorResponse | null;
    const message = error ? [error.message].flat().join('; ') : res.statusText;
    throw new ChatApiError(res.status, message);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** The customer's side of the REST API (contract: The customer's side). */
export const chatApi = {
  open: (body: CreateChatSessionRequest) => call<CreateChatSessionResponse>('POST', '/api/chat/sessions', null, body),
  state: (token: string) => call<ChatSessionState>('GET', '/api/chat/session', token),
  messages: (token: string, after: number) =>
    call<MessagePage>('GET', `/api/chat/messages?after=${after}&limit=200`, token),
  send: (token: string, body: string) => call<{ message: Message }>('POST', '/api/chat/messages', token, { body }),
  leave: (token: string) => call<void>('POST', '/api/chat/leave', token),
  /** A file (an image or a PDF), with the text written so far. */
  attach: async (token: string, file: File, body: string): Promise<{ message: Message }> => {
    const form = new FormData();
    if (body) form.set('body', body);
    form.set('file', file);
    const res = await fetch('/api/chat/attachments', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const answer = (await res.json().catch(() => null)) as ({ message?: unknown } & Partial<ErrorResponse>) | null;
    if (!res.ok) throw new ChatApiError(res.status, [answer?.message ?? res.statusText].flat().join('; '));
    return answer as { message: Message };
  },
  /** An attachment of the conversation as an object URL (the token goes in a header, not the link). */
  file: async (token: string, id: string): Promise<string> => {
    const res = await fetch(`/api/chat/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new ChatApiError(res.status, res.statusText);
    return URL.createObjectURL(await res.blob());
  },
};
