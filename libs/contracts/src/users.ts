import type { ActionResult } from './actions.js';
import type { IsoDateTime, Role } from './common.js';

/** A user as an admin sees them (`/api/users`). */
export interface UserAccount {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  passwordChangeRequired: boolean;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  /** The start of the newest sign-in, or null for one who never signed in. */
  lastSignInAt: IsoDateTime | null;
}

export interface CreateUserRequest {
  name: string;
  email: string;
  role: Role;
  /** Omit to have one generated (and answered once, in `temporaryPassword`). */
  password?: string;
  /** Default true: the user chooses their own password at first sign-in. */
  requirePasswordChange?: boolean;
}

/** Answered once: an admin-set or generated password is not stored anywhere else. */
export interface CreateUserResponse {
  user: UserAccount;
  /** Present when the password was generated. */
  temporaryPassword?: string;
}

/** Only the fields given change. */
export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  /** true signs the user out everywhere at once; an agent's work returns to its queues. */
  disabled?: boolean;
}

export interface ResetPasswordRequest {
  /** Omit to have one generated. */
  password?: string;
  /** Default true. */
  requirePasswordChange?: boolean;
}

export interface ResetPasswordResponse {
  result: ActionResult;
  temporaryPassword?: string;
}

export interface ListUsersQuery {
  role?: Role;
  q?: string;
  includeDisabled?: boolean;
}

/** One entry of the audit log: who changed what, when, with the state before and after. */
export interface AuditEntry {
  id: string;
  at: IsoDateTime;
  actor: { id: string; name: string; role: Role } | null;
  action: string;
  target: { type: string; id: string; label: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
