import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEntry, Page, Role } from '@switchboard/contracts';
import type { AuditInput } from '@switchboard/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { BIGINT_ID, decodeCursor, encodeCursor } from '../common/cursor.js';
import type { ListAuditQueryDto } from './audit.dto.js';

export interface AuditRecord {
  action: string;
  target: { type: string; id: string; label?: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Roles whose every change is written to the audit log. */
const AUDITED = new Set<Role>(['admin', 'supervisor']);

/**
 * Records an action in a ticket's unit of work, written with its other changes (a change that
 * rolls back leaves no entry). Only admins' and supervisors' actions are audited.
 */
export function auditOf(tx: { audit(entry: AuditInput): void }, actor: AuthUser, entry: AuditRecord): void {
  if (!AUDITED.has(actor.role)) return;
  tx.audit({ ...entry, actorId: actor.id, actorRole: actor.role });
}

interface AuditRow {
  id: string;
  at: Date;
  cursor_at: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: Role;
  action: string;
  target_type: string;
  target_id: string;
  target_label: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * The audit log: every admin and supervisor action, with who, what, when and the state before
 * and after, written in the transaction of the change (a change that rolls back leaves no entry).
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(manager: EntityManager, actor: AuthUser, entry: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_id, actor_role, action, target_type, target_id, target_label, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        actor.id,
        actor.role,
        entry.action,
        entry.target.type,
        entry.target.id,
        entry.target.label?.slice(0, 320) ?? null,
        entry.before ?? null,
        entry.after ?? null,
      ],
    );
  }

  /** Newest first, filtered; keyset pages. */
  async list(query: ListAuditQueryDto): Promise<Page<AuditEntry>> {
    const limit = query.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.actorId) add('a.actor_id = ?', query.actorId);
    if (query.action) add('a.action = ?', query.action);
    if (query.targetType) add('a.target_type = ?', query.targetType);
    if (query.targetId) add('a.target_id = ?', query.targetId);
    if (query.from) add('a.at >= ?', query.from);
    if (query.to) add('a.at < ?', query.to);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, BIGINT_ID);
      params.push(cursor.createdAt, cursor.id);
      where.push(`(a.at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
    }
    params.push(limit + 1);
    const rows = (await this.db.query(
      `SELECT a.id, a.at, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
              a.actor_id, u.name AS actor_name, a.actor_role, a.action, a.target_type, a.target_id,
              a.target_label, a.before, a.after
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    )) as AuditRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '', role: r.actor_role } : null,
        action: r.action,
        target: { type: r.target_type, id: r.target_id, label: r.target_label },
        before: r.before,
        after: r.after,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null,
    };
  }
}
