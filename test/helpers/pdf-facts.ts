// What a PDF printed by Chromium holds, read with zlib only: its pages, the text-showing content streams, and every
// character its fonts' ToUnicode maps can give back (Chromium embeds a subset font per face with a ToUnicode CMap, so
// a character missing from them was not printed as text — an empty PDF or tofu boxes have none).
import { inflateSync } from 'node:zlib';

export interface PdfFacts {
  pages: number;
  /** Content streams with text operators (Tj / TJ). */
  textStreams: number;
  /** Characters mapped by the ToUnicode CMaps. */
  characters: Set<string>;
}

function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      out.push(inflateSync(raw).toString('latin1'));
    } catch {
      out.push(raw.toString('latin1'));
    }
    re.lastIndex = end + 'endstream'.length;
  }
  return out;
}

const utf16 = (hex: string): string => Buffer.from(hex, 'hex').swap16().toString('utf16le');

export function pdfFacts(pdf: Buffer): PdfFacts {
  const characters = new Set<string>();
  let textStreams = 0;
  for (const s of streams(pdf)) {
    if (/\bT[jJ]\b/.test(s) && /\bBT\b/.test(s)) textStreams++;
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) for (const c of utf16(m[2]!)) characters.add(c);
    }
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        const first = utf16(m[3]!).codePointAt(0)!;
        for (let i = 0; i <= parseInt(m[2]!, 16) - parseInt(m[1]!, 16); i++) characters.add(String.fromCodePoint(first + i));
      }
    }
  }
  return { pages: (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length, textStreams, characters };
}

/** The characters of `text` (spaces aside) the PDF's fonts cannot give back as text. */
export function missingCharacters(facts: PdfFacts, text: string): string[] {
  return [...new Set(text.replace(/\s/g, ''))].filter((c) => !facts.characters.has(c));
}
