// Status grid (issue 3 §3) over all documents or one mailing: 500,000 rows stay smooth because only the rows on
// screen are rendered (@tanstack/react-virtual) and fetched (documents:query pages, sorted and filtered in SQLite).
// Quick filters by state and error code, search, masked personal data (the backend masks), column chooser, export.
// An error code (and an UNKNOWN/ABANDONED state) carries its explanation and next step as tooltip and description.
import { useMutation, useQuery } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { adviceText, documentAdvice, errorCodeAdvice } from '../../../shared/domain/docsgw-advice.ts';
import { DOC_BOX_STATUSES } from '../../../shared/domain/edoc.ts';
import { DOCUMENT_SORT_COLUMNS, documentsExportOutputSchema, type DocumentRow, type DocumentsPage } from '../../../shared/domain/documents-query.ts';
import type { DocumentState } from '../../../shared/domain/mailing.ts';
import { call, callChannel } from '../../bridge/call.ts';
import { Empty, ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/ko.ts';
import { useDownload } from '../../lib/download.ts';
import { formatNumber, formatTime } from '../../lib/format.ts';
import { DocumentDrawer } from './DocumentDrawer.tsx';
import { useFirstPage, useVisiblePages, type GridQuery } from './useDocumentPages.ts';
import { ExportLocation } from '../../components/ExportLocation.tsx';

const ROW_HEIGHT = 34;
type ColId = 'id' | 'mailingName' | 'sourceRow' | 'recipient' | 'state' | 'stateAt' | 'docBoxStatus' | 'errorCode' | 'errorMessage' | 'externalDocumentUuid' | 'documentBinderUuid' | 'acceptedAt' | 'readAt' | 'attemptNo';
const COLUMNS: { id: ColId; width: number }[] = [
  { id: 'id', width: 90 },
  { id: 'mailingName', width: 160 },
  { id: 'sourceRow', width: 80 },
  { id: 'recipient', width: 170 },
  { id: 'state', width: 100 },
  { id: 'docBoxStatus', width: 100 },
  { id: 'stateAt', width: 170 },
  { id: 'errorCode', width: 140 },
  { id: 'errorMessage', width: 220 },
  { id: 'externalDocumentUuid', width: 260 },
  { id: 'documentBinderUuid', width: 260 },
  { id: 'acceptedAt', width: 170 },
  { id: 'readAt', width: 170 },
  { id: 'attemptNo', width: 60 },
];
const HIDDEN_BY_DEFAULT: VisibilityState = { errorMessage: false, documentBinderUuid: false, acceptedAt: false, readAt: false, attemptNo: false };
const SORTABLE = new Set<string>(DOCUMENT_SORT_COLUMNS);
type StateFilter = DocumentState | (typeof DOC_BOX_STATUSES)[number];
const QUICK: StateFilter[] = ['ACCEPTED', ...DOC_BOX_STATUSES, 'REJECTED', 'UNKNOWN', 'QUEUED', 'CANCELLED'];

const NO_ROWS: DocumentRow[] = [];

type GridRowProps = {
  index: number;
  start: number;
  row: DocumentRow | undefined;
  active: boolean;
  cols: { id: ColId; width: number }[];
  width: number;
  renderCell: (id: ColId, r: DocumentRow) => ReactNode;
  onOpen: (index: number, r: DocumentRow | undefined) => void;
};

/** One body row; memoised so rows already on screen do not re-render while the grid scrolls. */
const GridRow = memo(function GridRow({ index, start, row, active, cols, width, renderCell, onOpen }: GridRowProps) {
  return (
    <div
      role="row"
      id={row ? `doc-row-${row.id}` : undefined}
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`grid-row grid-body-row${active ? ' active' : ''}`}
      style={{ position: 'absolute', top: 0, transform: `translateY(${start}px)`, height: ROW_HEIGHT, width }}
      onClick={() => onOpen(index, row)}
      data-testid={row ? 'grid-row' : 'grid-row-loading'}
      data-doc-id={row?.id}
    >
      {cols.map((c) => (
        <div key={c.id} role="gridcell" className="grid-cell" style={{ width: c.width }}>
          {row ? renderCell(c.id, row) : '…'}
        </div>
      ))}
    </div>
  );
});

type ViewportProps = {
  q: GridQuery;
  first: DocumentsPage | undefined;
  scrollRef: RefObject<HTMLDivElement | null>;
  cols: { id: ColId; width: number }[];
  width: number;
  label: string;
  header: ReactNode;
  renderCell: (id: ColId, r: DocumentRow) => ReactNode;
  onOpen: (r: DocumentRow) => void;
};

/**
 * The scrolling part of the grid on its own, so a scroll frame re-renders only this component (and only the rows
 * that came into view), never the toolbar, filters and headers above it. Keyboard: arrows, Page Up/Down, Home,
 * End move the active row (aria-activedescendant), Enter opens it.
 */
function GridViewport({ q, first, scrollRef, cols, width, label, header, renderCell, onOpen }: ViewportProps) {
  const total = first?.total ?? 0;
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const virtualItems = virtualizer.getVirtualItems();
  const pages = useVisiblePages(q, first, virtualItems[0]?.index ?? 0, virtualItems[virtualItems.length - 1]?.index ?? 0);

  useEffect(() => {
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [q, scrollRef]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (e.key in moves) {
      e.preventDefault();
      const next = Math.max(0, Math.min(total - 1, active + (moves[e.key] ?? 0)));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (e.key === 'Enter') {
      // Without preventDefault the Enter's keypress would land on the drawer's close button, focused meanwhile.
      e.preventDefault();
      const r = pages.rowAt(active);
      if (r) onOpen(r);
    }
  };
  const onRow = useCallback(
    (index: number, r: DocumentRow | undefined) => {
      setActive(index);
      if (r) onOpen(r);
    },
    [onOpen],
  );
  const activeRow = pages.rowAt(active);
  return (
    <>
      <ErrorBox error={pages.error} />
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        aria-label={label}
        aria-rowcount={total + 1}
        aria-colcount={cols.length}
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={activeRow ? `doc-row-${activeRow.id}` : undefined}
        data-testid="grid"
      >
        {header}
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {virtualItems.map((v) => (
            <GridRow
              key={v.key}
              index={v.index}
              start={v.start}
              row={pages.rowAt(v.index)}
              active={v.index === active}
              cols={cols}
              width={width}
              renderCell={renderCell}
              onOpen={onRow}
            />
          ))}
        </div>
      </div>
    </>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

export function DocumentsPage({ params }: { params: URLSearchParams }) {
  const { t, locale, lang } = useI18n();
  const [mailingId, setMailingId] = useState(params.get('mailingId') ?? '');
  const [quick, setQuick] = useState<StateFilter | ''>('');
  const [errorCode, setErrorCode] = useState('');
  const [searchText, setSearchText] = useState(params.get('search') ?? '');
  const search = useDebounced(searchText.trim(), 300);
  const code = useDebounced(errorCode.trim(), 300);
  const [sort, setSort] = useState<{ id: (typeof DOCUMENT_SORT_COLUMNS)[number]; dir: 'asc' | 'desc' }>({ id: 'id', dir: 'asc' });
  const [visibility, setVisibility] = useState<VisibilityState>(HIDDEN_BY_DEFAULT);
  const [open, setOpen] = useState<DocumentRow | null>(null);
  const [exported, setExported] = useState('');
  const download = useDownload();

  const q: GridQuery = useMemo(() => {
    const isBox = (DOC_BOX_STATUSES as readonly string[]).includes(quick);
    return {
      ...(mailingId ? { mailingId } : {}),
      ...(quick && !isBox ? { states: [quick as DocumentState] } : {}),
      ...(quick && isBox ? { docBoxStatuses: [quick as (typeof DOC_BOX_STATUSES)[number]] } : {}),
      ...(code ? { errorCode: code } : {}),
      ...(search ? { search } : {}),
      sort: sort.id,
      direction: sort.dir,
    };
  }, [mailingId, quick, code, search, sort]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const firstPage = useFirstPage(q);
  // The mailing filter's list counts every mailing's documents: asked only after the first page is on screen,
  // because the backend answers one SQLite query at a time and the rows come first.
  const mailings = useQuery({ queryKey: ['mailings'], queryFn: () => call('mailing:list', {}), enabled: firstPage.isFetched, staleTime: 30_000 });
  const total = firstPage.data?.total ?? 0;

  // One cell renderer for the header model (react-table) and the memoised body rows.
  const renderCell = useCallback(
    (id: ColId, r: DocumentRow): ReactNode => {
      switch (id) {
        case 'state': {
          // UNKNOWN and ABANDONED carry no error code: their reason's advice is on the state itself.
          const a = r.state === 'UNKNOWN' || r.state === 'ABANDONED' ? documentAdvice(r, lang) : null;
          const tip = a ? adviceText(a) : undefined;
          return (
            <span className={`chip chip-${r.state}`} title={tip} aria-description={tip}>
              {t(`state.${r.state}`)}
            </span>
          );
        }
        case 'errorCode': {
          if (r.errorCode === null) return '';
          const tip = adviceText(errorCodeAdvice(r.errorCode, lang));
          return (
            <span title={tip} aria-description={tip} data-testid="error-code">
              {r.errorCode}
            </span>
          );
        }
        case 'docBoxStatus':
          return r.docBoxStatus ? <span className={`chip chip-${r.docBoxStatus}`}>{t(`box.${r.docBoxStatus}`)}</span> : '';
        case 'stateAt':
        case 'acceptedAt':
        case 'readAt':
          return formatTime(r[id], locale);
        default: {
          const v = r[id];
          return v === null ? '' : String(v);
        }
      }
    },
    [t, locale, lang],
  );
  const columns = useMemo<ColumnDef<DocumentRow>[]>(
    () => COLUMNS.map((c) => ({ id: c.id, size: c.width, header: () => t(`col.${c.id}` as MessageKey), cell: ({ row }) => renderCell(c.id, row.original) })),
    [t, renderCell],
  );

  // react-table holds the column model (visibility, sizes, headers); the body rows are rendered from the fetched
  // pages directly, each row memoised, so a scroll frame renders only the rows that just came into view.
  const table = useReactTable({
    data: NO_ROWS,
    columns,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => String(r.id),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
  });
  const leaf = table.getVisibleLeafColumns();
  // A stable array while the visible columns stay the same, so memoised rows keep their props.
  const colKey = leaf.map((c) => `${c.id}:${c.getSize()}`).join(',');
  const cols = useMemo(
    () =>
      (colKey ? colKey.split(',') : []).map((part) => {
        const [id = '', width = '0'] = part.split(':');
        return { id: id as ColId, width: Number(width) };
      }),
    [colKey],
  );
  const totalWidth = cols.reduce((sum, c) => sum + c.width, 0);

  const exportView = useMutation({
    mutationFn: () => callChannel('documents:export', { ...q, columns: leaf.map((c) => c.id) }, documentsExportOutputSchema),
    onSuccess: (r) => {
      setExported(t('grid.exported', { rows: formatNumber(r.rows, locale) }));
      download(r.filePath);
    },
  });

  const toggleSort = (id: string) => {
    if (!SORTABLE.has(id)) return;
    setSort((s) => ({ id: id as (typeof DOCUMENT_SORT_COLUMNS)[number], dir: s.id === id && s.dir === 'asc' ? 'desc' : 'asc' }));
  };

  const onOpenRow = useCallback((r: DocumentRow) => setOpen(r), []);
  return (
    <section aria-labelledby="grid-title" className="grid-page">
      <h1 id="grid-title">{t('grid.title')}</h1>
      <div className="toolbar" role="search">
        <label>
          {t('grid.filterMailing')}{' '}
          <select value={mailingId} onChange={(e) => setMailingId(e.target.value)} data-testid="grid-mailing">
            <option value="">{t('grid.filterAll')}</option>
            {(mailings.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          {t('grid.search')}{' '}
          <input type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} data-testid="grid-search" />
        </label>
        <label>
          {t('grid.filterError')}{' '}
          <input type="text" value={errorCode} onChange={(e) => setErrorCode(e.target.value)} className="narrow" data-testid="grid-error" />
        </label>
      </div>
      <div className="toolbar" role="group" aria-label={t('grid.filterState')}>
        <span>{t('grid.filterState')}:</span>
        <button type="button" aria-pressed={quick === ''} onClick={() => setQuick('')} className="chip-button">
          {t('grid.filterAll')}
        </button>
        {QUICK.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={quick === s}
            onClick={() => setQuick(quick === s ? '' : s)}
            className="chip-button"
            data-testid={`quick-${s}`}
          >
            {(DOC_BOX_STATUSES as readonly string[]).includes(s) ? t(`box.${s as (typeof DOC_BOX_STATUSES)[number]}`) : t(`state.${s as DocumentState}`)}
          </button>
        ))}
        <details className="column-chooser">
          <summary>{t('grid.columns')}</summary>
          <fieldset>
            <legend className="visually-hidden">{t('grid.columns')}</legend>
            {table.getAllLeafColumns().map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} data-testid={`colvis-${c.id}`} />
                {t(`col.${c.id}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        </details>
        <button type="button" onClick={() => exportView.mutate()} disabled={exportView.isPending || total === 0} data-testid="grid-export">
          {t('grid.export')}
        </button>
        <span className="grid-total" data-testid="grid-total" role="status">
          {t('grid.total', { total: formatNumber(total, locale) })}
        </span>
      </div>
      {exported ? <Notice>{exported}</Notice> : null}
      {exportView.data ? <ExportLocation filePath={exportView.data.filePath} testId="grid-export-file" /> : null}
      <ErrorBox error={firstPage.error ?? exportView.error} />
      {firstPage.isFetched && !firstPage.isPlaceholderData && total === 0 ? <Empty>{t('grid.empty')}</Empty> : null}
      <GridViewport
        q={q}
        first={firstPage.data}
        scrollRef={scrollRef}
        cols={cols}
        width={totalWidth}
        label={t('grid.caption')}
        renderCell={renderCell}
        onOpen={onOpenRow}
        header={
        <div role="rowgroup" className="grid-head" style={{ width: totalWidth }}>
          <div role="row" aria-rowindex={1} className="grid-row">
            {(table.getHeaderGroups()[0]?.headers ?? []).map((h) => {
              const c = h.column;
              const sorted = sort.id === c.id ? sort.dir : null;
              const label = flexRender(c.columnDef.header, h.getContext());
              return (
                <div
                  key={c.id}
                  role="columnheader"
                  className="grid-cell"
                  style={{ width: c.getSize() }}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                >
                  {SORTABLE.has(c.id) ? (
                    <button type="button" className="sort-button" onClick={() => toggleSort(c.id)} data-testid={`sort-${c.id}`}>
                      {label}
                      {sorted ? <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : ' ▼'}</span> : null}
                    </button>
                  ) : (
                    label
                  )}
                </div>
              );
            })}
          </div>
        </div>
        }
      />
      {open ? (
        <DocumentDrawer
          key={open.id}
          row={open}
          onOpenDocument={setOpen}
          onClose={() => {
            setOpen(null);
            // Back to where the keyboard user was.
            scrollRef.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
