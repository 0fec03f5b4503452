// Reads a verification batch file (Excel/CSV) with the shared import machinery (main/imports/keyed-table.ts:
// sniffing, readers, header search): columns 은행/bank, 계좌번호/account, 예금주/owner, 주문번호/order id.
// The bank column may hold a code (04, 4, BK04) or a name (국민은행).
import { bankByName, resolveBankCode } from '../../shared/domain/banks.ts';
import { readKeyedTable, type KeyedColumn } from '../imports/keyed-table.ts';

export const VERIFY_BATCH_COLUMNS: readonly KeyedColumn[] = [
  { key: 'bank', label: '은행', names: ['은행', '은행코드', '은행명', 'bank', 'bankcode', 'bank_code', 'bk_code'], required: true },
  { key: 'account', label: '계좌번호', names: ['계좌번호', '계좌', 'account', 'accountno', 'account_no', 'accountnumber'], required: true },
  { key: 'owner', label: '예금주', names: ['예금주', '예금주명', '계좌주', '계좌주명', 'owner', 'ownername', 'owner_nm', 'holder'], required: true },
  { key: 'orderId', label: '주문번호', names: ['주문번호', 'orderid', 'order id', 'order_id', 'ordr_idxx'], required: false },
];

export type VerifyBatchRow = { sourceRow: number; bank: string; account: string; owner: string; orderId: string | null };

/** A bank cell as a code the validator understands: codes pass through, names are looked up. */
export function bankCellToCode(cell: string): string {
  if (resolveBankCode(cell).ok) return cell;
  return bankByName(cell)?.code ?? cell;
}

export async function readVerifyBatchFile(
  filePath: string,
  options: { sheet?: string } = {},
): Promise<{ sheet: string; headerRow: number; columns: Record<string, string>; rows: VerifyBatchRow[] }> {
  const table = await readKeyedTable(filePath, VERIFY_BATCH_COLUMNS, { ...options, maxRows: 100_000 });
  return {
    sheet: table.sheet,
    headerRow: table.headerRow,
    columns: table.columns,
    rows: table.rows.map((r) => ({
      sourceRow: r.sourceRow,
      bank: bankCellToCode(r.values.bank ?? ''),
      account: r.values.account ?? '',
      owner: r.values.owner ?? '',
      orderId: r.values.orderId ?? null,
    })),
  };
}
