// A QUEUED KCP verification row of a batch file, row i (the KCP journal's replay and its write tests).
import type { NewVerification } from '../../../main/kcp/journal-writer-protocol.ts';

export const queuedVerification = (i: number): NewVerification => ({
  sourceRow: i + 2,
  profile: 'sandbox',
  transport: 'socket',
  state: 'QUEUED',
  bankCodeInput: '04',
  bankCode: '04',
  accountNo: String(123456789012 + i),
  ownerName: '홍길동',
  orderId: `R${String(i).padStart(8, '0')}`,
  warnings: [],
});
