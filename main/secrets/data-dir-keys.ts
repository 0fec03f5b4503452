// The data folder's master key (DESIGN §4): from a passphrase (scrypt) for real use, or — for a sandbox-only
// folder — a random key kept in a local file that is clearly marked as unprotected.
import { randomBytes, scryptSync, hkdfSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-file.ts';

const META_FILE = 'datadir.json';
const UNPROTECTED_KEY_FILE = 'UNPROTECTED-sandbox-key.txt';

const metaSchema = z.object({
  version: z.literal(1),
  protection: z.enum(['passphrase', 'unprotected-sandbox']),
  salt: z.string(),
  scrypt: z.object({ N: z.number().int(), r: z.number().int(), p: z.number().int() }),
  createdAt: z.number().int(),
});
export type DataDirMeta = z.infer<typeof metaSchema>;

/** A new folder's passphrase is at least this long (characters): it is the only thing between a copied folder and its data. */
export const MIN_PASSPHRASE_LENGTH = 10;

export class DataDirKeyError extends Error {
  readonly code: 'PASSPHRASE_REQUIRED' | 'PASSPHRASE_WRONG' | 'PASSPHRASE_TOO_SHORT' | 'PASSPHRASE_NOT_USED' | 'META_INVALID';
  constructor(code: DataDirKeyError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface DataDirKeys {
  protection: DataDirMeta['protection'];
  dbKey: Buffer;
  vaultKey: Buffer;
  /** The audit database and its side keys (main/audit/audit-keys.ts derives blob, HMAC and key-wrap keys from it). */
  auditKey: Buffer;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `docdesk/${purpose}/v1`, 32));
}

function fromPassphrase(passphrase: string, meta: DataDirMeta): Buffer {
  const { N, r, p } = meta.scrypt;
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(meta.salt, 'base64'), 32, { N, r, p, maxmem: 256 * N * r });
}

/**
 * Loads (or creates, for a new folder) the keys of a data folder. A new folder is passphrase-protected when a
 * passphrase is given (at least MIN_PASSPHRASE_LENGTH characters), otherwise sandbox-only with an unprotected key
 * file. A passphrase given for a sandbox-only folder is refused rather than ignored: the operator believes the
 * folder is protected when it is not.
 */
/**
 * A new folder's passphrase is long enough (or absent: a sandbox-only folder). Checked again by loadDataDirKeys, and
 * by the composition root before it creates the folder, so a refused passphrase leaves nothing behind.
 */
export function assertNewFolderPassphrase(dataDir: string, passphrase: string | undefined): void {
  if (existsSync(path.join(dataDir, META_FILE))) return;
  const length = passphrase === undefined ? null : [...passphrase.normalize('NFC')].length;
  if (length !== null && length < MIN_PASSPHRASE_LENGTH) {
    throw new DataDirKeyError(
      'PASSPHRASE_TOO_SHORT',
      `새 데이터 폴더의 암호(DOCDESK_PASSPHRASE)는 ${MIN_PASSPHRASE_LENGTH}자 이상이어야 합니다(지금 ${length}자). 더 긴 암호를 설정한 뒤 다시 실행하세요. 폴더는 만들지 않았습니다.`,
    );
  }
}

export function loadDataDirKeys(dataDir: string, passphrase: string | undefined): DataDirKeys {
  const metaPath = path.join(dataDir, META_FILE);
  if (!existsSync(metaPath)) {
    assertNewFolderPassphrase(dataDir, passphrase);
    const meta: DataDirMeta = {
      version: 1,
      protection: passphrase ? 'passphrase' : 'unprotected-sandbox',
      salt: randomBytes(16).toString('base64'),
      scrypt: SCRYPT,
      createdAt: Date.now(),
    };
    let master: Buffer;
    if (passphrase) master = fromPassphrase(passphrase, meta);
    else {
      master = randomBytes(32);
      writeFileSync(
        path.join(dataDir, UNPROTECTED_KEY_FILE),
        `# UNPROTECTED: sandbox-only data folder. This key decrypts docdesk.db and the secret vault.\n` +
          `# 보호되지 않음: 샌드박스 전용 데이터 폴더입니다. 실제 발송에는 DOCDESK_PASSPHRASE로 새 폴더를 만드세요.\n` +
          `${master.toString('hex')}\n`,
        { mode: 0o600 },
      );
    }
    writeFileAtomic(metaPath, JSON.stringify(meta, null, 2));
    return { protection: meta.protection, dbKey: derive(master, 'db'), vaultKey: derive(master, 'vault'), auditKey: derive(master, 'audit') };
  }
  const parsed = metaSchema.safeParse(JSON.parse(readFileSync(metaPath, 'utf8')));
  if (!parsed.success) throw new DataDirKeyError('META_INVALID', `데이터 폴더 설정 파일(${META_FILE})이 손상되었습니다.`);
  const meta = parsed.data;
  let master: Buffer;
  if (meta.protection === 'passphrase') {
    if (!passphrase) {
      throw new DataDirKeyError('PASSPHRASE_REQUIRED', '이 데이터 폴더는 암호로 보호됩니다. DOCDESK_PASSPHRASE 환경 변수로 암호를 지정하세요.');
    }
    master = fromPassphrase(passphrase, meta);
  } else {
    if (passphrase !== undefined) {
      throw new DataDirKeyError(
        'PASSPHRASE_NOT_USED',
        `이 데이터 폴더(${dataDir})는 암호 없이 만든 샌드박스 전용 폴더라 암호(DOCDESK_PASSPHRASE)로 보호되지 않습니다. 이 폴더를 쓰려면 DOCDESK_PASSPHRASE를 지우고 다시 실행하세요. 암호로 보호된 폴더가 필요하면 DOCDESK_PASSPHRASE를 설정한 채 새 데이터 폴더(--data-dir)를 만드세요.`,
      );
    }
    const line = readFileSync(path.join(dataDir, UNPROTECTED_KEY_FILE), 'utf8').split('\n').find((l) => /^[0-9a-f]{64}$/.test(l.trim()));
    if (!line) throw new DataDirKeyError('META_INVALID', `샌드박스 키 파일(${UNPROTECTED_KEY_FILE})이 손상되었습니다.`);
    master = Buffer.from(line.trim(), 'hex');
  }
  return { protection: meta.protection, dbKey: derive(master, 'db'), vaultKey: derive(master, 'vault'), auditKey: derive(master, 'audit') };
}
