// What kind of program a file is, from its first bytes: enough to tell an operator that KCP's module was built for
// another machine before running it (seed 004 §2.2.2 checks; KCP ships pp_cli for 32-bit and pp_cli_x64 for
// 64-bit Linux, pp_cli_exe for Windows — reference kcp-and-payup.md A2). ELF: the identification bytes, e_machine
// and the PT_INTERP program header (the loader a dynamically linked program needs: a 32-bit pp_cli on a 64-bit
// system without 32-bit libraries lacks /lib/ld-linux.so.2). PE: the COFF header's Machine field.
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read from the start of the file: ELF and PE headers and the program header table of a normal binary. */
const HEAD_BYTES = 4096;

export type ExecutableHeader =
  | { format: 'elf'; bits: 32 | 64; machine: string; interpreter: string | null }
  | { format: 'pe'; machine: string }
  | { format: 'script'; interpreter: string }
  | { format: 'unknown' };

/** ELF e_machine values (System V ABI) and PE Machine values (Microsoft PE format), named like Node's os.arch(). */
const ELF_MACHINES: Record<number, string> = { 3: 'ia32', 8: 'mips', 20: 'ppc', 21: 'ppc64', 22: 's390x', 40: 'arm', 62: 'x64', 183: 'arm64', 243: 'riscv64' };
const PE_MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64', 0x1c4: 'arm' };

const PT_INTERP = 3;

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function elfHeader(b: Buffer): ExecutableHeader {
  const bits = b[4] === 2 ? 64 : b[4] === 1 ? 32 : null;
  const little = b[5] !== 2;
  if (bits === null || b.length < (bits === 64 ? 64 : 52)) return { format: 'unknown' };
  const u16 = (o: number): number => (little ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number): number => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const word = (o: number): number => (bits === 64 ? Number(little ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(o));
  const machineCode = u16(18);
  const machine = ELF_MACHINES[machineCode] ?? `elf-machine-${machineCode}`;
  // Program headers: e_phoff, e_phentsize, e_phnum; PT_INTERP names the loader (p_offset, p_filesz).
  const phoff = word(bits === 64 ? 32 : 28);
  const phentsize = u16(bits === 64 ? 54 : 42);
  const phnum = u16(bits === 64 ? 56 : 44);
  let interpreter: string | null = null;
  for (let i = 0; i < phnum && phentsize > 0; i++) {
    const at = phoff + i * phentsize;
    if (at + phentsize > b.length) break;
    if (u32(at) !== PT_INTERP) continue;
    const offset = word(at + (bits === 64 ? 8 : 4));
    const size = word(at + (bits === 64 ? 32 : 16));
    if (offset + size <= b.length) interpreter = b.subarray(offset, offset + size).toString('latin1').replace(/\0.*$/s, '');
    break;
  }
  return { format: 'elf', bits, machine, interpreter };
}

function peHeader(b: Buffer): ExecutableHeader {
  if (b.length < 0x40) return { format: 'unknown' };
  const pe = b.readUInt32LE(0x3c);
  if (pe + 6 > b.length || b.toString('latin1', pe, pe + 4) !== 'PE\0\0') return { format: 'unknown' };
  const code = b.readUInt16LE(pe + 4);
  return { format: 'pe', machine: PE_MACHINES[code] ?? `pe-machine-0x${code.toString(16)}` };
}

/** The header of `file` (which must exist and be readable). */
export function readExecutableHeader(file: string): ExecutableHeader {
  const b = readHead(file);
  if (b.length >= 4 && b[0] === 0x7f && b.toString('latin1', 1, 4) === 'ELF') return elfHeader(b);
  if (b.length >= 2 && b.toString('latin1', 0, 2) === 'MZ') return peHeader(b);
  if (b.length >= 2 && b.toString('latin1', 0, 2) === '#!') {
    const line = b.toString('utf8', 2, Math.max(2, b.indexOf(0x0a) === -1 ? b.length : b.indexOf(0x0a))).trim();
    return { format: 'script', interpreter: line.split(/\s+/)[0] ?? '' };
  }
  return { format: 'unknown' };
}

/**
 * Whether this machine can run a program built for `machine`: its own architecture, and 32-bit x86 on 64-bit x86
 * (Linux with 32-bit libraries, Windows through WOW64).
 */
export function runsOn(machine: string, hostArch: string): boolean {
  return machine === hostArch || (hostArch === 'x64' && machine === 'ia32');
}
