// KCP account verification service (reference kcp-and-payup.md Part A): validate → journal IN_FLIGHT → send
// through the profile's transport → apply the answer in one transaction. Retries follow A11: the local wrapper
// codes 9502 (empty output) and S102 (module not runnable) and a request that provably never left are tried
// once more after 2 s; a gateway answer (any res_cd) is never retried automatically (calls may be billed, and
// repeated attempts on one account look like probing). It holds no database: it writes through KcpStore (named
// steps, each committed before it resolves) and reads through KcpReads (issue 16 step 9).
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BANKS, LEGACY_BANK_CODES, resolveBankCode, type Bank } from '../../shared/domain/banks.ts';
import {
  kcpVerifyInputSchema,
  type KcpBatchProgress,
  type KcpBatchResult,
  type KcpVerificationRow as VerificationRow,
  type KcpVerificationResult,
  type KcpVerifyInput,
} from '../../shared/domain/kcp-verification.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { maskName } from '../../shared/domain/masking.ts';
import { profileStampedSink, type ExchangeRecord } from '../http/exchange.ts';
import type { KcpReads } from '../reads/docdesk-reads.ts';
import { readVerifyBatchFile } from './batch-file.ts';
import { credentialDetails } from '../../shared/domain/error-details.ts';
import { KcpError } from './errors.ts';
import type { Answer, ConfirmedRequest, NewVerification, RowAnswer } from './journal-writer-protocol.ts';
import type { KcpStore } from './kcp-store.ts';
import { buildAccoMessage, redactedMessageText, type BankCodeFormat } from './message.ts';
import { createPpcliTransport, type PpcliGrammar } from './ppcli-transport.ts';
import { runClaimedBatch } from '../batch/batch-runner.ts';
import { maskAccount, presentBatchRow, presentVerification } from './present.ts';
import { appTimeToMs, MODULE_CONNECT_REFUSED, MODULE_NO_ANSWER, WRAPPER_CODE_SET } from './result.ts';
import { writeVerifyResultFile } from './result-export.ts';
import { createSocketTransport } from './socket-transport.ts';
import type { KcpTransport, TransportOutcome } from './transport.ts';
import { forbiddenCharacters, validateRequest, type ValidatedRequest } from './validate.ts';

export type KcpServiceOptions = {
  store: KcpStore;
  reads: KcpReads;
  profile: () => Profile;
  /** The profile's kcp.siteKey (secret store); called at call time, never stored here. */
  siteKey: () => string | undefined;
  /** bk_code format (reference A9: uncertain; default the sample's 2 digits). */
  bankCodeFormat?: BankCodeFormat;
  /** Calls in flight during a batch (default 4). */
  concurrency?: number;
  /** The operator PC's IPv4 address sent as cust_ip (default: the first non-internal IPv4). */
  custIp?: string;
  /** ppcli grammar override (tests run the Windows grammar on Linux through the fake module). */
  ppcliGrammar?: PpcliGrammar;
  /** Variables added to the KCP module's minimal environment (tests: the fake module's switches). */
  ppcliEnv?: Record<string, string>;
  /** Pause before the one automatic retry of a local failure (A11: 2 s). */
  retryDelayMs?: number;
};

export type VerifyBatchOptions = {
  sheet?: string;
  /** Where to write the per-row result (.xlsx). */
  out?: string;
  /** Allow rows whose bank is not confirmed for KCP (banks.ts kcpVerified=false). */
  confirmUnverifiedBanks?: boolean;
  onProgress?: (p: KcpBatchProgress) => void;
  signal?: AbortSignal;
};

/** A batch's answer as its journal step takes it. */
type BatchAnswer = RowAnswer;

/** Rows claimed (IN_FLIGHT, one committed transaction) at a time in a batch (main/batch/batch-runner.ts). */
const CLAIM_GROUP = 64;
/**
 * The next group is claimed while this many claimed rows are still unsent: a commit (fsync, a WAL checkpoint now
 * and then) takes 5–50 ms, and the sockets must not wait for it. A crash leaves at most this many plus one group
 * and the requests in flight IN_FLIGHT (→ UNKNOWN).
 */
const CLAIM_AHEAD = 2 * CLAIM_GROUP;
/** Answers applied per journal transaction, at the latest every FLUSH_MS. */
const FLUSH_EVERY = 128;
const FLUSH_MS = 250;
/** A batch stops after this many consecutive requests that never reached the gateway (it is down). */
const STOP_AFTER_NOT_SENT = 5;

const KCP_HOSTS = /(^|\.)kcp\.co\.kr\.?$/i;

export function operatorIpv4(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** Local failures worth one more try (A11): empty output, module not runnable, never reached the gateway. */
function retryable(x: TransportOutcome): boolean {
  if (x.kind === 'empty') return true;
  if (x.kind === 'not-sent') return x.code !== 'CODEPAGE';
  return x.kind === 'answer' && (x.result.resCd === '9502' || x.result.resCd === 'S102' || x.result.resCd === MODULE_CONNECT_REFUSED);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createKcpService(o: KcpServiceOptions) {
  const { store, reads } = o;
  const custIp = o.custIp ?? operatorIpv4();
  const retryDelayMs = o.retryDelayMs ?? 2_000;
  const concurrency = Math.max(1, o.concurrency ?? 4);

  function config() {
    const p = o.profile();
    const kcp = p.kcp;
    if (!kcp) throw new KcpError('KCP_NOT_CONFIGURED', `'${p.name}' 프로필에 KCP 설정(kcp)이 없습니다. 프로필 JSON에 kcp 항목(transport, host, port, siteCd)을 추가하세요.`, 4);
    if (kcp.transport === 'socket' && KCP_HOSTS.test(kcp.host)) {
      throw new KcpError(
        'KCP_SOCKET_TO_KCP',
        `socket 전송은 샌드박스나 KCP 호환 게이트웨이에만 연결됩니다. KCP 게이트웨이(${kcp.host})에는 KCP 모듈(pp_cli)이 필요하니 프로필의 kcp.transport를 'ppcli'로, kcp.ppcliHome을 모듈 폴더로 설정하세요.`,
        4,
      );
    }
    if (kcp.transport === 'ppcli' && !kcp.ppcliHome) {
      throw new KcpError('PPCLI_HOME_MISSING', `'${p.name}' 프로필의 kcp.ppcliHome(KCP 모듈 폴더, bin 위 경로)이 없습니다.`, 4);
    }
    if (kcp.port === 0) throw new KcpError('KCP_PORT_MISSING', `'${p.name}' 프로필의 KCP 포트가 0입니다(샌드박스가 시작되지 않았습니다).`, 4);
    const siteKey = o.siteKey();
    if (!siteKey) throw new KcpError('CREDENTIAL_MISSING', `'${p.name}' 프로필의 kcp.siteKey 값이 없습니다. KCP에서 받은 사이트 키를 자격 증명으로 입력하세요.`, 4, credentialDetails(p.name, 'kcp.siteKey'));
    if (forbiddenCharacters(siteKey).length > 0 || forbiddenCharacters(kcp.siteCd).length > 0) {
      throw new KcpError('CREDENTIAL_INVALID', 'KCP 사이트 코드 또는 사이트 키에 쓸 수 없는 문자(, = 등)가 있습니다. KCP 연동 메일의 값을 다시 확인하세요.', 4);
    }
    return { profile: p, kcp, siteKey };
  }

  function transportFor(profileName: string, kcp: NonNullable<Profile['kcp']>, records: ExchangeRecord[]): KcpTransport {
    const sink = profileStampedSink({ append: (r) => records.push(r) }, profileName);
    if (kcp.transport === 'socket') return createSocketTransport({ host: kcp.host, port: kcp.port, timeoutMs: kcp.timeoutMs, exchangeSink: sink });
    return createPpcliTransport({
      home: path.resolve(kcp.ppcliHome ?? '.'),
      gwHost: kcp.host,
      gwPort: kcp.port,
      timeoutMs: kcp.timeoutMs,
      exchangeSink: sink,
      ...(o.ppcliGrammar ? { grammar: o.ppcliGrammar } : {}),
      ...(o.ppcliEnv ? { extraEnv: o.ppcliEnv } : {}),
    });
  }

  /** One verification through the transport, with the A11 retry of local failures. Never throws. */
  async function send(row: VerificationRow, req: ValidatedRequest, transport: KcpTransport, siteKey: string, siteCd: string): Promise<Answer> {
    const message = buildAccoMessage(req, { siteCd, siteKey, custIp, orderId: row.orderId ?? '', bankCodeFormat: o.bankCodeFormat ?? 'nn' });
    const masks = { siteKey, accountNo: req.accountNo, ownerName: req.ownerName, accountMasked: maskAccount(req.bank.code, req.accountNo), ownerMasked: maskName(req.ownerName) };
    const call = {
      message,
      redact: (text: string) => redactedMessageText(text, masks),
      correlation: { verificationId: String(row.id), ...(row.batchId ? { batchId: row.batchId } : {}), ...(row.orderId ? { orderId: row.orderId } : {}) },
    };
    let outcome: TransportOutcome;
    try {
      outcome = await transport.verify(call);
      if (retryable(outcome)) {
        await sleep(retryDelayMs);
        await store.bumpAttempt(row.id);
        outcome = await transport.verify(call);
      }
    } catch (err) {
      return { kind: 'failed', state: 'FAILED', errorCode: (err as { code?: string }).code ?? 'ERROR', errorMessage: err instanceof Error ? err.message : String(err) };
    }
    switch (outcome.kind) {
      case 'answer': {
        const r = outcome.result;
        if (r.resCd === MODULE_CONNECT_REFUSED) return { kind: 'failed', state: 'FAILED', errorCode: r.resCd, errorMessage: `KCP 게이트웨이에 연결하지 못했습니다(${r.resMsg || 'PG 서버 접속 오류'})` };
        if (r.resCd === MODULE_NO_ANSWER) return { kind: 'failed', state: 'UNKNOWN', errorCode: r.resCd, errorMessage: `요청은 보냈지만 KCP의 응답이 없었습니다(${r.resMsg || 'PG 서버 지불 DATA 수신 오류'})` };
        const state = r.resCd === '0000' ? 'VERIFIED' : WRAPPER_CODE_SET.has(r.resCd) ? 'FAILED' : 'NOT_VERIFIED';
        return {
          kind: 'answered',
          state,
          resCd: r.resCd,
          resMsg: r.resMsg,
          tno: r.fields.tno ?? null,
          appTime: r.fields.app_time ?? null,
          appTimeMs: appTimeToMs(r.fields.app_time),
          fields: r.fields,
        };
      }
      case 'empty':
        return { kind: 'answered', state: 'FAILED', resCd: '9502', resMsg: outcome.message, tno: null, appTime: null, appTimeMs: null, fields: {} };
      case 'not-sent':
        return { kind: 'failed', state: 'FAILED', errorCode: outcome.code, errorMessage: outcome.message };
      case 'ambiguous':
        return { kind: 'failed', state: 'UNKNOWN', errorCode: outcome.code, errorMessage: outcome.message };
    }
  }

  /** A row this service journalled (the journal never deletes one). */
  async function existing(id: number): Promise<VerificationRow> {
    const r = await reads.verification(id);
    if (r === null) throw new Error(`kcp_verifications: 확인 행 ${id}이(가) 없습니다.`);
    return r;
  }

  function requireConfirmedBank(bank: Bank, confirmed: boolean): void {
    if (bank.kcpVerified || confirmed) return;
    throw new KcpError(
      'UNVERIFIED_BANK',
      `${bank.nameKo}(${bank.code})는 KCP 계좌인증 지원이 확인되지 않은 은행입니다. 그래도 보내려면 확인이 필요합니다.`,
      3,
      { kind: 'confirm', bankCode: bank.code },
    );
  }

  return {
    /** The bank picker's table, and the merged-bank codes accepted on input. */
    banks(): { banks: Bank[]; legacy: { code: string; to: string; nameKo: string }[] } {
      return { banks: [...BANKS], legacy: Object.entries(LEGACY_BANK_CODES).map(([code, v]) => ({ code, ...v })) };
    },

    async verify(input: KcpVerifyInput): Promise<KcpVerificationResult> {
      const i = kcpVerifyInputSchema.parse(input);
      const v = validateRequest({ bankCode: i.bankCode, accountNo: i.accountNo, ownerName: i.ownerName, orderId: i.orderId });
      if (!v.ok) throw new KcpError('INVALID_INPUT', v.problems.map((p) => p.message).join(' '), 2, { problems: v.problems });
      requireConfirmedBank(v.request.bank, i.confirmUnverifiedBank);
      const { profile, kcp, siteKey } = config();
      const row = await store.startSingle({
        profile: profile.name,
        transport: kcp.transport,
        bankCodeInput: i.bankCode,
        bankCode: v.request.bank.code,
        accountNo: v.request.accountNo,
        ownerName: v.request.ownerName,
        orderId: v.request.orderId,
        warnings: v.request.warnings,
      });
      const records: ExchangeRecord[] = [];
      const answer = await send(row, v.request, transportFor(profile.name, kcp, records), siteKey, kcp.siteCd);
      // The answer, its exchange records and the operator's record commit together.
      const answered = answer.kind === 'answered' ? { resCd: answer.resCd, tno: answer.tno } : { resCd: row.resCd, tno: row.tno };
      await store.finishSingle({ id: row.id, answer }, records, {
        name: 'kcp.verify',
        subject: String(row.id),
        data: { state: answer.state, bankCode: row.bankCode, account: maskAccount(row.bankCode, row.accountNo), ...answered },
      });
      return presentVerification(await existing(row.id));
    },

    async verifyBatch(filePath: string, opts: VerifyBatchOptions = {}): Promise<KcpBatchResult> {
      const { profile, kcp } = config();
      if (opts.out !== undefined && !/\.xlsx$/i.test(opts.out)) throw new KcpError('BAD_OUT_PATH', `결과 파일은 .xlsx로 저장합니다: '${opts.out}'.`, 2);
      const file = await readVerifyBatchFile(filePath, opts.sheet !== undefined ? { sheet: opts.sheet } : {});
      if (file.rows.length === 0) throw new KcpError('EMPTY_BATCH', `'${path.basename(filePath)}'에 확인할 행이 없습니다.`, 2);
      const rows: NewVerification[] = file.rows.map((r) => {
        const base = { sourceRow: r.sourceRow, profile: profile.name, transport: kcp.transport, bankCodeInput: r.bank, accountNo: r.account, ownerName: r.owner };
        const v = validateRequest({ bankCode: r.bank, accountNo: r.account, ownerName: r.owner, orderId: r.orderId });
        if (!v.ok) {
          return { ...base, state: 'INVALID', bankCode: null, orderId: r.orderId, errorCode: v.problems[0]?.code ?? 'INVALID', errorMessage: `${r.sourceRow}행: ${v.problems.map((p) => p.message).join(' ')}`, warnings: [] };
        }
        if (!v.request.bank.kcpVerified && !opts.confirmUnverifiedBanks) {
          return {
            ...base,
            state: 'INVALID',
            bankCode: v.request.bank.code,
            accountNo: v.request.accountNo,
            orderId: v.request.orderId,
            errorCode: 'UNVERIFIED_BANK',
            errorMessage: `${r.sourceRow}행: ${v.request.bank.nameKo}(${v.request.bank.code})는 KCP 지원이 확인되지 않은 은행이라 보내지 않았습니다. 확인하면 이 행도 인증합니다.`,
            warnings: v.request.warnings,
          };
        }
        return { ...base, state: 'QUEUED', bankCode: v.request.bank.code, accountNo: v.request.accountNo, ownerName: v.request.ownerName, orderId: v.request.orderId, warnings: v.request.warnings };
      });
      const batchId = await store.createBatch({ sourceFile: path.resolve(filePath), profile: profile.name, rows, actionData: { file: path.basename(filePath), rows: rows.length } });
      return runBatch(batchId, opts);
    },

    /**
     * Continues a batch: its QUEUED rows (a batch that stopped); with `confirmUnverifiedBanks`, also the rows left
     * out because their bank's KCP support is unconfirmed — the operator's confirmation, audited. Answered,
     * UNKNOWN and FAILED rows are never sent again.
     */
    async resumeBatch(batchId: string, opts: Omit<VerifyBatchOptions, 'sheet'> = {}): Promise<KcpBatchResult> {
      if (!(await reads.batch(batchId))) throw new KcpError('BATCH_NOT_FOUND', `확인 묶음 '${batchId}'을(를) 찾을 수 없습니다.`, 2);
      if (opts.confirmUnverifiedBanks) {
        const confirmed: ConfirmedRequest[] = [];
        for (const row of await reads.unconfirmedBankRows(batchId)) {
          const v = validateRequest({ bankCode: row.bankCodeInput, accountNo: row.accountNo, ownerName: row.ownerName, orderId: row.orderId });
          if (v.ok) confirmed.push({ id: row.id, bankCode: v.request.bank.code, accountNo: v.request.accountNo, ownerName: v.request.ownerName, orderId: v.request.orderId, warnings: v.request.warnings });
        }
        await store.queueConfirmed(batchId, confirmed);
      }
      await store.setBatchState(batchId, 'RUNNING');
      return runBatch(batchId, opts);
    },

    get: async (id: number): Promise<KcpVerificationResult | null> => {
      const r = await reads.verification(id);
      return r ? presentVerification(r) : null;
    },
    list: async (limit = 100): Promise<KcpVerificationResult[]> => (await reads.list(limit)).map(presentVerification),
    /** What the next start's recovery would settle: verifications a close that did not wait left IN_FLIGHT. */
    interruptedWork: (): Promise<number> => reads.interrupted(),
  };

  async function runBatch(batchId: string, opts: Omit<VerifyBatchOptions, 'sheet'>): Promise<KcpBatchResult> {
    const t0 = performance.now();
    const { profile, kcp, siteKey } = config();
    const queuedAtStart = (await reads.counts(batchId)).QUEUED;
    let done = 0;
    let notSentInARow = 0;
    const records: ExchangeRecord[] = [];
    const transport = transportFor(profile.name, kcp, records);

    // One journal step = the answers received so far with their exchange records, then (when `claim` > 0) the
    // next group of rows IN_FLIGHT: one transaction.
    const step = (answers: BatchAnswer[], claim: number): Promise<VerificationRow[]> => store.step(batchId, answers, records.splice(0, records.length), claim);
    const sendRow = async (row: VerificationRow): Promise<BatchAnswer> => {
      // The row was validated when the batch was journalled: its stored values are the validated ones.
      const bank = resolveBankCode(row.bankCode ?? row.bankCodeInput);
      const answer: Answer = bank.ok
        ? await send(row, { bank: bank.bank, bankCodeMappedFrom: null, accountNo: row.accountNo, ownerName: row.ownerName, orderId: row.orderId, warnings: row.warnings }, transport, siteKey, kcp.siteCd)
        : { kind: 'failed', state: 'FAILED', errorCode: 'INVALID', errorMessage: bank.message };
      return { id: row.id, answer };
    };

    opts.onProgress?.({ batchId, done, total: queuedAtStart });
    await runClaimedBatch<VerificationRow, BatchAnswer>({
      journal: { step, requeue: (rows) => store.requeue(rows.map((r) => r.id)) },
      concurrency,
      window: CLAIM_GROUP,
      claimAhead: CLAIM_AHEAD,
      claimsAtOnce: 1,
      flushSize: FLUSH_EVERY,
      flushMs: FLUSH_MS,
      send: sendRow,
      // `send` answers every transport failure itself; anything it throws came after the request may have left.
      lostAnswer: (row, err) => ({ id: row.id, answer: { kind: 'failed', state: 'UNKNOWN', errorCode: 'CLIENT_ERROR', errorMessage: err instanceof Error ? err.message : String(err) } }),
      afterAnswer: (_row, { answer }) => {
        notSentInARow = answer.kind === 'failed' && answer.state === 'FAILED' ? notSentInARow + 1 : 0;
        done++;
        if (done % 100 === 0) opts.onProgress?.({ batchId, done, total: queuedAtStart });
        return notSentInARow >= STOP_AFTER_NOT_SENT ? 'stop' : 'next';
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    // Only a run of this batch queues or sends its rows, so its count cannot change before the state is set; a
    // resume that queues confirmed rows meanwhile sets RUNNING and, at its own end, the state again.
    const counts = await reads.counts(batchId);
    await store.setBatchState(batchId, counts.QUEUED > 0 ? 'STOPPED' : 'DONE');
    opts.onProgress?.({ batchId, done, total: queuedAtStart });
    const results = (await reads.batchRows(batchId)).map(presentBatchRow);
    let resultFile: string | null = null;
    if (opts.out) {
      resultFile = path.resolve(opts.out);
      writeVerifyResultFile(resultFile, results);
    }
    return { batchId, rows: results.length, counts, results, elapsedMs: performance.now() - t0, resultFile };
  }
}
export type KcpService = ReturnType<typeof createKcpService>;
