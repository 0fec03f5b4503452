// An audit log over its writer thread, as the service opens it (main/audit/open-audit-writer.ts), for the tests
// that drive the log alone: the log reads through AuditReads over the writer's read-only connection (`writer.db`).
import path from 'node:path';
import type { AuditKeys } from '../../main/audit/audit-keys.ts';
import { openAuditLog, type AuditLog, type AuditLogOptions } from '../../main/audit/audit-log.ts';
import { openAuditWriter, type OpenAuditWriter } from '../../main/audit/open-audit-writer.ts';
import { createFileKeyVault } from '../../main/audit/signing-key.ts';
import { createSqliteAuditReads } from '../../main/reads/sqlite-audit-reads.ts';

export async function openLogOnWriter(
  dataDir: string,
  keys: AuditKeys,
  options: Omit<AuditLogOptions, 'reads' | 'committer' | 'store' | 'keyVault'> & { keyFile?: string } = {},
  beforeLog?: (writer: OpenAuditWriter) => void,
): Promise<{ log: AuditLog; writer: OpenAuditWriter; close(): Promise<void> }> {
  const file = { path: path.join(dataDir, 'audit.db'), key: keys.dbKey };
  const writer = openAuditWriter(file, keys.blobKey);
  try {
    beforeLog?.(writer);
    const { keyFile, ...rest } = options;
    const log = await openAuditLog({
      ...rest,
      reads: createSqliteAuditReads(writer.db, file),
      committer: writer.committer,
      store: writer.store,
      keyVault: createFileKeyVault(keyFile ?? path.join(dataDir, 'k.bin'), keys.signingWrapKey),
    });
    return {
      log,
      writer,
      async close() {
        try {
          await log.close();
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
