// Test fixtures around the sandbox docs-gw: a sandbox in a temp dir, a client wired to it, sample documents.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BulkDocumentItem, SingleDocument } from '../../shared/domain/edoc.ts';
import { docsgwServiceSchema, type DocsgwService, type ProfileKind } from '../../shared/domain/profile.ts';
import { createDocsGwClient, type DocsGwClient } from '../../main/docsgw/client.ts';
import { startDocsGwSandbox, type DocsGwSandbox, type DocsGwSandboxOptions } from '../../main/sandbox/docsgw/sandbox.ts';
import { sandboxPhoneNumber, type SandboxBehaviour } from '../../main/sandbox/docsgw/recipients.ts';
import { createMemoryExchangeSink, type MemoryExchangeSink } from './sandbox-exchange-sink.ts';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
}

export type TestSandbox = {
  sandbox: DocsGwSandbox;
  dir: string;
  ledgerPath: string;
  /** A docs-gw service pointing at the sandbox (pinned addresses, test CA), with overrides. */
  service(overrides?: Partial<DocsgwService>): DocsgwService;
  /** A client + memory exchange sink; closed by close(). */
  client(opts?: {
    service?: Partial<DocsgwService>;
    profileKind?: ProfileKind;
    credentials?: { accessToken: string; contractUuid: string };
  }): { client: DocsGwClient; sink: MemoryExchangeSink };
  close(): Promise<void>;
};

export async function startTestSandbox(opts: Partial<DocsGwSandboxOptions> = {}): Promise<TestSandbox> {
  const dir = opts.ledgerPath ? path.dirname(opts.ledgerPath) : tempDir();
  const ledgerPath = opts.ledgerPath ?? path.join(dir, 'docsgw-ledger.db');
  const sandbox = await startDocsGwSandbox({ ...opts, ledgerPath });
  const clients: DocsGwClient[] = [];
  const service = (overrides: Partial<DocsgwService> = {}): DocsgwService =>
    docsgwServiceSchema.parse({
      host: sandbox.host,
      addresses: sandbox.addresses,
      port: sandbox.port,
      caFile: sandbox.caFile,
      connectTimeoutMs: 2_000,
      timeoutMs: 10_000,
      ...overrides,
    });
  return {
    sandbox,
    dir,
    ledgerPath,
    service,
    client(o = {}) {
      const sink = createMemoryExchangeSink();
      const creds = o.credentials ?? { accessToken: sandbox.accessToken, contractUuid: sandbox.contractUuid };
      const client = createDocsGwClient({
        profileKind: o.profileKind ?? 'sandbox',
        service: service(o.service),
        credentials: () => creds,
        exchangeSink: sink,
      });
      clients.push(client);
      return { client, sink };
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sandbox.close();
    },
  };
}

/** A valid bulk item for the recipient behaviour (README "Recipients"); `n` makes the phone number unique. */
export function bulkItem(externalId: string, behaviour: SandboxBehaviour = 'accepted', n = 0, overrides: Partial<BulkDocumentItem> = {}): BulkDocumentItem {
  return {
    title: '2025년 자동차세 고지서',
    common_categories: ['BILL'],
    read_expired_sec: 2_592_000,
    receiver: { phone_number: sandboxPhoneNumber(behaviour, n), name: '김페이', birthday: '19800101', is_required_verify_name: false },
    property: {
      link: 'https://landing.docdesk.test/doc',
      payload: `row-${externalId}`,
      message: '고지서가 도착했습니다.',
      cs_number: '02-123-4567',
      cs_name: '콜센터',
      external_document_uuid: externalId,
    },
    ...overrides,
  };
}

export function singleDocument(behaviour: SandboxBehaviour = 'accepted', n = 0): SingleDocument {
  const item = bulkItem('unused', behaviour, n);
  const { external_document_uuid: _ignored, ...property } = item.property;
  return { ...item, property };
}
