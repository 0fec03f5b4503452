#!/usr/bin/env python3
"""DocDesk evidence bundle verifier (format docdesk-evidence/2), shipped in every bundle.

Python 3.8+, standard library only.  Usage:
    python3 verify.py [BUNDLE_DIR] [--anchor CHECKPOINT_FILE]...      exit 0 = verified, 1 = refused

What it checks (RFC 9162 section 2.1; VERIFY.md has the steps around it):
  - every file against SHA256SUMS, and no file left out of it;
  - each line of events.jsonl: leaf = SHA-256(0x00 || the line's bytes) is the leaf its inclusion proof starts from;
  - each inclusion proof in proofs.json reaches the tree root of the bundle's checkpoint (checkpoints/*.txt);
  - each consistency proof shows an older checkpoint (the newest one anchored off the PC) is a prefix of it;
  - with --anchor: a checkpoint file you kept off the PC is one the bundle proves its checkpoint extends.
Signatures (SHA256SUMS.sig, checkpoints/*.sig) are checked with `openssl pkeyutl` as VERIFY.md shows:
Ed25519 is not in Python's standard library.  slices.jsonl is reserved for a later version and not read here.
Each refusal prints a code and what is wrong (in Korean).
"""
import base64
import hashlib
import json
import os
import re
import sys

CHECKPOINT = re.compile(
    r"^docdesk-audit/([0-9a-f-]{36})\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]{43}=)\n"
    r"chain [A-Za-z0-9+/]{43}=\ntime \S+\nkey [0-9a-f]{64}\n$"
)


class Refused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def sha256(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def node(left, right):
    return sha256(b"\x01", left, right)


def root_from_inclusion(index, size, leaf, path):
    """RFC 9162 2.1.3.2: the root the path leads to, or None where the algorithm fails."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def consistent(first, second, first_root, second_root, path):
    """RFC 9162 2.1.4.2: whether the tree (first, first_root) is a prefix of (second, second_root)."""
    if first == second:
        return not path and first_root == second_root
    if first == 0 or first > second:
        return first == 0 and not path
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


def parse_checkpoint(text, source):
    m = CHECKPOINT.match(text)
    if not m:
        raise Refused("CHECKPOINT_FORMAT", f"{source}: 머클 트리 루트가 있는 체크포인트 형식이 아닙니다.")
    return {"log_id": m.group(1), "size": int(m.group(2)), "root": base64.b64decode(m.group(3)), "source": source}


def read_json(bundle, name):
    try:
        with open(os.path.join(bundle, name), "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        raise Refused("BUNDLE_FORMAT", f"{name}을(를) 읽을 수 없습니다 ({e}). 묶음 폴더가 맞는지 확인하세요.")


def unhex(values, what):
    if not isinstance(values, list) or not all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) for v in values):
        raise Refused("BUNDLE_FORMAT", f"proofs.json: {what}의 해시 목록 형식이 올바르지 않습니다.")
    return [bytes.fromhex(v) for v in values]


def check_sums(bundle, problems):
    listed = {}
    with open(os.path.join(bundle, "SHA256SUMS"), "rb") as f:
        for line in f.read().decode("utf-8").splitlines():
            m = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line)
            if not m or m.group(2).startswith("/") or ".." in m.group(2).split("/"):
                problems.append(("SUMS_FORMAT", f"SHA256SUMS 형식 오류: {line[:80]}"))
                continue
            listed[m.group(2)] = m.group(1)
    for name, want in sorted(listed.items()):
        path = os.path.join(bundle, name)
        if not os.path.isfile(path):
            problems.append(("SUMS_FILE_MISSING", f"파일이 없습니다: {name}"))
            continue
        with open(path, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != want:
                problems.append(("SUMS_MISMATCH", f"파일이 변경되었습니다(SHA256SUMS와 다름): {name}"))
    for root, _dirs, files in os.walk(bundle):
        for f in files:
            name = os.path.relpath(os.path.join(root, f), bundle).replace(os.sep, "/")
            if name not in listed and name not in ("SHA256SUMS", "SHA256SUMS.sig"):
                problems.append(("SUMS_UNLISTED", f"SHA256SUMS에 없는 파일: {name}"))


def check_proofs(bundle, anchors, problems):
    info = read_json(bundle, "bundle-info.json")
    proofs = read_json(bundle, "proofs.json")
    if info.get("format") != "docdesk-evidence/2" or proofs.get("format") != "docdesk-proofs/1":
        raise Refused("BUNDLE_FORMAT", "형식 2(docdesk-evidence/2) 묶음이 아닙니다. 형식 1 묶음은 'docdesk audit verify-bundle'로 확인하세요.")

    def checkpoint(name):
        if not isinstance(name, str) or not re.fullmatch(r"checkpoint-[0-9]{12}", name):
            raise Refused("BUNDLE_FORMAT", f"proofs.json: 체크포인트 이름이 올바르지 않습니다: {name!r}")
        source = f"checkpoints/{name}.txt"
        try:
            with open(os.path.join(bundle, source), "rb") as f:
                cp = parse_checkpoint(f.read().decode("utf-8"), source)
        except OSError:
            raise Refused("CHECKPOINT_FORMAT", f"{source}이(가) 없습니다.")
        if cp["log_id"] != info.get("log_id"):
            raise Refused("CHECKPOINT_OTHER_LOG", f"{source}은(는) 다른 로그({cp['log_id']})의 체크포인트입니다. 이 묶음의 로그는 {info.get('log_id')}입니다.")
        if int(name[len("checkpoint-"):]) != cp["size"]:
            raise Refused("CHECKPOINT_FORMAT", f"{source}: 파일 이름과 체크포인트 크기({cp['size']})가 다릅니다.")
        return cp

    top = checkpoint(proofs.get("checkpoint"))
    lines = {}
    with open(os.path.join(bundle, "events.jsonl"), "rb") as f:
        data = f.read()
    for n, line in enumerate(data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n"), 1):
        try:
            seq = json.loads(line.decode("utf-8"))["seq"]
            if not isinstance(seq, int) or isinstance(seq, bool):
                raise TypeError("seq")
        except (ValueError, KeyError, TypeError):
            problems.append(("EVENT_FORMAT", f"events.jsonl {n}번째 줄이 감사 기록(JSON, seq)이 아닙니다."))
            continue
        lines[seq] = line
    proven = set()
    last = -1
    for entry in proofs.get("inclusion", []):
        seq, leaf = entry.get("seq"), unhex([entry.get("leaf")], "leaf")[0]
        if not isinstance(seq, int) or seq <= last:
            raise Refused("BUNDLE_FORMAT", "proofs.json: 포함 증명의 순번이 오름차순이 아닙니다.")
        last = seq
        proven.add(seq)
        line = lines.get(seq)
        if line is None:
            problems.append(("EVENT_MISSING", f"순번 {seq}의 기록이 events.jsonl에 없습니다(포함 증명은 있음)."))
        elif sha256(b"\x00", line) != leaf:
            problems.append(("EVENT_CHANGED", f"순번 {seq}의 기록이 바뀌었습니다: SHA-256(0x00 ‖ 줄)이 증명의 leaf와 다릅니다."))
        if root_from_inclusion(seq, top["size"], leaf, unhex(entry.get("path"), f"순번 {seq}")) != top["root"]:
            problems.append(("INCLUSION_PROOF", f"순번 {seq}의 포함 증명이 {top['source']}의 트리 루트에 이르지 않습니다."))
    for seq in sorted(set(lines) - proven):
        problems.append(("EVENT_UNPROVEN", f"events.jsonl의 순번 {seq} 기록에 포함 증명이 없습니다."))

    extended = {top["size"]: top["root"]}
    for entry in proofs.get("consistency", []):
        older = checkpoint(entry.get("from"))
        if consistent(older["size"], top["size"], older["root"], top["root"], unhex(entry.get("path"), older["source"])):
            extended[older["size"]] = older["root"]
        else:
            what = "외부 보관(앵커) 체크포인트" if entry.get("anchored") else "이전 체크포인트"
            problems.append(("CONSISTENCY_PROOF", f"{top['source']}의 트리가 {what} {older['source']}({older['size']}행)를 앞부분으로 담고 있지 않습니다: 그 뒤에 로그가 다시 쓰였습니다."))
    for path in anchors:
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8").replace("\r\n", "\n")
        except OSError as e:
            raise Refused("ANCHOR_UNREADABLE", f"외부 보관 체크포인트를 읽을 수 없습니다: {path} ({e})")
        anchor = parse_checkpoint(text[: text.rfind("\n\n") + 1] if "\n\n" in text else text, path)
        if anchor["log_id"] != info.get("log_id"):
            problems.append(("ANCHOR_OTHER_LOG", f"{path}은(는) 다른 로그({anchor['log_id']})의 체크포인트입니다."))
        elif anchor["size"] not in extended:
            problems.append(("ANCHOR_NOT_PROVEN", f"이 묶음에는 {path}({anchor['size']}행)에서 이어지는 증명이 없습니다. 그 체크포인트를 인용한 묶음을 다시 요청하세요."))
        elif extended[anchor["size"]] != anchor["root"]:
            problems.append(("ANCHOR_DIFFERS", f"{path}({anchor['size']}행)의 트리 루트가 묶음의 같은 크기 체크포인트와 다릅니다: 로그가 다시 쓰였습니다."))
    return top, len(proven), len(extended) - 1


def main(argv):
    args, anchors = [], []
    it = iter(argv)
    for a in it:
        if a == "--anchor":
            anchors.append(next(it, ""))
        else:
            args.append(a)
    bundle = os.path.abspath(args[0] if args else ".")
    problems = []
    result = None
    try:
        check_sums(bundle, problems)
        result = check_proofs(bundle, anchors, problems)
    except Refused as r:
        problems.append((r.code, r.message))
    except OSError as e:
        problems.append(("BUNDLE_FORMAT", f"묶음 파일을 읽을 수 없습니다: {e}"))
    except (AttributeError, TypeError, ValueError) as e:
        problems.append(("BUNDLE_FORMAT", f"proofs.json 또는 bundle-info.json의 구조가 올바르지 않습니다 ({e}). DocDesk가 만든 묶음인지 확인하세요."))
    for code, message in problems:
        print(f"FAIL {code}: {message}")
    if problems or result is None:
        return 1
    top, events, older = result
    print(f"OK: 기록 {events}건이 {top['source']}({top['size']}행)의 트리에 포함됨, 이전 체크포인트 {older}개와 일관됨, 외부 보관본 {len(anchors)}개 확인"
          f" / {events} events proven into a tree of {top['size']}; consistent with {older} older checkpoint(s); {len(anchors)} anchor file(s) checked")
    return 0


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main(sys.argv[1:]))
