import type { IsoDateTime, Role } from './common.js';

export interface LoginRequest {
  email: string;
  password: string;
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** An admin set this user's password (new user, reset): until they choose their own, only the password change works. */
  passwordChangeRequired: boolean;
}

/** `POST /api/auth/login` and `POST /api/auth/refresh`. */
export interface LoginResponse {
  /** Bearer token for every other call; it lasts minutes (`expiresAt`), refresh it from the session. */
  accessToken: string;
  /** When the access token stops working. */
  expiresAt: IsoDateTime;
  /**
   * The session's refresh token, for clients without cookies (`POST /api/auth/refresh` with
   * `{ refreshToken }`). Browsers get the same value in an HttpOnly cookie and should not keep it.
   * Absent from refresh answers: the session keeps the token it had.
   */
  refreshToken?: string;
  /** When the session (the sign-in) ends; refreshing does not extend it. */
  sessionExpiresAt: IsoDateTime;
  user: UserSummary;
}

export interface RefreshRequest {
  /** Omit when the session cookie is sent instead (the console). */
  refreshToken?: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/**
 * Claims carried by the bearer token: who (`sub`) and which sign-in (`sid`). Role, name and
 * the active flag are read from the database on every use, never from the token.
 */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  iat: number;
  exp: number;
}

/** Why the server ended a session or closed its socket (`session.ended`). */
export const SESSION_END_REASONS = [
  'token-expired',
  'session-expired',
  'logged-out',
  'user-disabled',
  'role-changed',
  'password-changed',
  'password-reset',
] as const;
export type SessionEndedReason = (typeof SESSION_END_REASONS)[number];
