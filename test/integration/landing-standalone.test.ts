// `docdesk landing serve --config landing.json` on its own (issue 14 §6): the CLI as a child process, with no data
// folder anywhere, serves HTTPS (the sandbox's test certificate for 127.0.0.1) against the sandbox docs-gw: a
// recipient's visit → token verified → confirmation → rendered → read-status makes the document READ; every
// event is in the day's JSON Lines file of the events folder, the docs-gw exchanges in the state folder (no token,
// no credential); SIGTERM stops it cleanly; after a restart the same token is refused without asking docs-gw.
// Also: what it refuses before starting (credentials, TLS beyond loopback, a sandbox beyond loopback).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID } from '../../main/sandbox/credentials.ts';
import { statusOf } from '../../main/sandbox/docsgw/lifecycle.ts';
import { SANDBOX_CA_FILE, SANDBOX_SERVER_CERT_FILE, SANDBOX_SERVER_KEY_FILE } from '../../main/sandbox/tls/paths.ts';
import { CLI, runCli } from '../helpers/cli.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';
import { bulkItem, startTestSandbox, type TestSandbox } from '../helpers/sandbox-docsgw.ts';
import { tempDir } from '../helpers/test-backend.ts';

let t: TestSandbox;
let root: string;
const tls = new Agent({ connect: { ca: readFileSync(SANDBOX_CA_FILE) } });

beforeAll(async () => {
  root = tempDir('docdesk-landing-standalone-');
  // 1 real second = 4.8 virtual hours: a sent document is in the recipient's box within a second.
  t = await startTestSandbox({ timeScale: 17_280 });
}, 60_000);

afterAll(async () => {
  await tls.close();
  await t?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

function writeConfig(file: string, overrides: Record<string, unknown> = {}): string {
  writeFileSync(
    file,
    JSON.stringify({
      kind: 'sandbox',
      institution: '테스트 관리사무소',
      hostName: 'web-1',
      docsgw: { host: t.sandbox.host, addresses: t.sandbox.addresses, port: t.sandbox.port, caFile: t.sandbox.caFile, timeoutMs: 10_000, connectTimeoutMs: 2_000 },
      eventsDir: 'events',
      ...overrides,
    }),
  );
  return file;
}

const started = z.object({ url: z.string(), port: z.number().int(), eventsDir: z.string(), stateDir: z.string() });

/** The standalone server as a child process; `dataDir` is where a data folder would go if one were opened. */
async function serve(config: string, dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; info: z.infer<typeof started>; exited: Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'landing', 'serve', '--config', config, '--json', '--port', '0', '--cert', SANDBOX_SERVER_CERT_FILE, '--key', SANDBOX_SERVER_KEY_FILE], {
    env: hermeticEnv({ DOCDESK_DATA_DIR: dataDir }),
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done: number | null | undefined;
  void exited.then((c) => (done = c));
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (line && out.includes('\n')) return { child, info: started.parse(JSON.parse(line)), exited, stderr: () => err };
    if (done !== undefined) throw new Error(`landing serve exited (${done}): ${err}`);
  }
  child.kill('SIGKILL');
  throw new Error(`landing serve did not start: ${err}`);
}

/** A document in the recipient's box that the sandbox never reads by itself, and the link KakaoPay would open. */
async function openedDocument(ext: string): Promise<{ binder: string; link: URL }> {
  const { client } = t.client();
  const sent = await client.bulkSend({ documents: [bulkItem(ext, 'neverRead', 11)] });
  if (sent.kind !== 'ok') throw new Error(`send failed: ${sent.kind}`);
  const binder = sent.value.documents[0]?.document_binder_uuid;
  if (!binder) throw new Error('no binder uuid');
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    try {
      return { binder, link: new URL(t.sandbox.openDocument(binder).url) };
    } catch {
      // not RECEIVED yet
    }
  }
  throw new Error('the document never reached the recipient');
}

describe('docdesk landing serve --config (standalone)', () => {
  it('serves HTTPS with no data folder, writes every event to its folder, stops on SIGTERM, and refuses a used token after a restart', { timeout: 180_000 }, async () => {
    const config = writeConfig(path.join(root, 'landing.json'));
    const dataDir = path.join(root, 'no-data-folder');
    const { binder, link } = await openedDocument('LAND-STANDALONE-1');
    const token = link.searchParams.get('token')!;

    const first = await serve(config, dataDir);
    expect(first.info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(first.info.eventsDir).toBe(path.join(root, 'events'));
    const visit = `${first.info.url}${link.pathname}${link.search}`;
    const entry = await fetch(visit, { dispatcher: tls, headers: { 'user-agent': 'KAKAOTALK test' } });
    expect(entry.status).toBe(200);
    expect(entry.headers.get('strict-transport-security')).toContain('max-age=');
    const html = await entry.text();
    expect(html).toContain('테스트 관리사무소');
    const session = /name="session" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const confirmed = await fetch(`${first.info.url}/landing/confirm`, { dispatcher: tls, method: 'POST', body: new URLSearchParams({ session }) });
    expect(confirmed.status).toBe(200);
    await confirmed.text();
    const rendered = await fetch(`${first.info.url}/landing/rendered`, { dispatcher: tls, method: 'POST', body: new URLSearchParams({ session }) });
    expect(rendered.status).toBe(204);
    expect(statusOf(t.sandbox.ledger.document(binder)!, t.sandbox.now()).doc_box_status).toBe('READ');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.stderr()).toContain('랜딩 서버를 멈췄습니다. 기록한 이벤트 4건');

    // The day's file in the events folder, every line fsync'ed before its answer; the token only as a hash.
    const eventFiles = readdirSync(first.info.eventsDir).filter((f) => f.endsWith('.jsonl'));
    expect(eventFiles).toHaveLength(1);
    expect(eventFiles[0]).toMatch(/^landing-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const eventsFile = path.join(first.info.eventsDir, eventFiles[0]!);
    const lines = readFileSync(eventsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['type'])).toEqual(['ott.verify', 'page.ack', 'page.entry', 'read_status']);
    expect(lines.every((l) => l['host'] === 'web-1' && l['document_binder_uuid'] === binder)).toBe(true);
    expect(lines[3]).toMatchObject({ http_status: 204, result: 'OK' });
    expect(readFileSync(eventsFile, 'utf8')).not.toContain(token);
    // The state folder: used tokens, and the page's docs-gw exchanges without the token or a credential.
    expect(existsSync(path.join(first.info.stateDir, 'used-tokens.db'))).toBe(true);
    const exchangeFile = readdirSync(first.info.stateDir).find((f) => /^docsgw-exchanges-.*\.jsonl$/.test(f));
    const exchanges = readFileSync(path.join(first.info.stateDir, exchangeFile!), 'utf8');
    expect(exchanges.trim().split('\n').map((l) => (JSON.parse(l) as { endpoint: string }).endpoint)).toEqual(['verifyToken', 'readStatus']);
    for (const secret of [token, SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID]) expect(exchanges).not.toContain(secret);
    // No data folder was made, locked or read.
    expect(existsSync(dataDir)).toBe(false);

    // A restart remembers the token: the replay is refused and logged, and docs-gw is not asked again.
    const verifies = () => t.sandbox.ledger.summary().requestsByEndpoint['verifyToken'] ?? 0;
    expect(verifies()).toBe(1);
    const second = await serve(config, dataDir);
    try {
      const replay = await fetch(`${second.info.url}${link.pathname}${link.search}`, { dispatcher: tls });
      expect(replay.status).toBe(403);
      expect(await replay.text()).toContain('이미 사용된 주소');
      expect(verifies()).toBe(1);
      const last = JSON.parse(readFileSync(eventsFile, 'utf8').trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(last).toMatchObject({ type: 'page.failure', reason: 'token_reused', document_binder_uuid: binder });
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses to start without credentials, without TLS beyond loopback, and with a sandbox beyond loopback', { timeout: 120_000 }, async () => {
    const dataDir = path.join(root, 'still-no-data-folder');
    const env = { DOCDESK_DATA_DIR: dataDir };
    const testKind = writeConfig(path.join(root, 'test-kind.json'), { kind: 'test' });
    const noCredentials = await runCli(['landing', 'serve', '--config', testKind, '--port', '0'], { env, timeoutMs: 60_000 });
    expect(noCredentials.code).toBe(4);
    expect(noCredentials.stderr).toContain('DOCDESK_DOCSGW_ACCESS_TOKEN');

    const sandboxKind = writeConfig(path.join(root, 'sandbox-kind.json'));
    const clear = await runCli(['landing', 'serve', '--config', sandboxKind, '--host', '0.0.0.0', '--port', '0'], { env, timeoutMs: 60_000 });
    expect(clear.code).toBe(2);
    expect(clear.stderr).toContain('TLS');
    const halfTls = await runCli(['landing', 'serve', '--config', sandboxKind, '--cert', SANDBOX_SERVER_CERT_FILE, '--port', '0'], { env, timeoutMs: 60_000 });
    expect(halfTls.code).toBe(2);
    expect(halfTls.stderr).toContain('--key');

    const outside = writeConfig(path.join(root, 'sandbox-outside.json'), {
      docsgw: { host: t.sandbox.host, addresses: ['203.0.113.7'], port: t.sandbox.port, caFile: t.sandbox.caFile },
    });
    const refused = await runCli(['landing', 'serve', '--config', outside, '--port', '0'], { env, timeoutMs: 60_000 });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('203.0.113.7');

    const invalid = path.join(root, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ kind: 'sandbox', docsgw: { host: 'x', port: 443 }, listen: 1 }));
    const bad = await runCli(['landing', 'serve', '--config', invalid], { env, timeoutMs: 60_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('listen');
    expect(existsSync(dataDir)).toBe(false);
  });
});
