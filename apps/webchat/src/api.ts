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
};
