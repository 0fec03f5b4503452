// VERIFY.md of an evidence bundle (format 2, bundle-format.ts): steps that use only standard tools (sha256sum,
// openssl, python3 with its standard library) — a test runs them literally. Korean first, English second; says plainly what the bundle does and does not prove
// (reference evidence-and-audit.md §6 "What this does and does not prove", §8 "Standalone verification").

export function verifyMarkdown(o: { logId: string; keyFingerprint: string; checkpointFiles: string[]; anchoredCheckpoint: string | null; reason: string; createdAt: string }): string {
  const anchored = o.anchoredCheckpoint
    ? `\`checkpoints/${o.anchoredCheckpoint}.txt\`는 내보내기 전에 PC 밖(외부 보관 폴더)으로 복사된 가장 최근 체크포인트입니다. 보관본과 같은지 비교하세요.
\`checkpoints/${o.anchoredCheckpoint}.txt\` is the newest checkpoint copied off the PC (anchor folder) before this export: compare it with the kept copy.`
    : `이 묶음을 만들 때 외부 보관 폴더에 체크포인트가 없었습니다. 외부 보관본이 있다면 아래 4단계의 \`--anchor\`로 확인하세요.
No checkpoint was found in the anchor folder at export; if you hold one kept off the PC, check it with \`--anchor\` (step 4).`;
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

## 4. 포함 증명과 일관성 증명 / Inclusion and consistency proofs

\`verify.py\`(Python 3 표준 라이브러리만 사용)는 \`events.jsonl\`의 각 줄에 대해 leaf = SHA-256(0x00 ‖ 줄 바이트)를 계산하고, \`proofs.json\`의 RFC 9162 포함 증명이 서명된 체크포인트의 트리 루트에 이르는지, 이전 체크포인트에서 이 체크포인트까지의 일관성 증명이 맞는지, \`SHA256SUMS\`를 확인합니다.
\`verify.py\` (Python 3 standard library only) computes leaf = SHA-256(0x00 ‖ line bytes) for each line of \`events.jsonl\`, checks that each RFC 9162 inclusion proof in \`proofs.json\` reaches the signed checkpoint's tree root, that each consistency proof from an older checkpoint holds, and \`SHA256SUMS\`.

\`\`\`sh
python3 verify.py .
\`\`\`

${anchored}

PC 밖에 보관된 체크포인트 파일(예: 기관 서버의 \`docdesk-checkpoint-….txt\`)을 가지고 있다면, 이 묶음의 체크포인트가 그것을 이어받는지(로그가 다시 쓰이지 않았는지) 확인하세요:
If you hold a checkpoint file kept off the PC, check that this bundle's checkpoint extends it (the log was not rewritten):

\`\`\`text
python3 verify.py . --anchor /보관/폴더/docdesk-checkpoint-….txt
\`\`\`

\`slices.jsonl\`(문서별 공개 조각)은 예약된 이름이며 이 버전은 만들지도 검증하지도 않습니다.
\`slices.jsonl\` (per-document disclosed slices) is a reserved name: this version neither writes nor checks it.

## 이 묶음이 증명하는 것과 증명하지 못하는 것 / What this proves and what it does not

- \`events.jsonl\`의 각 기록은 서명된 체크포인트의 머클 트리(RFC 9162)에 그 순번으로 들어 있습니다. 다른 기록은 증명의 해시로만 들어 있고 내용은 공개되지 않습니다.
  Each record in \`events.jsonl\` is in the signed checkpoint's Merkle tree (RFC 9162) at its seq; the other records appear only as proof hashes, never disclosed.
- 데이터베이스와 서명 키를 **모두** 가진 사람은 체인 전체를 새로 만들 수 있습니다. 그러나 그 전에 PC 밖(기관 서버, WORM 공유 폴더 등)에 보관된 체크포인트가 다루는 범위는 바꿀 수 없습니다. 체크포인트를 외부 보관본과 대조하세요.
  Someone holding both the database and the signing key can rebuild the whole chain; they cannot alter anything covered by a checkpoint anchored off the PC earlier: the consistency proof from it fails. Compare the checkpoints with the anchored copies.
- PC의 시계는 신뢰하지 않습니다. 각 교환 기록에는 상대 서버의 \`Date\` 헤더(\`peer_date\`)가 함께 남습니다. 열람 시각의 1차 증거는 카카오페이 유통증명서이며, 이 기록은 그것을 뒷받침합니다.
  The PC clock is not trusted; each exchange keeps the peer's Date header. The KakaoPay 유통증명서 is the primary evidence of read time; this log corroborates it.
`;
}
