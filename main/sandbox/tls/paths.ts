// Paths of the committed TEST-ONLY TLS material (see README.md in this folder: the keys are public on purpose).
import { fileURLToPath } from 'node:url';

const here = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** Test CA certificate: what a sandbox profile puts in `caFile`. Never trust it outside the sandbox. */
export const SANDBOX_CA_FILE = here('test-ca.pem');
/** Test CA private key (public on purpose; only the generator script uses it). */
export const SANDBOX_CA_KEY_FILE = here('test-ca.key');
/** Server certificate for every simulated host (docs-gw, payup, kcp .sandbox.docdesk.test, localhost, 127.0.0.1/2). */
export const SANDBOX_SERVER_CERT_FILE = here('server.pem');
/** Server private key (public on purpose). */
export const SANDBOX_SERVER_KEY_FILE = here('server.key');
