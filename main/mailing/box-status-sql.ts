// The gateway status a document holds, as SQL (migration 13). An accepted document starts in the gateway's SENT
// (reference §8), and a poll answer that only confirms SENT is not written to doc_box_status: that column is in
// five grid indexes (directly, or through grid_box), and writing NULL → 'SENT' moved all five entries for a value
// the grid already showed (grid_box and every filter take NULL as SENT). status_seen_at, unindexed, records that
// the gateway answered a status, so readers still tell "SENT, confirmed" from "not asked yet" as before.

/** The document's gateway status as stored before migration 13 would hold it: NULL only when never answered. */
export const heldBoxStatusSql = (alias: string): string =>
  `coalesce(${alias}.doc_box_status, CASE WHEN ${alias}.status_seen_at IS NOT NULL THEN 'SENT' END)`;
