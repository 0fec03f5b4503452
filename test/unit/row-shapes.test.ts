// Issue 16: a row leaves SQL through a zod parse, never a cast. A row that does not fit its shape (planted here with
// the CHECK constraints switched off, as a damaged or foreign file would hold it) is refused where it is read,
// instead of reaching the grid, the counts or the timeline as a value no type allows.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { SettingsWrites } from '../../main/store/settings-writes.ts';
import { createProfileRegistry } from '../../main/app/profiles.ts';
import { createDashboard } from '../../main/documents/dashboard.ts';
import { createDocumentQueries } from '../../main/documents/query.ts';
import { createTimelineReader } from '../../main/mailing/document-timeline.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { createPlanStore } from '../../main/network/plan-store.ts';
import { createSettingsReads } from '../../main/store/settings-reads.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { createMappingPresets } from '../../main/store/mapping-presets.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { foreignTable, laterRowRefusal, plantUnchecked, rowRefusal } from '../helpers/planted-rows.ts';
import type { DocdeskReads } from '../../main/reads/docdesk-reads.ts';

const item = { title: '고지서', receiver: { ci: 'C'.repeat(88) }, read_expired_sec: 2_592_000, property: { link: 'https://a.b/c', cs_number: '02-1', cs_name: '센터' } };

let db: Db;
let mailingId: string;
let documentId: number;

beforeEach(async () => {
  const dir = tempDir();
  db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  mailingId = await createMailingQueries(db).createMailing({
    name: '행 형태',
    profile: 'sandbox',
    sourceFile: 'a.xlsx',
    defaults: {},
    report: {},
    documents: [{ ...item, sourceRow: 2 }, { ...item, sourceRow: 3 }],
  });
  documentId = createMailingQueries(db).idsInState(mailingId, 'DRAFT')[0]!;
});

afterEach(() => db.close());

/** Writes a value the schema's CHECK constraints would refuse. */

it('reads well-formed rows as before', () => {
  const q = createMailingQueries(db);
  expect(q.summary(mailingId)).toMatchObject({ id: mailingId, state: 'IMPORTED', total: 2 });
  expect(q.counts(mailingId).DRAFT).toBe(2);
  expect(createDocumentQueries(db).query({}).rows.map((r) => r.sourceRow).sort()).toEqual([2, 3]);
  expect(createDashboard(db)().today.pending).toBe(2);
  expect(createTimelineReader(db)(documentId)).toEqual([]);
});

it('refuses a grid row whose gateway status is none the gateway knows', () => {
  plantUnchecked(db, `UPDATE documents SET doc_box_status = 'DELIVERED' WHERE id = ?`, documentId);
  expect(() => createDocumentQueries(db).query({})).toThrow(ZodError);
  expect(() => [...createDocumentQueries(db).iterate({}, 10)]).toThrow(ZodError);
});

it('refuses a document state outside the journal when counting a mailing', () => {
  plantUnchecked(db, `UPDATE documents SET state = 'LOST' WHERE id = ?`, documentId);
  expect(() => createMailingQueries(db).counts(mailingId)).toThrow(ZodError);
});

it('refuses a mailing row whose state is unknown', () => {
  plantUnchecked(db, `UPDATE mailings SET state = 'ARCHIVED' WHERE id = ?`, mailingId);
  expect(() => createMailingQueries(db).getMailing(mailingId)).toThrow(ZodError);
});

it('refuses a stored event whose data is not an object', () => {
  db.prepare(`INSERT INTO document_events (document_id, at, kind, data_json) VALUES (?, 1, 'status', '[1, 2]')`).run(documentId);
  expect(() => createTimelineReader(db)(documentId)).toThrow(ZodError);
});

/** These tests only read: a write would be a mistake in the test. */
const noWrites: SettingsWrites = {
  putSetting: () => Promise.reject(new Error('no writes in this test')),
  saveProfile: () => Promise.reject(new Error('no writes in this test')),
  savePreset: () => Promise.reject(new Error('no writes in this test')),
  removePreset: () => Promise.reject(new Error('no writes in this test')),
};

/** The settings reads as DocdeskReads answers them (later), over the test's connection. */
function settingsOf(db: Db): Pick<DocdeskReads, 'settings'> {
  const s = createSettingsReads(db);
  return { settings: { value: async (key) => s.value(key), customProfiles: async () => s.customProfiles(), customProfile: async (name) => s.customProfile(name) } };
}

it('refuses a setting that is not text, naming the table and column (rowParser)', async () => {
  expect(await createProfileRegistry(settingsOf(db), noWrites).activeName()).toBe('sandbox');
  expect(await createPlanStore(settingsOf(db), noWrites).read()).toBeNull();
  foreignTable(db, 'settings', 'key TEXT PRIMARY KEY, value', `INSERT INTO settings VALUES ('activeProfile', 7), ('networkPlan', x'7b7d')`);
  expect(await laterRowRefusal(() => createProfileRegistry(settingsOf(db), noWrites).activeName())).toMatch(/^settings\.value: 저장된 값이 예상한 형태가 아닙니다/);
  expect(await laterRowRefusal(() => createPlanStore(settingsOf(db), noWrites).read())).toContain('settings.value:');
});

it('refuses a stored profile or mapping preset whose JSON column is not text', async () => {
  expect(createMappingPresets(db, noWrites).list()).toEqual([]);
  foreignTable(db, 'profiles', 'name TEXT PRIMARY KEY, json, created_at INTEGER', `INSERT INTO profiles VALUES ('p', x'7b7d', 1)`);
  foreignTable(db, 'mapping_presets', 'name TEXT PRIMARY KEY, json, created_at INTEGER', `INSERT INTO mapping_presets VALUES ('m', 12, 1)`);
  expect(await laterRowRefusal(() => createProfileRegistry(settingsOf(db), noWrites).list())).toContain('profiles.json:');
  expect(await laterRowRefusal(() => createProfileRegistry(settingsOf(db), noWrites).findCustom('p'))).toContain('profiles.json:');
  expect(rowRefusal(() => createMappingPresets(db, noWrites).list())).toContain('mapping_presets.json:');
  expect(rowRefusal(() => createMappingPresets(db, noWrites).get('m'))).toContain('mapping_presets.json:');
});
