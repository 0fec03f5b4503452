// window.docdesk: the contract as named functions (DESIGN §3). Built from the channel list for any transport —
// Electron's ipcRenderer.invoke in the preload, fetch to the loopback bridge for `docdesk web` and the browser
// tests — so the renderer sees one API whatever carries it.
import type { z } from 'zod';
import { channels, events, type Channel, type ChannelInput, type ChannelOutput, type ContractResult, type EventChannel } from './ipc.ts';

export type Invoke = (channel: Channel, input: unknown) => Promise<ContractResult<unknown>>;
export type Subscribe = (event: EventChannel, listener: (payload: unknown) => void) => () => void;

export type DocDeskApi = {
  [C in Channel]: (input: ChannelInput<C>) => Promise<ContractResult<ChannelOutput<C>>>;
} & {
  /** Subscribes to a progress event; returns the unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: z.infer<(typeof events)[E]>) => void): () => void;
};

export function buildDocDeskApi(invoke: Invoke, subscribe: Subscribe): DocDeskApi {
  const api: Record<string, unknown> = {};
  for (const channel of Object.keys(channels) as Channel[]) {
    api[channel] = (input: unknown) => invoke(channel, input);
  }
  api.on = (event: EventChannel, listener: (payload: unknown) => void) =>
    subscribe(event, (payload) => {
      // Events are validated on arrival too: the renderer never trusts a shape it did not check.
      const parsed = events[event].safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
  return api as DocDeskApi;
}
