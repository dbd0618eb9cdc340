import type { ActionName, ActionResult, ActionTarget, TicketStatus } from '@switchboard/contracts';

/** The `result` every action answers with (API 0.2). */
export function actionResult(
  action: ActionName,
  target: { type: ActionTarget; id: string },
  ticket: { id: string; status: TicketStatus } | null,
): { result: ActionResult } {
  return { result: { action, target, ticket, at: new Date().toISOString() } };
}
