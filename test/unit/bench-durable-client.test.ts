// The benches' durable minimal client (test/bench/lib/durable-client.ts): per request exactly two commits — the
// rows IN_FLIGHT before the request leaves (seen by the server through a second connection when the request
// arrives), the answer with its exchange record after. Commits are counted from the WAL file itself, not from
// the client's own counter.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDurableClient, type DurableAnswer, type DurableClient } from '../bench/lib/durable-client.ts';
import { openEncryptedSqlite } from '../../main/store/open-database.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-durable-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Commit frames in the WAL (sqlite.org/fileformat2.html §4.1: a frame whose header's "database size after commit"
 * is non-zero ends a transaction; frames count only while their salts match the WAL header's). SQLCipher encrypts
 * page contents, not the WAL's headers.
 */
function walCommits(dbFile: string): number {
  const wal = readFileSync(`${dbFile}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const salt = wal.subarray(16, 24);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (!wal.subarray(at + 8, at + 16).equals(salt)) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}

const requestSchema = z.object({ ids: z.array(z.string()) });
const stateCountSchema = z.object({ state: z.string(), n: z.number() });

/** A loopback server that records the states of the requested rows, read through its own connection, on arrival. */
async function observingServer(dbFile: string, key: Buffer): Promise<{ url: string; seen: z.infer<typeof stateCountSchema>[][]; close(): Promise<void> }> {
  const observer = openEncryptedSqlite(dbFile, key, { readonly: true, keyError: () => new Error('key') });
  const statesOf = observer.prepare('SELECT state, count(*) n FROM rows WHERE key IN (SELECT value FROM json_each(?)) GROUP BY state ORDER BY state');
  const seen: z.infer<typeof stateCountSchema>[][] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const { ids } = requestSchema.parse(JSON.parse(body));
      seen.push(statesOf.all(JSON.stringify(ids)).map((r) => stateCountSchema.parse(r)));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ results: ids.map((id) => [id, `R-${id}`]) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = z.object({ port: z.number() }).parse(server.address());
  return {
    url: `http://127.0.0.1:${port}/bulk`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      observer.close();
    },
  };
}

const answerSchema = z.object({ results: z.array(z.tuple([z.string(), z.string()])) });

async function postIds(client: DurableClient, url: string, ids: readonly string[]): Promise<DurableAnswer> {
  return client.exchange({ service: 'docsgw', endpoint: 'bulkSend', path: '/bulk', keys: ids }, async () => {
    const requestBody = JSON.stringify({ ids });
    const res = await fetch(url, { method: 'POST', body: requestBody, headers: { 'content-type': 'application/json' } });
    const responseBody = await res.text();
    return { requestBody, status: res.status, responseBody, results: answerSchema.parse(JSON.parse(responseBody)).results };
  });
}

describe('durable minimal client of the benches', () => {
  it('commits the rows in flight before each request leaves and the answer with its exchange record after: two commits per request', async () => {
    const file = path.join(dir, 'two-commits.db');
    const key = randomBytes(32);
    const client = openDurableClient(file, key);
    const server = await observingServer(file, key);
    try {
      const keys = Array.from({ length: 300 }, (_, i) => `DOC-${i}`);
      client.enqueue(keys);
      const before = { wal: walCommits(file), counted: client.commits };
      const groups = [keys.slice(0, 100), keys.slice(100, 200), keys.slice(200)];
      // Sequential first, so each request's arrival sees only its own rows' state …
      await postIds(client, server.url, groups[0] ?? []);
      expect(server.seen).toEqual([[{ state: 'IN_FLIGHT', n: 100 }]]);
      expect(walCommits(file) - before.wal).toBe(2);
      // … then two at once: each still finds its rows committed IN_FLIGHT on arrival.
      await Promise.all([postIds(client, server.url, groups[1] ?? []), postIds(client, server.url, groups[2] ?? [])]);
      expect(server.seen.slice(1)).toEqual([[{ state: 'IN_FLIGHT', n: 100 }], [{ state: 'IN_FLIGHT', n: 100 }]]);
      expect(walCommits(file) - before.wal).toBe(6);
      expect(client.commits - before.counted).toBe(6);

      const check = openEncryptedSqlite(file, key, { readonly: true, keyError: () => new Error('key') });
      try {
        const rows = check.prepare(`SELECT state, attempts, result FROM rows WHERE key = 'DOC-150'`).get();
        expect(rows).toEqual({ state: 'ANSWERED', attempts: 1, result: 'R-DOC-150' });
        expect(check.prepare(`SELECT count(*) n FROM rows WHERE state <> 'ANSWERED'`).get()).toEqual({ n: 0 });
        const records = check.prepare('SELECT record_json FROM exchanges ORDER BY seq').all().map((r) => z.object({ record_json: z.string() }).parse(r).record_json);
        expect(records).toHaveLength(3);
        const first = z.object({ requestBody: z.string(), responseBody: z.string(), status: z.number() }).parse(JSON.parse(records[0] ?? ''));
        expect(first.requestBody).toBe(JSON.stringify({ ids: groups[0] }));
        expect(first.status).toBe(200);
        expect(first.responseBody).toContain('R-DOC-99');
      } finally {
        check.close();
      }
    } finally {
      await server.close();
      client.close();
    }
  });

  it('leaves the rows IN_FLIGHT, one commit and no exchange record, when the request fails on the way', async () => {
    const file = path.join(dir, 'failed.db');
    const key = randomBytes(32);
    const client = openDurableClient(file, key);
    const server = await observingServer(file, key);
    const closedUrl = server.url;
    await server.close();
    try {
      client.enqueue(['A', 'B']);
      const before = walCommits(file);
      await expect(postIds(client, closedUrl, ['A', 'B'])).rejects.toThrow();
      expect(walCommits(file) - before).toBe(1);
      const check = openEncryptedSqlite(file, key, { readonly: true, keyError: () => new Error('key') });
      try {
        expect(check.prepare('SELECT state, count(*) n FROM rows GROUP BY state').all()).toEqual([{ state: 'IN_FLIGHT', n: 2 }]);
        expect(check.prepare('SELECT count(*) n FROM exchanges').get()).toEqual({ n: 0 });
      } finally {
        check.close();
      }
    } finally {
      client.close();
    }
  });
});
