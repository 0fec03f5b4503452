// Preloaded (`node --import`) into a child process a test measures: when the process exits, it writes its peak
// resident memory in KiB (process.resourceUsage().maxRSS: every thread of the process, worker threads included)
// to the file named by DOCDESK_TEST_MAXRSS_FILE.
import { writeFileSync } from 'node:fs';

const out = process.env['DOCDESK_TEST_MAXRSS_FILE'];
if (out !== undefined && out !== '') process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
