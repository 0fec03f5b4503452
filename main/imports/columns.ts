// Excel column letters ↔ 0-based indexes (A=0, Z=25, AA=26, XFD=16383).

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letter: string): number {
  let n = 0;
  for (const ch of letter.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) throw new RangeError(`not a column letter: ${letter}`);
    n = n * 26 + (code - 64);
  }
  return n - 1;
}
