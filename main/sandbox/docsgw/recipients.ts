// Deterministic per-recipient behaviour of the sandbox docs-gw (main/sandbox/README.md §"Recipients").
// Chosen by the LAST 4 characters of receiver.phone_number, or of receiver.ci for CI recipients, so a test
// or the demo's sample list can pick any outcome by choosing a phone number.
import { createHash } from 'node:crypto';
import type { Receiver } from '../../../shared/domain/edoc.ts';

export const SANDBOX_BEHAVIOURS = [
  'accepted',
  'notFound',
  'forbidden',
  'invalidValue',
  'internalErrorOnce',
  'internalErrorAlways',
  'neverMember',
  'neverRead',
] as const;
export type SandboxBehaviour = (typeof SANDBOX_BEHAVIOURS)[number];

/** Last 4 characters that select a behaviour; any other ending is `accepted`. */
export const SANDBOX_SUFFIXES = {
  /** per-item NOT_FOUND 존재하지 않는 전화번호 */
  notFound: '9999',
  /** per-item FORBIDDEN 수신거부 */
  forbidden: '4444',
  /** per-item INVALID_VALUE */
  invalidValue: '8888',
  /** per-item INTERNAL_ERROR the first time the ledger ever sees this recipient, accepted afterwards */
  internalErrorOnce: '5000',
  /** per-item INTERNAL_ERROR always */
  internalErrorAlways: '5001',
  /** accepted, never a KakaoPay member: stays SENT (no doc_box_received_at) until EXPIRED */
  neverMember: '7777',
  /** accepted, RECEIVED, never read: EXPIRED at the deadline */
  neverRead: '6666',
} as const satisfies Record<Exclude<SandboxBehaviour, 'accepted'>, string>;

/** Share of ordinary accepted documents the sandbox reads itself (by hash of the external id). */
export const SANDBOX_AUTO_READ_PERCENT = 70;

const BY_SUFFIX = new Map<string, SandboxBehaviour>(
  Object.entries(SANDBOX_SUFFIXES).map(([behaviour, suffix]) => [suffix, behaviour as SandboxBehaviour]),
);

export function recipientSuffix(receiver: Receiver): string {
  const id = 'ci' in receiver ? receiver.ci : receiver.phone_number;
  return id.slice(-4);
}

export function sandboxBehaviourOf(receiver: Receiver): SandboxBehaviour {
  return BY_SUFFIX.get(recipientSuffix(receiver)) ?? 'accepted';
}

/**
 * The ledger's recipient key: a SHA-256 of the identifier, never the number itself, because a rehearsal
 * may run on a real list and the ledger is a plain unencrypted file. The last 4 characters stay readable.
 */
export function sandboxRecipientKey(receiver: Receiver): string {
  const kind = 'ci' in receiver ? 'ci' : 'phone';
  const id = 'ci' in receiver ? receiver.ci : receiver.phone_number;
  return `${kind}:…${id.slice(-4)}:${createHash('sha256').update(`${kind}:${id}`).digest('hex').slice(0, 32)}`;
}

/** A 32-bit unsigned number from the hash of `key`, `slot` picks independent values for one key. */
export function sandboxHash(key: string, slot = 0): number {
  return createHash('sha256').update(`${slot}:${key}`).digest().readUInt32BE(0);
}

/** Whether an ordinary accepted document (external id, or binder uuid for single sends) gets read. */
export function sandboxAutoReads(scheduleKey: string): boolean {
  return sandboxHash(scheduleKey, 0) % 100 < SANDBOX_AUTO_READ_PERCENT;
}

// Endings 1000–8999 minus the reserved ones: the pool for `accepted` phone numbers.
const RESERVED = new Set<string>(Object.values(SANDBOX_SUFFIXES));
const ACCEPTED_SUFFIXES: string[] = [];
for (let i = 1000; i <= 8999; i++) if (!RESERVED.has(String(i))) ACCEPTED_SUFFIXES.push(String(i));

/**
 * The n-th sample phone number (n ≥ 0) with the given behaviour: `010` + 8 digits, distinct for distinct n
 * (up to 10^4 numbers per reserved behaviour, ~7.9·10^7 for `accepted`).
 */
export function sandboxPhoneNumber(behaviour: SandboxBehaviour, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  if (behaviour === 'accepted') {
    const suffix = ACCEPTED_SUFFIXES[n % ACCEPTED_SUFFIXES.length] ?? '1000';
    const middle = Math.floor(n / ACCEPTED_SUFFIXES.length) % 10_000;
    return `010${String(middle).padStart(4, '0')}${suffix}`;
  }
  return `010${String(n % 10_000).padStart(4, '0')}${SANDBOX_SUFFIXES[behaviour]}`;
}

/** The n-th sample CI (88 characters, like a real 연계정보) with the given behaviour. */
export function sandboxCi(behaviour: SandboxBehaviour, n: number): string {
  const ending = behaviour === 'accepted' ? (ACCEPTED_SUFFIXES[n % ACCEPTED_SUFFIXES.length] ?? '1000') : SANDBOX_SUFFIXES[behaviour];
  const body = createHash('sha512').update(`sandbox-ci:${behaviour}:${n}`).digest('base64').replace(/[^A-Za-z0-9]/g, 'A');
  return (body + body).slice(0, 84) + ending;
}
