import type { Role } from './common.js';

export interface LoginRequest {
  email: string;
  password: string;
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface LoginResponse {
  accessToken: string;
  user: UserSummary;
}

/** Claims carried by the bearer token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  name: string;
  email: string;
}
