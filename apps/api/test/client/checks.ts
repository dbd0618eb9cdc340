/** What the generated-client test and its client share; no generated type here, so it compiles on a fresh clone. */
export interface Checked {
  method: string;
  path: string;
  status: number;
}

/** Checks one answer against the description; records what is wrong. */
export type ResponseCheck = (method: string, schemaPath: string, status: number, body: unknown) => void;

export type RunLifecycle = (baseUrl: string, check: ResponseCheck) => Promise<Checked[]>;
