#!/usr/bin/env bash
# TEST ONLY. Regenerates the sandbox test CA and the server certificate used by the simulated gateways
# (docs-gw, PayUp, KCP) on loopback. The private keys written here are PUBLIC ON PURPOSE: they are committed
# so that every checkout, test run and demo trusts the same sandbox. Never install test-ca.pem in a system or
# browser trust store, and never use these files outside the DocDesk sandbox.
#
# Usage: bash main/sandbox/tls/make-test-ca.sh     (writes into the folder of this script)
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DAYS=7305 # 20 years
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. Test CA (self-signed, may sign only end-entity certificates).
openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
  -keyout "$DIR/test-ca.key" -out "$DIR/test-ca.pem" \
  -subj "/O=DocDesk Sandbox (TEST ONLY)/CN=DocDesk Sandbox Test CA - DO NOT TRUST" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash"

# 2. Server key and CSR.
openssl req -new -newkey rsa:2048 -nodes -sha256 \
  -keyout "$DIR/server.key" -out "$WORK/server.csr" \
  -subj "/O=DocDesk Sandbox (TEST ONLY)/CN=docs-gw.sandbox.docdesk.test"

# 3. Server certificate signed by the test CA. The SANs cover every simulated host plus loopback, so clients
#    can verify against the host name while connecting to a pinned loopback address (DESIGN §5).
cat > "$WORK/server.ext" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
subjectAltName=DNS:docs-gw.sandbox.docdesk.test,DNS:payup.sandbox.docdesk.test,DNS:kcp.sandbox.docdesk.test,DNS:localhost,IP:127.0.0.1,IP:127.0.0.2
EXT
openssl x509 -req -in "$WORK/server.csr" -CA "$DIR/test-ca.pem" -CAkey "$DIR/test-ca.key" \
  -CAcreateserial -CAserial "$WORK/test-ca.srl" -days "$DAYS" -sha256 \
  -extfile "$WORK/server.ext" -out "$DIR/server.pem"

chmod 644 "$DIR/test-ca.pem" "$DIR/server.pem" "$DIR/test-ca.key" "$DIR/server.key"
openssl verify -CAfile "$DIR/test-ca.pem" "$DIR/server.pem"
