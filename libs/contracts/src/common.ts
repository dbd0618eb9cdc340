/** Roles a user can hold. Every endpoint names the roles it admits. */
export const ROLES = ['agent', 'supervisor', 'qa', 'admin', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['voice', 'chat', 'email', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CUSTOMER_TIERS = ['standard', 'gold', 'platinum'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** ISO-8601 timestamp in UTC. */
export type IsoDateTime = string;

/** Nest's error body: what every 4xx/5xx answer looks like. */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string | string[];
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` to get the next page. `null` on the last page. */
  nextCursor: string | null;
}
