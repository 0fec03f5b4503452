// VERIFY.md of an evidence bundle: steps that use only standard tools (sha256sum, openssl, node) — a test runs
// them literally. Korean first, English second; says plainly what the bundle does and does not prove
// (reference evidence-and-audit.md §6 "What this does and does not prove", §8 "Standalone verification").

export function verifyMarkdown(o: { logId: string; keyFingerprint: string; checkpointFiles: string[]; reason: string; createdAt: string }): string {
  const cpCommands = o.checkpointFiles
    .map((f) => `openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in checkpoints/${f}.txt -sigfile checkpoints/${f}.sig`)
    .join('\n');
  return `# DocDesk 증거 묶음 검증 방법 / How to verify this evidence bundle

- 로그 ID (log id): \`${o.logId}\`
- 서명 키 지문 (signing key fingerprint, SHA-256 of the raw Ed25519 public key): \`${o.keyFingerprint}\`
- 내보낸 시각 (exported at): ${o.createdAt}
- 내보낸 사유 (reason): ${o.reason.replace(/[\r\n]+/g, ' ')}

\`report.xlsx\`와 \`report.html\`은 사람이 읽기 위한 **참고용 보기(비권위적)** 입니다. 증거는 \`events.jsonl\`과 서명된 체크포인트입니다.
The reports are NON-AUTHORITATIVE views; the evidence is \`events.jsonl\` plus the signed checkpoints.

아래 명령을 이 폴더에서 차례로 실행하세요. 모든 명령이 성공(종료 코드 0)해야 합니다.
Run these commands in this folder, in order; every one must succeed (exit code 0).

## 1. 파일 무결성 / File integrity

\`\`\`sh
sha256sum -c SHA256SUMS
openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig
\`\`\`

## 2. 서명 키 지문 확인 / Key fingerprint

출력된 값이 분쟁 **이전에** 기관 서버나 내부 관리계획에 등록된 지문과 같은지 확인하세요.
Compare the printed value with the fingerprint registered BEFORE the dispute (organisation server or 내부 관리계획).

\`\`\`sh
openssl pkey -pubin -in public-key.pem -outform DER | tail -c 32 | sha256sum
\`\`\`

## 3. 체크포인트 서명 / Checkpoint signatures

\`\`\`sh
${cpCommands}
\`\`\`

## 4. 해시 체인 / Hash chain

각 행의 leaf = SHA-256(0x00 ‖ 행 바이트), chain = SHA-256(0x01 ‖ 이전 chain ‖ leaf)를 계산하여 체크포인트의 head와 비교합니다.
Recomputes leaf = SHA-256(0x00 ‖ row bytes) and chain = SHA-256(0x01 ‖ previous chain ‖ leaf) and compares with the checkpoint heads.

\`\`\`sh
node verify-chain.mjs .
\`\`\`

## 이 묶음이 증명하는 것과 증명하지 못하는 것 / What this proves and what it does not

- 공개된 행(전체 기록)과 가려진 행(해시만)은 서명된 체크포인트가 보증하는 체인의 일부입니다. 체크포인트가 생성된 뒤 그 범위의 기록은 바뀌지 않았습니다.
  Disclosed rows (full records) and withheld rows (hashes only) are part of the chain the signed checkpoints commit to.
- 데이터베이스와 서명 키를 **모두** 가진 사람은 체인 전체를 새로 만들 수 있습니다. 그러나 그 전에 PC 밖(기관 서버, WORM 공유 폴더 등)에 보관된 체크포인트가 다루는 범위는 바꿀 수 없습니다. 체크포인트를 외부 보관본과 대조하세요.
  Someone holding both the database and the signing key can rebuild the whole chain; they cannot alter anything covered by a checkpoint anchored off the PC earlier. Compare the checkpoints with the anchored copies.
- PC의 시계는 신뢰하지 않습니다. 각 교환 기록에는 상대 서버의 \`Date\` 헤더(\`peer_date\`)가 함께 남습니다. 열람 시각의 1차 증거는 카카오페이 유통증명서이며, 이 기록은 그것을 뒷받침합니다.
  The PC clock is not trusted; each exchange keeps the peer's Date header. The KakaoPay 유통증명서 is the primary evidence of read time; this log corroborates it.
`;
}
