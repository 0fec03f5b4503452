// The `docdesk web` bridge over real HTTP on loopback: tokens, origins and hosts refused, invoke through the
// contract, SSE events during a real send on the embedded sandbox, upload → import, downloads confined to exports/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { startWebBridge, type WebBridge } from '../../main/web/bridge-server.ts';
import { events } from '../../shared/ipc.ts';
import { tempDir } from '../helpers/test-backend.ts';

let b: Backend;
let bridge: WebBridge;
let base: string;
let staticDir: string;

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
function request(p: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: bridge.port, path: p, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}
const json = (r: Raw) => JSON.parse(r.body.toString('utf8')) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
const invoke = async (channel: string, input: unknown, headers: Record<string, string> = {}) =>
  request(`/api/invoke/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-docdesk-token': bridge.token, ...headers }, body: JSON.stringify(input) });

beforeAll(async () => {
  b = await createBackend({ dataDir: tempDir(), env: {} });
  staticDir = tempDir('docdesk-static-');
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html lang="ko"><title>DocDesk</title><script type="module" src="./assets/app.js"></script></html>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("DocDesk")');
  let handlers: ReturnType<typeof createContractHandlers> | null = null;
  bridge = await startWebBridge({ dataDir: b.dataDir, staticDir, invoke: (c, i) => handlers!.invoke(c, i), maxUploadBytes: 2 * 1024 * 1024 });
  handlers = createContractHandlers(b, (event, payload) => bridge.emit(event, payload));
  base = `http://127.0.0.1:${bridge.port}`;
});
afterAll(async () => {
  await bridge?.close();
  await b?.close();
});

describe('page', () => {
  it('serves the renderer with a strict CSP (no inline script) and no referrer, on 127.0.0.1 only', async () => {
    expect(bridge.url).toBe(`${base}/?token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(40);
    const page = await request('/?token=x');
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await request('/assets/app.js')).headers['content-type']).toContain('javascript');
    const dotted = await request('/assets/../../../etc/passwd');
    expect(dotted.body.toString('utf8')).not.toContain('root:');
    expect((await request('/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await request('/assets/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await request('/assets/missing.js')).status).toBe(404);
    // A non-loopback interface never answers: the server is bound to 127.0.0.1.
    expect(bridge.url.startsWith('http://127.0.0.1:')).toBe(true);
  });
});

describe('who may call', () => {
  it('refuses a missing or wrong token with 401', async () => {
    const none = await request('/api/invoke/mailing:list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(json(none).error?.code).toBe('UNAUTHORIZED');
    const wrong = await invoke('mailing:list', {}, { 'x-docdesk-token': `${bridge.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    expect((await request(`/api/events`)).status).toBe(401);
    expect((await request(`/api/download?path=x.xlsx`)).status).toBe(401);
    expect((await request(`/api/upload?name=a.csv`, { method: 'POST', body: 'a' })).status).toBe(401);
  });

  it('refuses a foreign Origin, a cross-site fetch and a foreign Host (DNS rebinding) even with the token', async () => {
    const foreign = await invoke('mailing:list', {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(json(foreign).error?.code).toBe('FOREIGN_ORIGIN');
    expect((await invoke('mailing:list', {}, { origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await invoke('mailing:list', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const rebound = await invoke('mailing:list', {}, { host: `evil.example:${bridge.port}` });
    expect(rebound.status).toBe(421);
    expect((await invoke('mailing:list', {}, { origin: base })).status).toBe(200);
    expect((await invoke('mailing:list', {}, { origin: `http://localhost:${bridge.port}`, host: `localhost:${bridge.port}` })).status).toBe(200);
  });

  it('accepts JSON only, validates through the contract, and answers unknown channels with a typed error', async () => {
    const form = await request('/api/invoke/mailing:list', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-docdesk-token': bridge.token }, body: '{}' });
    expect(form.status).toBe(415);
    const bad = await invoke('documents:query', { limit: 100_000 });
    expect(json(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(json(await invoke('mailing:drop', {}))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(json(await invoke('mailing:list', {}))).toEqual({ ok: true, value: [] });
    const notJson = await request('/api/invoke/mailing:list', { method: 'POST', headers: { 'content-type': 'application/json', 'x-docdesk-token': bridge.token }, body: '{' });
    expect(json(notJson).error?.code).toBe('INVALID_JSON');
    // Native dialogs exist only in Electron.
    expect(json(await invoke('files:pickOpen', {}))).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
  });
});

describe('upload, import, send with live events, export and download', () => {
  it('runs the whole flow over HTTP', { timeout: 90_000 }, async () => {
    // Upload a real .xlsx under a hostile name: it lands in uploads/ under a random prefix, name sanitised.
    const listFile = path.join(tempDir(), 'list.xlsx');
    await writeSampleRecipientList(listFile, { rows: 300 });
    const bytes = readFileSync(listFile);
    const up = await request(`/api/upload?name=${encodeURIComponent('../../수신자 목록.xlsx')}`, { method: 'POST', headers: { 'x-docdesk-token': bridge.token }, body: bytes });
    expect(up.status).toBe(200);
    const filePath = (json(up).value as { filePath: string }).filePath;
    expect(path.dirname(filePath)).toBe(path.join(b.dataDir, 'uploads'));
    expect(path.basename(filePath)).toMatch(/^[0-9a-f]{16}-수신자_목록\.xlsx$/);
    expect(readFileSync(filePath).equals(bytes)).toBe(true);

    const imported = json(await invoke('mailing:import', { filePath, defaults: { title: '웹 브리지 테스트', link: 'https://docdesk.example/w', csNumber: '02-1', csName: '센터' } }));
    expect(imported.ok).toBe(true);
    const mailingId = (imported.value as { mailingId: string }).mailingId;

    // Subscribe to events, then send: progress frames arrive while the send runs.
    const frames: { event: string; data: unknown }[] = [];
    const sse = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: bridge.port, path: `/api/events?token=${encodeURIComponent(bridge.token)}` }, resolve).on('error', reject);
    });
    expect(sse.statusCode).toBe(200);
    expect(sse.headers['content-type']).toContain('text/event-stream');
    let buffer = '';
    sse.on('data', (c: Buffer) => {
      buffer += c.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.+)$/m.exec(frame)?.[1];
        if (event && data) frames.push({ event, data: JSON.parse(data) });
      }
    });
    const sent = json(await invoke('mailing:send', { mailingId }));
    expect(sent).toMatchObject({ ok: true, value: { stopped: 'done' } });
    await new Promise((r) => setTimeout(r, 200));
    sse.destroy();
    const progress = frames.filter((f) => f.event === 'mailing:progress');
    expect(progress.length).toBeGreaterThan(0);
    for (const f of progress) expect(events['mailing:progress'].safeParse(f.data).success).toBe(true);
    expect(progress.at(-1)?.data).toMatchObject({ mailingId });

    // Export the mailing's grid view and download it; nothing outside exports/ is served.
    const exported = json(await invoke('documents:export', { mailingId }));
    expect(exported.ok).toBe(true);
    const exportPath = (exported.value as { filePath: string }).filePath;
    const dl = await request(`/api/download?path=${encodeURIComponent(exportPath)}&token=${encodeURIComponent(bridge.token)}`);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-disposition']).toContain('attachment');
    expect(dl.body.equals(readFileSync(exportPath))).toBe(true);
    const relative = await request(`/api/download?path=${encodeURIComponent(path.basename(exportPath))}&token=${encodeURIComponent(bridge.token)}`);
    expect(relative.status).toBe(200);
    for (const evil of ['../docdesk.db', '../vault.bin', path.join(b.dataDir, 'docdesk.db'), filePath, '/etc/passwd', '..%2Fdocdesk.db']) {
      const r = await request(`/api/download?path=${encodeURIComponent(evil)}&token=${encodeURIComponent(bridge.token)}`);
      expect([403, 404]).toContain(r.status);
      expect(r.body.toString('utf8')).not.toContain('SQLite');
    }
  });

  it('refuses an upload over the size limit and keeps nothing of it', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 1);
    const r = await request('/api/upload?name=big.csv', { method: 'POST', headers: { 'x-docdesk-token': bridge.token }, body: big });
    expect(r.status).toBe(413);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(path.join(b.dataDir, 'uploads')).some((f) => f.endsWith('big.csv'))).toBe(false);
  });
});
