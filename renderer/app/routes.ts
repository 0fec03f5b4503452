// Hash routes: work the same from `docdesk web` (http) and from the Electron window (file://).
export const ROUTES = ['dashboard', 'import', 'mailings', 'documents', 'followUp', 'payup', 'kcp', 'audit', 'settings', 'connections', 'diagnostics'] as const;
export type Route = (typeof ROUTES)[number];

export type Location = { route: Route; params: URLSearchParams };

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#\/?/, '');
  const [name = '', query = ''] = raw.split('?');
  const route = (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'dashboard';
  return { route, params: new URLSearchParams(query) };
}

export function href(route: Route, params?: Record<string, string>): string {
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#/${route}${q ? `?${q}` : ''}`;
}
