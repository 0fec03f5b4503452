// A local-time stamp for export file names (yyyyMMdd-HHmmss): distinct per run, sorts by time, no characters
// that a file system or the backend's name check would refuse.
export function stampForFileName(d: Date = new Date()): string {
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
