// Lints probe text as if it were a file of the project, through ESLint's own API and the project's config — how the
// lint-rule tests prove a rule refuses what it should. The probe is not a file of tsconfig.main.json, so the
// type-aware rules (floating promises) are off for it; the import and syntax rules under test need no types.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Lines of `code`, linted as if it were `file` (relative to the repository), whose message contains `messagePart`. */
export async function lintProbeLines(code: string, file: string, messagePart: string): Promise<number[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: {
      files: [file],
      languageOptions: { parserOptions: { project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  // A probe lint cannot parse would report no findings: that must fail the test, not pass it.
  const fatal = (result?.messages ?? []).filter((m) => m.fatal === true);
  if (fatal.length > 0) throw new Error(`lint could not parse the probe: ${fatal.map((m) => m.message).join('; ')}`);
  return (result?.messages ?? []).filter((m) => m.message.includes(messagePart)).map((m) => m.line);
}
