import { Alert, Button, Flex, Input, Select, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { CaseStatus } from '@gongzhi/contracts/vocabulary';
import { caseStatuses } from '@gongzhi/contracts/vocabulary';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { FIGURE_FILTERS, type DueFilter } from './caseApi.ts';
import { CaseTable } from './CaseTable.tsx';
import { usePagedCases } from './usePagedCases.ts';

const PAGE = 30;
const DUE_FILTERS: readonly DueFilter[] = ['overdue', 'due_soon'];

/** 工单查询 (every case in the user's scope) or 我的诉求 (a resident's own), filtered in the URL, paged by cursor. */
export function CaseSearchPage({ view }: { view: 'all' | 'mine' }) {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const status = (caseStatuses as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as CaseStatus)
    : undefined;
  // `due` is the page's own select; `dueState` is the API's name, as a figure's link may carry it.
  const dueParam = params.get('due') ?? params.get('dueState') ?? '';
  const dueState = (DUE_FILTERS as readonly string[]).includes(dueParam) ? (dueParam as DueFilter) : undefined;
  const q = params.get('q') ?? undefined;
  // Filters from a figure's link (unit or territory, period, callback answers, category, channel, state).
  const fromFigure = Object.fromEntries(FIGURE_FILTERS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : [])));
  const list = usePagedCases({ view, status, dueState, q, limit: PAGE, ...fromFigure });

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'due') next.delete('dueState');
    setParams(next, { replace: true });
  };

  return (
    <div>
      <PageHeader title={t(view === 'mine' ? 'search.titleMine' : 'search.title')} />
      <Flex className="gz-toolbar" gap={8} wrap>
        <Input.Search
          key={q ?? ''}
          allowClear
          defaultValue={q}
          placeholder={t('search.placeholder')}
          onSearch={(value) => set('q', value.trim() || undefined)}
          style={{ width: 300 }}
          data-testid="search-q"
        />
        <Select<CaseStatus>
          allowClear
          value={status}
          placeholder={t('search.status')}
          onChange={(value) => set('status', value)}
          options={caseStatuses.map((value) => ({ value, label: tDynamic('caseStatus', value) }))}
          style={{ width: 160 }}
          data-testid="search-status"
        />
        <Select<DueFilter>
          allowClear
          value={dueState}
          placeholder={t('search.due')}
          onChange={(value) => set('due', value)}
          options={DUE_FILTERS.map((value) => ({ value, label: tDynamic('dueState', value) }))}
          style={{ width: 140 }}
          data-testid="search-due"
        />
        {Object.keys(fromFigure).length > 0 && (
          <Tag closable onClose={() => setParams(new URLSearchParams(), { replace: true })} data-testid="figure-filter">
            {t('search.fromFigure')}
          </Tag>
        )}
        {(status || dueState || q) && (
          <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>{t('common.reset')}</Button>
        )}
      </Flex>
      {list.error !== undefined && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
      <CaseTable data-testid="search-table" items={list.items} loading={list.loading} />
      <Flex justify="center" align="center" gap={16} style={{ marginTop: 16 }}>
        <Typography.Text type="secondary" data-testid="search-shown">
          {t('audit.shown', { count: list.items.length })}
        </Typography.Text>
        {list.hasMore && (
          <Button onClick={list.more} loading={list.loading} data-testid="search-more">
            {t('common.loadMore')}
          </Button>
        )}
      </Flex>
    </div>
  );
}
