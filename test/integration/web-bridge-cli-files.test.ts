// A real `docdesk web` child process cannot be crashed or stalled by a request: downloads of a folder, a FIFO or a
// socket inside exports/ get an error response, malformed %-escapes a 400, and after each the process is still up
// and answers the next request; SIGTERM then stops it cleanly, leaving the data folder unlocked.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type WebApp } from '../e2e/helpers/web-app.ts';
import { tempDir } from '../helpers/test-backend.ts';

let web: WebApp;
let dataDir: string;
let exportsDir: string;
let socketServer: net.Server | null = null;

type Raw = { status: number; body: string };
/** A raw GET: the target goes on the wire exactly as written (no URL normalisation). */
function get(target: string, timeoutMs = 10_000): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: web.port, path: target, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${target} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
const download = (p: string) => get(`/api/download?path=${encodeURIComponent(p)}&token=${encodeURIComponent(web.token)}`);

async function expectStillServing(): Promise<void> {
  expect(web.running()).toBe(true);
  const r = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: web.port, path: '/api/invoke/mailing:list', method: 'POST', headers: { 'content-type': 'application/json', 'x-docdesk-token': web.token }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
  expect(r).toBe(200);
}

beforeAll(async () => {
  dataDir = tempDir('docdesk-webfiles-');
  web = await startWeb({ dataDir });
  exportsDir = path.join(dataDir, 'exports');
  mkdirSync(exportsDir, { recursive: true });
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await new Promise<void>((resolve) => (socketServer ? socketServer.close(() => resolve()) : resolve()));
});

describe('downloads of what is not a regular file', () => {
  it('a folder inside exports/ is refused and the process keeps serving', async () => {
    mkdirSync(path.join(exportsDir, 'folder.xlsx'));
    const r = await download('folder.xlsx');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
    await expectStillServing();
  });

  it('a FIFO inside exports/ is refused at once (opening it would wait for a writer forever)', async () => {
    execFileSync('mkfifo', [path.join(exportsDir, 'fifo.xlsx')]);
    const r = await download('fifo.xlsx');
    expect(r.status).toBe(403);
    await expectStillServing();
  });

  it('a socket inside exports/ is refused and the process keeps serving', async () => {
    const socketPath = path.join(exportsDir, 'socket.xlsx');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    socketServer = server;
    const r = await download('socket.xlsx');
    expect(r.status).toBe(403);
    await expectStillServing();
  });
});

describe('malformed percent-encoding', () => {
  it('is a 400 with a Korean message, in the path and in the query', async () => {
    for (const target of ['/%E0%A4%A', '/assets/%ZZ.js', `/api/download?path=%ZZ&token=${encodeURIComponent(web.token)}`, `/api/download?path=%E0%A4&token=${encodeURIComponent(web.token)}`]) {
      const r = await get(target);
      expect({ target, status: r.status }).toEqual({ target, status: 400 });
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'BAD_URL_ENCODING', message: expect.stringMatching(/[가-힣]/) } });
    }
    await expectStillServing();
  });
});

it('stops cleanly on SIGTERM afterwards and leaves the data folder unlocked', { timeout: 60_000 }, async () => {
  expect(await web.stop()).toBe(0);
  expect(existsSync(path.join(dataDir, 'docdesk.lock'))).toBe(false);
});
