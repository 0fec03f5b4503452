// Fixed credentials of the simulated gateways. They are NOT secrets: they only open the loopback sandbox, and
// the same values are in every checkout so `docdesk demo` works with no setup.

/** Access token the sandbox docs-gw accepts by default (reference §2: `Authorization: Bearer …`). */
export const SANDBOX_ACCESS_TOKEN = 'SANDBOX-ACCESS-TOKEN-4f1c2b9e7d3a4c5e8b6f0a1d2e3c4b5a';
/** Contract-Uuid the sandbox docs-gw accepts by default: `CON-` + 32 hex, like the real samples. */
export const SANDBOX_CONTRACT_UUID = 'CON-5a4d0c3e9b7f41d2a8c6e1f0b3d59a72';
/** TLS server name and Host of the simulated docs-gw (a SAN of main/sandbox/tls/server.pem). */
export const SANDBOX_DOCSGW_HOST = 'docs-gw.sandbox.docdesk.test';

/** TLS server name of the simulated PayUp (a SAN of main/sandbox/tls/server.pem). */
export const SANDBOX_PAYUP_HOST = 'payup.sandbox.docdesk.test';
/** Merchant id (가맹점아이디) the sandbox PayUp knows; goes in the sandbox profile's payup.merchantId. */
export const SANDBOX_PAYUP_MERCHANT_ID = 'docdesk-sandbox';
/** apiCertKey of that merchant: 32 lowercase hex like the real keys (seed 002), public on purpose. */
export const SANDBOX_PAYUP_API_CERT_KEY = '7c0f3a9d52e14b6c8a1d0e9f4b3c2a51';
