// Server-side paging for the status grid: the rows on screen decide which pages of PAGE rows are fetched through
// documents:query (SQLite pages, sorts and filters; the renderer never holds 500,000 rows). The first page also
// gives the total, which sizes the virtual scroll area.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { documentsPageSchema, type DocumentRow, type DocumentsPage, type DocumentsQueryInput } from '../../../shared/domain/documents-query.ts';
import { callChannel } from '../../bridge/call.ts';

export const PAGE = 200;
export type GridQuery = Omit<DocumentsQueryInput, 'offset' | 'limit'>;

function fetchPage(q: GridQuery, page: number) {
  return callChannel('documents:query', { ...q, offset: page * PAGE, limit: PAGE }, documentsPageSchema);
}

export function useFirstPage(q: GridQuery) {
  return useQuery({ queryKey: ['documents', q, 0], queryFn: () => fetchPage(q, 0), placeholderData: keepPreviousData });
}

export function useVisiblePages(q: GridQuery, first: DocumentsPage | undefined, firstIndex: number, lastIndex: number) {
  const pages: number[] = [];
  for (let p = Math.floor(Math.max(0, firstIndex) / PAGE); p <= Math.floor(Math.max(0, lastIndex) / PAGE); p++) if (p > 0) pages.push(p);
  const rest = useQueries({ queries: pages.map((p) => ({ queryKey: ['documents', q, p], queryFn: () => fetchPage(q, p), staleTime: 30_000 })) });
  const byPage = new Map<number, DocumentRow[]>();
  if (first) byPage.set(0, first.rows);
  pages.forEach((p, i) => {
    const d = rest[i]?.data;
    if (d) byPage.set(p, d.rows);
  });
  return {
    error: rest.find((r) => r.error)?.error ?? null,
    rowAt: (index: number): DocumentRow | undefined => byPage.get(Math.floor(index / PAGE))?.[index % PAGE],
  };
}
