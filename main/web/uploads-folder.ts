// Where the web bridge saves what the browser uploads (POST /api/upload). The contract reads input files from here
// (main/app/chosen-files.ts), so both sides name the folder through this one function.
import path from 'node:path';

export function uploadsRoot(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'uploads');
}
