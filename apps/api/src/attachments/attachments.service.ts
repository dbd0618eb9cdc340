import type {} from '@fastify/multipart';
import { createHash, randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
  StreamableFile,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { MESSAGE_BODY_MAX, type MessageVisibility } from '@switchboard/contracts';
import {
  attachmentById,
  statement,
  type AttachmentRow,
  type ChatSessionRow,
  type NewAttachment,
} from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';
import { PLAIN_TEXT } from '../common/dto.js';
import { AttachmentStore } from './attachment-store.js';

/** What may be attached, by the type read from the bytes (never the name or the sender's claim). */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
};
/** The accepted types in words, for a refusal. */
export const ACCEPTED = Object.values(ATTACHMENT_TYPES).join(', ');
export const ATTACHMENT_MEDIA_TYPES = Object.keys(ATTACHMENT_TYPES);

const CHAT_FILE_BYTES = statement(
  'attachments_customer_bytes',
  `SELECT coalesce(sum(a.size), 0)::int AS used FROM attachments a JOIN messages m ON m.id = a.message_id
    WHERE a.ticket_id = $1 AND m.author_kind = 'customer'`,
);

/** A message with one file, as a multipart form sends it: `file`, and `body` / `visibility` fields. */
export interface Upload {
  attachment: NewAttachment;
  body: string;
  visibility: string | undefined;
}

/** The type read from the bytes (never the name or the sender's claim); undefined when not recognised. */
export function fileType(bytes: Buffer): Promise<string | undefined> {
  return fileTypeFromBuffer(bytes).then(
    (found) => found?.mime,
    () => undefined,
  );
}

/** The name shown: the last path segment, no control characters, at most 255 characters. */
export function displayName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters and direction overrides go
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return (clean || 'attachment').slice(0, 255);
}

/**
 * Files on messages: received from a multipart form, checked by their content's type and size
 * before anything is kept, stored in the AttachmentStore, served only to who may read the
 * ticket (images inline, anything else as a download).
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly work: TicketWork,
    private readonly store: AttachmentStore,
    private readonly access: AccessPolicy,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Reads the form; a refused file (type, size) is never stored. */
  async receive(req: FastifyRequest, quota?: { used: number; limit: number }): Promise<Upload> {
    if (!req.isMultipart()) throw new UnsupportedMediaTypeException('send the file as multipart/form-data');
    const fields: Record<string, string> = {};
    let file: { bytes: Buffer; name: string } | null = null;
    try {
      for await (const part of req.parts({ limits: { fileSize: this.config.attachmentMaxBytes, files: 1 } })) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') throw new BadRequestException(['the file must be sent as the field "file"']);
          file = { bytes: await part.toBuffer(), name: displayName(part.filename) };
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new PayloadTooLargeException(`file is larger than the limit of ${this.config.attachmentMaxBytes} bytes`);
      }
      if ((error as { code?: string }).code === 'FST_FILES_LIMIT') {
        throw new BadRequestException(['one file per message']);
      }
      throw error;
    }
    if (!file || file.bytes.length === 0)
      throw new BadRequestException(['file is required (a non-empty "file" field)']);
    const type = await fileType(file.bytes);
    if (!type || !ATTACHMENT_TYPES[type]) {
      throw new UnsupportedMediaTypeException(
        `${file.name} is ${type ?? 'of a type that is not recognised'}; accepted: ${ACCEPTED}`,
      );
    }
    const body = (fields.body ?? '').trim();
    if (body.length > MESSAGE_BODY_MAX) {
      throw new BadRequestException([`body must be at most ${MESSAGE_BODY_MAX} characters`]);
    }
    if (!PLAIN_TEXT.test(body)) {
      throw new BadRequestException(['body must be plain text: no control characters or direction overrides']);
    }
    if (quota && quota.used + file.bytes.length > quota.limit) {
      throw new PayloadTooLargeException(
        `this chat's files would pass the limit of ${quota.limit} bytes (${quota.used} bytes sent already)`,
      );
    }
    return {
      attachment: await this.keep(file.bytes, file.name, type),
      body,
      visibility: fields.visibility,
    };
  }

  /** Checked bytes into the store: the attachment row its message is written with. */
  async keep(bytes: Buffer, name: string, contentType: string): Promise<NewAttachment> {
    return {
      id: randomUUID(),
      name,
      contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey: await this.store.put(bytes, new Date()),
    };
  }

  /** Bytes the customer of a chat has sent so far, and the most they may (CHAT_FILE_BYTES). */
  async chatQuota(ticketId: string): Promise<{ used: number; limit: number }> {
    const [row] = await this.work.sql.query<{ used: number }>(CHAT_FILE_BYTES, [ticketId]);
    return { used: row?.used ?? 0, limit: this.config.chat.fileBytes };
  }

  /** A message that did not commit: its file goes too. */
  async discard(upload: Upload): Promise<void> {
    await this.store.remove(upload.attachment.storageKey).catch(() => undefined);
  }

  /** Staff: whoever may read the ticket's conversation (connectors: public files of their tickets). */
  async forStaff(id: string, viewer: AuthUser): Promise<StreamableFile> {
    const found = await attachmentById(this.work.sql, id);
    if (!found) throw new NotFoundException(`attachment ${id} does not exist`);
    await this.access.assertMayReadConversation(
      this.work.sql,
      viewer,
      { id: found.ticketId, createdById: found.createdById },
      `attachment ${id} does not exist`,
    );
    if (viewer.role === 'integration' && found.visibility !== 'public') {
      throw new NotFoundException(`attachment ${id} does not exist`);
    }
    return this.file(found);
  }

  /** The customer of a web chat: the public files of their own conversation. */
  async forCustomer(id: string, chat: ChatSessionRow): Promise<StreamableFile> {
    const found = await attachmentById(this.work.sql, id);
    if (!found || found.ticketId !== chat.ticketId || found.visibility !== ('public' as MessageVisibility)) {
      throw new NotFoundException(`attachment ${id} does not exist`);
    }
    return this.file(found);
  }

  private file(found: AttachmentRow): StreamableFile {
    const inline = found.contentType.startsWith('image/');
    const name = encodeURIComponent(found.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
    return new StreamableFile(this.store.open(found.storageKey), {
      type: found.contentType,
      length: found.size,
      disposition: `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`,
    });
  }
}
