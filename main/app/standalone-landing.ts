// `docdesk landing serve --config landing.json` (issue 14 §6): the landing page on the institution's web host, with
// no DocDesk data folder, no writer lock and no database key there. It wires its own docs-gw client from the
// config file and the environment's credentials, and keeps everything in two folders of its own:
//   events folder  landing-YYYY-MM-DD.jsonl — every event, fsync'ed before the page answers; DocDesk imports it
//                  (Settings → landing-events folder, or `docdesk audit import-landing`);
//   state folder   used-tokens.db (token hashes: a restart cannot replay a token) and docsgw-exchanges-YYYY-MM-DD
//                  .jsonl (every docs-gw exchange of the page, redacted as in DocDesk's own exchange log).
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { profileSchema } from '../../shared/domain/profile.ts';
import { createDocsGwClient } from '../docsgw/client.ts';
import { dailyLineWriter } from '../landing/event-lines.ts';
import { startLandingServer, type LandingServer } from '../landing/landing-server.ts';
import { LandingConfigError, readLandingConfig, type LandingConfig } from '../landing/standalone-config.ts';
import { fileUsedTokens } from '../landing/used-tokens.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID } from '../sandbox/credentials.ts';
import { assertWithinNetworkScope, isLoopbackAddress } from './loopback-only.ts';

export interface StandaloneLandingOverrides {
  host?: string;
  port?: number;
  cert?: string;
  key?: string;
  eventsDir?: string;
}

export interface StandaloneLanding {
  server: LandingServer;
  eventsDir: string;
  stateDir: string;
  close(): Promise<void>;
}

/** A sandbox-kind config uses the sandbox's public test credentials (as a sandbox profile does); others need both variables. */
function credentials(kind: LandingConfig['kind'], env: NodeJS.ProcessEnv): { accessToken: string; contractUuid: string } {
  if (kind === 'sandbox') return { accessToken: SANDBOX_ACCESS_TOKEN, contractUuid: SANDBOX_CONTRACT_UUID };
  const accessToken = env.DOCDESK_DOCSGW_ACCESS_TOKEN;
  const contractUuid = env.DOCDESK_DOCSGW_CONTRACT_UUID;
  const missing = [accessToken ? null : 'DOCDESK_DOCSGW_ACCESS_TOKEN', contractUuid ? null : 'DOCDESK_DOCSGW_CONTRACT_UUID'].filter((x) => x !== null);
  if (!accessToken || !contractUuid) {
    throw new LandingConfigError(
      'CREDENTIAL_MISSING',
      `카카오페이 문서 게이트웨이 자격 증명이 없습니다: 환경 변수 ${missing.join(', ')}을(를) 설정하세요(systemd라면 서비스 계정만 읽을 수 있는 EnvironmentFile=).`,
      4,
    );
  }
  return { accessToken, contractUuid };
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new LandingConfigError('LANDING_TLS_FILE', `${what} 파일을 읽을 수 없습니다 (${file}): ${(err as { code?: string }).code ?? String(err)}. 경로와 서비스 계정의 읽기 권한을 확인하세요.`);
  }
}

/** `<documentsDir>/<id>.html` for the document's own id; an id outside [A-Za-z0-9._-] never names a file. */
function documentsFrom(dir: string): (binder: string, ext: string | null) => string {
  return (binder, ext) => {
    const id = ext ?? binder;
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,39}$/.test(id)) throw new Error(`문서 ID 형식이 올바르지 않습니다: ${id.slice(0, 40)}`);
    return readFileSync(path.join(dir, `${id}.html`), 'utf8');
  };
}

export async function startStandaloneLanding(configFile: string, overrides: StandaloneLandingOverrides, env: NodeJS.ProcessEnv): Promise<StandaloneLanding> {
  const config = readLandingConfig(configFile);
  const host = overrides.host ?? config.host ?? '127.0.0.1';
  const certFile = overrides.cert !== undefined ? path.resolve(overrides.cert) : config.cert;
  const keyFile = overrides.key !== undefined ? path.resolve(overrides.key) : config.key;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new LandingConfigError('LANDING_TLS_INCOMPLETE', 'HTTPS에는 인증서(--cert)와 개인 키(--key)가 함께 필요합니다. 둘 다 주거나 둘 다 빼세요.');
  }
  const tls = certFile !== undefined && keyFile !== undefined ? { cert: readPem(certFile, '인증서(--cert)'), key: readPem(keyFile, '개인 키(--key)') } : undefined;
  // The token travels in the page's address: never in clear text beyond this machine.
  if (!tls && host !== 'localhost' && !isLoopbackAddress(host)) {
    throw new LandingConfigError(
      'LANDING_TLS_REQUIRED',
      `TLS 없이 이 PC 밖에서 접속할 수 있는 주소(${host})로는 열 수 없습니다: 문서 주소의 토큰이 암호화되지 않고 오갑니다. --cert와 --key(PEM)를 주거나, 같은 서버의 리버스 프록시(HTTPS) 뒤에서 --host 127.0.0.1로 실행하세요.`,
    );
  }
  const eventsDirRaw = overrides.eventsDir !== undefined ? path.resolve(overrides.eventsDir) : config.eventsDir;
  if (eventsDirRaw === undefined) throw new LandingConfigError('LANDING_EVENTS_DIR_MISSING', '이벤트를 쓸 폴더가 필요합니다: --events-dir DIR 또는 설정 파일의 eventsDir.');
  const eventsDir = eventsDirRaw;
  const stateDir = config.stateDir ?? path.join(eventsDir, 'state');
  const profile = profileSchema.parse({ name: 'landing', kind: config.kind, docsgw: config.docsgw });
  assertWithinNetworkScope(profile, 'passphrase');
  const creds = credentials(config.kind, env);

  mkdirSync(eventsDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const exchanges = dailyLineWriter(stateDir, 'docsgw-exchanges');
  const client = createDocsGwClient({
    profileKind: profile.kind,
    service: profile.docsgw,
    credentials: () => creds,
    exchangeSink: { append: (record) => exchanges.write(JSON.stringify(record)) },
  });
  let server: LandingServer;
  try {
    // Closed by the server (also when it cannot listen).
    const usedTokens = fileUsedTokens(path.join(stateDir, 'used-tokens.db'));
    server = await startLandingServer({
      gateway: client,
      eventsDir,
      usedTokens,
      host,
      port: overrides.port ?? config.port ?? (tls ? 8443 : 8080),
      ...(tls ? { tls } : {}),
      trustProxy: config.trustProxy,
      ...(config.institution !== undefined ? { institution: config.institution } : {}),
      ...(config.hostName !== undefined ? { hostName: config.hostName } : {}),
      ...(config.documentsDir !== undefined ? { content: documentsFrom(config.documentsDir) } : {}),
    });
  } catch (err) {
    await client.close();
    exchanges.close();
    const code = (err as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new LandingConfigError('LANDING_LISTEN_FAILED', `${host}:${overrides.port ?? config.port ?? ''}에서 열 수 없습니다(${String(code)}): 다른 프로그램이 쓰는 포트이거나, 1024 미만 포트에 권한이 없거나, 이 서버의 주소가 아닙니다.`, 4);
    }
    throw err;
  }
  return {
    server,
    eventsDir,
    stateDir,
    async close() {
      try {
        await server.close();
      } finally {
        await client.close();
        exchanges.close();
      }
    },
  };
}
