// Fixed credentials of the simulated gateways. They are NOT secrets: they only open the loopback sandbox, and
// the same values are in every checkout so `docdesk demo` works with no setup.

/** Access token the sandbox docs-gw accepts by default (reference §2: `Authorization: Bearer …`). */
export const SANDBOX_ACCESS_TOKEN = 'SANDBOX-ACCESS-TOKEN-4f1c2b9e7d3a4c5e8b6f0a1d2e3c4b5a';
/** Contract-Uuid the sandbox docs-gw accepts by default: `CON-` + 32 hex, like the real samples. */
export const SANDBOX_CONTRACT_UUID = 'CON-5a4d0c3e9b7f41d2a8c6e1f0b3d59a72';
/** TLS server name and Host of the simulated docs-gw (a SAN of main/sandbox/tls/server.pem). */
export const SANDBOX_DOCSGW_HOST = 'docs-gw.sandbox.docdesk.test';
