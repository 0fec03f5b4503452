// Calls a contract channel and unwraps `{ ok, value | error }` into a value or a thrown ContractCallError that
// carries the backend's Korean message (TanStack Query shows it as is).
import type { z } from 'zod';
import type { Channel, ChannelInput, ChannelOutput, ContractError, ContractResult } from '../../shared/ipc.ts';
import { carrier } from './carrier.ts';

export class ContractCallError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(error: ContractError) {
    super(error.message);
    this.code = error.code;
    this.details = error.details;
  }
}

export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const fn = carrier().api[channel] as (i: ChannelInput<C>) => Promise<ContractResult<ChannelOutput<C>>>;
  const r = await fn(input);
  if (!r.ok) throw new ContractCallError(r.error);
  return r.value;
}

type LooseFn = (input: unknown) => Promise<ContractResult<unknown>>;

/**
 * For a channel by name with its output schema: the contract may gain channels after this renderer was written
 * (the API object is built from the channel list at run time); the output is parsed, never trusted.
 */
export async function callChannel<S extends z.ZodType>(channel: string, input: unknown, output: S): Promise<z.infer<S>> {
  const fn = (carrier().api as unknown as Record<string, LooseFn | undefined>)[channel];
  if (typeof fn !== 'function') {
    throw new ContractCallError({ code: 'UNKNOWN_CHANNEL', message: `이 버전의 DocDesk에는 '${channel}' 기능이 없습니다. 프로그램을 업데이트하세요.` });
  }
  const r = await fn(input);
  if (!r.ok) throw new ContractCallError(r.error);
  const parsed = output.safeParse(r.value);
  if (!parsed.success) throw new ContractCallError({ code: 'INVALID_OUTPUT', message: '내부 오류: 응답 형식이 계약과 다릅니다.' });
  return parsed.data;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
