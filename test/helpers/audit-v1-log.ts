// An audit.db exactly as DocDesk wrote it before the Merkle tree (issue 17): migration 1 only (migrations are never
// edited — checksummed — so AUDIT_MIGRATIONS[0] IS the old schema), rows chained as the old writer chained them
// (leaf = SHA-256(0x00 ‖ JCS record), chain = SHA-256(0x01 ‖ prev ‖ leaf)), and a checkpoint in the old text
// format (no tree root) signed with the log's key, which sits in the data folder's key file.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { AUDIT_MIGRATIONS } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { formatCheckpointBody, signCheckpoint } from '../../main/audit/checkpoint.ts';
import { chainHash, leafHash, ZERO_HASH } from '../../main/audit/hashing.ts';
import { createFileKeyVault, generateSigningKey } from '../../main/audit/signing-key.ts';
import { runMigrations } from '../../main/store/migrations.ts';
import { openEncryptedSqlite } from '../../main/store/open-database.ts';

/** Writes a pre-tree audit.db of `rows` rows (genesis + events) into dataDir; returns its leaves and log id. */
export function writeV1AuditLog(dataDir: string, auditKey: Buffer, rows: number, checkpointAt: number): { leaves: Buffer[]; logId: string } {
  const keys = deriveAuditKeys(auditKey);
  const db = openEncryptedSqlite(path.join(dataDir, 'audit.db'), keys.dbKey, { keyError: () => new Error('key') });
  try {
    runMigrations(db, AUDIT_MIGRATIONS.slice(0, 1), () => new Error('too new'));
    const made = generateSigningKey();
    createFileKeyVault(path.join(dataDir, 'audit-signing-key.bin'), keys.signingWrapKey).save(made.pkcs8);
    const logId = randomUUID();
    db.prepare('INSERT INTO audit_meta (key, value) VALUES (?, ?)').run('log_id', logId);
    db.prepare('INSERT INTO audit_key (fp, public_der, created_at) VALUES (?, ?, ?)').run(made.key.fingerprint, made.key.publicKey.export({ type: 'spki', format: 'der' }), 1);
    const leaves: Buffer[] = [];
    const chains: Buffer[] = [];
    const insChain = db.prepare('INSERT INTO audit_chain (seq, leaf, chain) VALUES (?, ?, ?)');
    const insRecord = db.prepare('INSERT INTO audit_record (seq, ts, ev, record) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      let prev = ZERO_HASH;
      for (let seq = 0; seq < rows; seq++) {
        const ts = new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString();
        const ev = seq === 0 ? 'audit.genesis' : 'op.test.old';
        const data = seq === 0 ? `{"created":"${ts}","key_fp":"${made.key.fingerprint}","log_id":"${logId}"}` : `{"i":${seq}}`;
        const record = Buffer.from(
          `{"actor":{"id":"docdesk","type":"system"},"data":${data},"ev":"${ev}","salt":"${randomBytes(16).toString('base64url')}","seq":${seq},"subj":{},"ts":"${ts}","v":1}`,
        );
        const leaf = leafHash(record);
        const chain = chainHash(prev, leaf);
        insChain.run(seq, leaf, chain);
        insRecord.run(seq, ts, ev, record);
        leaves.push(leaf);
        chains.push(chain);
        prev = chain;
      }
    })();
    const head = chains[checkpointAt - 1]!;
    const body = formatCheckpointBody({ logId, size: checkpointAt, head, time: '2026-01-01T01:00:00.000Z', keyFp: made.key.fingerprint });
    db.prepare('INSERT INTO audit_checkpoint (size, head, body, sig, key_fp, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      checkpointAt,
      head,
      body,
      signCheckpoint(body, made.key.privateKey),
      made.key.fingerprint,
      Date.UTC(2026, 0, 1, 1),
    );
    return { leaves, logId };
  } finally {
    db.close();
  }
}
