// What the mailing engine needs from the gateway client (main/docsgw) — kept narrow so the engine is
// testable against the sandbox through the real client and nothing else.
import type { BulkSendRequest, BulkSendResponse, BulkStatusResponse, StatusData } from '../../shared/domain/edoc.ts';
import type { CallOutcome } from '../docsgw/outcome.ts';

export interface MailingGateway {
  bulkSend(req: BulkSendRequest, correlation?: Record<string, string>): Promise<CallOutcome<BulkSendResponse>>;
  bulkStatus(ids: string[], correlation?: Record<string, string>, externalIds?: readonly string[]): Promise<CallOutcome<BulkStatusResponse>>;
  /** One document's status now (the drawer's "지금 확인", main/mailing/status-check.ts). */
  singleStatus(binderUuid: string, correlation?: Record<string, string>): Promise<CallOutcome<StatusData>>;
}

/** An imported row, ready to send once it gets its external_document_uuid. */
export type { DraftItem } from '../../shared/domain/mailing-store.ts';

export class MailingError extends Error {
  readonly code: string;
  /** CLI exit code family: 1 failed, 2 invalid input, 3 operator decision needed, 4 configuration/credentials. */
  readonly exitCode: 1 | 2 | 3 | 4;
  /** Structured facts a face turns into its own next step (a button in the app, a command in the CLI). */
  readonly details?: unknown;
  constructor(code: string, message: string, exitCode: 1 | 2 | 3 | 4, details?: unknown) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
    if (details !== undefined) this.details = details;
  }
}
