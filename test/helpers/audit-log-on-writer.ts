// An audit log over its writer thread, as the service opens it (main/audit/open-audit-writer.ts), for the tests
// that drive the log alone: `db` is the read-only connection the log reads on.
import path from 'node:path';
import type { AuditKeys } from '../../main/audit/audit-keys.ts';
import { createAuditLog, type AuditLog, type AuditLogOptions } from '../../main/audit/audit-log.ts';
import { openAuditWriter, type OpenAuditWriter } from '../../main/audit/open-audit-writer.ts';
import { createFileKeyVault } from '../../main/audit/signing-key.ts';

export function openLogOnWriter(
  dataDir: string,
  keys: AuditKeys,
  options: Omit<AuditLogOptions, 'db' | 'committer' | 'store' | 'keyVault'> & { keyFile?: string } = {},
  beforeLog?: (writer: OpenAuditWriter) => void,
): { log: AuditLog; writer: OpenAuditWriter; close(): void } {
  const writer = openAuditWriter({ path: path.join(dataDir, 'audit.db'), key: keys.dbKey }, keys.blobKey);
  try {
    beforeLog?.(writer);
    const { keyFile, ...rest } = options;
    const log = createAuditLog({ ...rest, db: writer.db, committer: writer.committer, store: writer.store, keyVault: createFileKeyVault(keyFile ?? path.join(dataDir, 'k.bin'), keys.signingWrapKey) });
    return {
      log,
      writer,
      close() {
        try {
          log.close();
        } finally {
          writer.close();
        }
      },
    };
  } catch (err) {
    writer.close();
    throw err;
  }
}
