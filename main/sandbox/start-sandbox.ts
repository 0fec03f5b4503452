// Starts the simulated services from options: used by the composition root (main/app/backend.ts) for a
// sandbox profile, and by `docdesk sandbox serve`. Today: docs-gw; PayUp and KCP join here later.
// Run directly for a standalone sandbox another process can drive through the admin API:
//   npx node main/sandbox/start-sandbox.ts --ledger /tmp/ledger.db [--port 8443] [--admin-port 8444]
//       [--time-scale 86400] [--address 127.0.0.1 --address 127.0.0.2]
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { DocsGwSandboxInfo } from './docsgw/admin-api.ts';
import { startDocsGwSandbox, type DocsGwSandbox } from './docsgw/sandbox.ts';

export const sandboxesOptionsSchema = z.strictObject({
  /** docs-gw ledger (SQLite), kept across restarts. */
  ledgerPath: z.string().min(1),
  addresses: z.array(z.string().min(1)).min(1).optional(),
  /** docs-gw HTTPS port, the same on every address; 0 = random. */
  port: z.number().int().min(0).max(65535).optional(),
  /** Loopback admin API port (0 = random); none when omitted. */
  adminPort: z.number().int().min(0).max(65535).optional(),
  timeScale: z.number().positive().max(10_000_000).optional(),
  accessToken: z.string().min(1).optional(),
  contractUuid: z.string().min(1).optional(),
  singleSendForm: z.enum(['document', 'none', 'either']).optional(),
});
export type SandboxesOptions = z.input<typeof sandboxesOptionsSchema>;

/** What is running, for display: the docs-gw fields at the top level (PayUp and KCP will add their own keys). */
export type SandboxesInfo = DocsGwSandboxInfo;

export type RunningSandboxes = {
  docsgw: DocsGwSandbox;
  info(): SandboxesInfo;
  close(): Promise<void>;
};

export async function startSandboxes(options: SandboxesOptions): Promise<RunningSandboxes> {
  const o = sandboxesOptionsSchema.parse(options);
  const docsgw = await startDocsGwSandbox({
    ledgerPath: o.ledgerPath,
    ...(o.addresses !== undefined ? { addresses: o.addresses } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.adminPort !== undefined ? { adminPort: o.adminPort } : {}),
    ...(o.timeScale !== undefined ? { timeScale: o.timeScale } : {}),
    ...(o.accessToken !== undefined ? { accessToken: o.accessToken } : {}),
    ...(o.contractUuid !== undefined ? { contractUuid: o.contractUuid } : {}),
    ...(o.singleSendForm !== undefined ? { singleSendForm: o.singleSendForm } : {}),
  });
  return {
    docsgw,
    info: () => docsgw.info(),
    close: () => docsgw.close(),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ledger: { type: 'string' },
      port: { type: 'string' },
      'admin-port': { type: 'string' },
      'time-scale': { type: 'string' },
      address: { type: 'string', multiple: true },
    },
  });
  if (values.ledger === undefined) {
    process.stderr.write('사용법: start-sandbox.ts --ledger <파일> [--port N] [--admin-port N] [--time-scale X] [--address IP]...\n');
    process.exitCode = 2;
    return;
  }
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const running = await startSandboxes({
    ledgerPath: values.ledger,
    ...(values.address !== undefined ? { addresses: values.address } : {}),
    ...(values.port !== undefined ? { port: num(values.port) } : {}),
    adminPort: num(values['admin-port']) ?? 0,
    ...(values['time-scale'] !== undefined ? { timeScale: num(values['time-scale']) } : {}),
  });
  process.stdout.write(`${JSON.stringify(running.docsgw.info())}\n`);
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
