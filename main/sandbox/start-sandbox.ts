// Starts the simulated services from options: used by the composition root (main/app/backend.ts) for a
// sandbox profile, and by `docdesk sandbox serve`: docs-gw, PayUp and the KCP TCP gateway.
// Run directly for a standalone sandbox another process can drive through the admin API:
//   npx node main/sandbox/start-sandbox.ts --ledger /tmp/ledger.db [--port 8443] [--admin-port 8444]
//       [--time-scale 86400] [--address 127.0.0.1 --address 127.0.0.2]
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { DocsGwSandboxInfo } from './docsgw/admin-api.ts';
import { startDocsGwSandbox, type DocsGwSandbox } from './docsgw/sandbox.ts';
import { startPayupSandbox, type PayupSandbox, type PayupSandboxInfo } from './payup/sandbox.ts';
import { startKcpSandbox, type KcpSandbox, type KcpSandboxInfo } from './kcp/gateway.ts';

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
  /** PayUp simulator port (0/omitted = random) and extra merchants (merchantId → apiCertKey). */
  payupPort: z.number().int().min(0).max(65535).optional(),
  payupMerchants: z.record(z.string(), z.string()).optional(),
  /** KCP TCP simulator port (0/omitted = random). */
  kcpPort: z.number().int().min(0).max(65535).optional(),
});
export type SandboxesOptions = z.input<typeof sandboxesOptionsSchema>;

/** What is running, for display: the docs-gw fields at the top level (PayUp and KCP will add their own keys). */
export type SandboxesInfo = DocsGwSandboxInfo & { payup: PayupSandboxInfo; kcp: KcpSandboxInfo };

export type RunningSandboxes = {
  docsgw: DocsGwSandbox;
  payup: PayupSandbox;
  kcp: KcpSandbox;
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
  let payup: PayupSandbox;
  try {
    // The PayUp ledger lives next to the docs-gw ledger (kept across restarts, like it).
    payup = await startPayupSandbox({
      ledgerPath: o.ledgerPath.replace(/(\.db)?$/, '-payup.db'),
      ...(o.addresses?.[0] !== undefined ? { address: o.addresses[0] } : {}),
      ...(o.payupPort !== undefined ? { port: o.payupPort } : {}),
      ...(o.payupMerchants !== undefined ? { merchants: o.payupMerchants } : {}),
    });
  } catch (err) {
    await docsgw.close();
    throw err;
  }
  let kcp: KcpSandbox;
  try {
    kcp = await startKcpSandbox({
      ...(o.addresses?.[0] !== undefined ? { host: o.addresses[0] } : {}),
      ...(o.kcpPort !== undefined ? { port: o.kcpPort } : {}),
    });
  } catch (err) {
    await payup.close();
    await docsgw.close();
    throw err;
  }
  return {
    docsgw,
    payup,
    kcp,
    info: () => ({ ...docsgw.info(), payup: payup.info(), kcp: kcp.info() }),
    close: async () => {
      await kcp.close();
      await payup.close();
      await docsgw.close();
    },
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
  process.stdout.write(`${JSON.stringify(running.info())}\n`);
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
