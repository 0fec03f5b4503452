// vitest setupFiles: every test file's process starts from the hermetic environment (hermetic-env.ts), so code
// under test that reads process.env, and children spawned without an explicit env, see no DOCDESK_* of the caller.
import { hermeticEnv, isScrubbed } from './hermetic-env.ts';

const clean = hermeticEnv();
for (const name of Object.keys(process.env)) if (isScrubbed(name)) delete process.env[name];
Object.assign(process.env, { LANG: clean.LANG, LC_ALL: clean.LC_ALL });
