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

/**
 * A call to the API: JSON, or a form (an upload); the customer token when there is one. A failure
 * is a ChatApiError with the status and the API's own message.
 */
export async function call<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined || form ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
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
  attach: (token: string, file: File, body: string) => {
    const form = new FormData();
    if (body) form.set('body', body);
    form.set('file', file);
    return call<{ message: Message }>('POST', '/api/chat/attachments', token, form);
  },
  /** An attachment of the conversation as an object URL (the token goes in a header, not the link). */
  file: async (token: string, id: string): Promise<string> => {
    const res = await fetch(`/api/chat/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new ChatApiError(res.status, res.statusText);
    return URL.createObjectURL(await res.blob());
  },
};
