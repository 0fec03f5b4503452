// How a gateway call ended, classified for the one question that matters to the mailing engine:
// may this request be sent again without risking a double delivery? (DESIGN §6, reference §11)

export type CallOutcome<T> =
  /** 2xx with a body matching the schema. */
  | { kind: 'ok'; value: T; status: number; address: string }
  /** Provably never reached the gateway (DNS, connection refused on every address, TLS handshake failure). Safe to retry. */
  | { kind: 'not-sent'; code: string; message: string }
  /** May have been processed: timeout or reset after the body was sent, 5xx without per-item results, unparsable 2xx. */
  | {
      kind: 'ambiguous';
      code: string;
      message: string;
      status: number | null;
      /** The gateway's own error_code when it differs from `code` (e.g. INTERNAL_SERVER_ERROR → INTERNAL_ERROR). */
      rawErrorCode?: string;
    }
  /** A definite whole-request refusal (4xx). `errorCode` from the flat body (reference §9) or `HTTP_<status>`. */
  | {
      kind: 'rejected';
      status: number;
      errorCode: string;
      message: string;
      /** The gateway's own error_code when it differs from `errorCode` (UNIDENTIFIED_USER → INVALID_VALUE). */
      rawErrorCode?: string;
    };
