// Builds the backend for one CLI run: data folder, passphrase (DOCDESK_PASSPHRASE or a terminal prompt), profile.
import { createBackend, defaultDataDir, type Backend } from '../app/backend.ts';
import { machineChromiumPdf } from '../pdf/chromium-pdf.ts';
import type { CliValues } from './args.ts';
import { ask, interactive } from './prompt.ts';

/** `faces.track`: the status tracker runs while the backend is open (`docdesk web`). */
export async function openBackend(values: CliValues, access: 'write' | 'read' = 'write', env: NodeJS.ProcessEnv = process.env, faces: { track?: boolean } = {}): Promise<Backend> {
  const dataDir = values['data-dir'] ?? defaultDataDir(env);
  const renderPdf = machineChromiumPdf(env);
  const base = { dataDir, profile: values.profile, access, passphrase: env.DOCDESK_PASSPHRASE || undefined, ...faces, ...(renderPdf ? { renderPdf } : {}) };
  try {
    return await createBackend(base);
  } catch (err) {
    if ((err as { code?: string }).code === 'PASSPHRASE_REQUIRED' && interactive()) {
      return createBackend({ ...base, passphrase: await ask('데이터 폴더 암호: ', { hidden: true }) });
    }
    throw err;
  }
}
