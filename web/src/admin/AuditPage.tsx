import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Result, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { highestRole } from '../auth/roles.ts';
import { useMe } from '../auth/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { AUDIT_ENTITY_TYPES } from '../types.ts';
import type { AuditChainReport, AuditEntry } from '../types.ts';

const PAGE = 100;

// by the first part of the action: what it acts on
const ACTION_COLORS: Record<string, string> = {
  auth: 'blue',
  account: 'geekblue',
  unit: 'purple',
  region: 'green',
  apikey: 'gold',
  city: 'volcano',
  demo: 'volcano',
};

interface Log {
  items: AuditEntry[];
  /** The last page was full, so older entries may remain. */
  more: boolean;
  loading: boolean;
  error?: unknown;
}

/** Compact JSON of an entry's detail; an empty object reads as nothing. */
function compactDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'object' && Object.keys(detail).length === 0) return '';
  return JSON.stringify(detail);
}

export function AuditPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const me = useMe();
  const [entityType, setEntityType] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const [log, setLog] = useState<Log>({ items: [], more: false, loading: true });
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<AuditChainReport | { error: unknown } | null>(null);
  // answers for an older filter are dropped
  const request = useRef(0);

  const fetchPage = (beforeSeq?: number) => api.get<{ items: AuditEntry[] }>('/api/audit', { limit: PAGE, entityType, beforeSeq });

  useEffect(() => {
    const id = ++request.current;
    setLog({ items: [], more: false, loading: true });
    fetchPage().then(
      (page) => id === request.current && setLog({ items: page.items, more: page.items.length === PAGE, loading: false }),
      (error: unknown) => id === request.current && setLog({ items: [], more: false, loading: false, error }),
    );
    // fetchPage reads entityType, which is in the key
  }, [entityType, generation]);

  const loadMore = () => {
    const oldest = Math.min(...log.items.map((entry) => entry.seq));
    const id = request.current;
    setLog((previous) => ({ ...previous, loading: true }));
    fetchPage(oldest).then(
      (page) =>
        id === request.current &&
        setLog((previous) => ({ items: [...previous.items, ...page.items], more: page.items.length === PAGE, loading: false })),
      (error: unknown) => id === request.current && setLog((previous) => ({ ...previous, loading: false, error })),
    );
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setReport(await api.get<AuditChainReport>('/api/audit/verify'));
    } catch (error) {
      setReport({ error });
    } finally {
      setVerifying(false);
    }
  };

  const forbidden = log.error instanceof ApiError && log.error.status === 403;
  const actorName = (actorId: string | null) => {
    if (actorId === null) return <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>;
    if (actorId === me.account.id) return me.account.displayName;
    return (
      <Tooltip title={actorId}>
        <Typography.Text className="gz-mono">{actorId.slice(0, 8)}…</Typography.Text>
      </Tooltip>
    );
  };

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'seq', title: t('audit.seq'), dataIndex: 'seq', width: 80, align: 'right' },
    { key: 'at', title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at) },
    {
      key: 'action',
      title: t('audit.action'),
      dataIndex: 'action',
      width: 160,
      render: (action: string) => (
        <Tag color={action === 'auth.login_failed' ? 'red' : ACTION_COLORS[action.split('.')[0] ?? '']} title={action}>
          {tDynamic('auditAction', action)}
        </Tag>
      ),
    },
    {
      key: 'entity',
      title: t('audit.entity'),
      width: 250,
      render: (_, entry) => (
        <Space size={6}>
          <span>{tDynamic('entityType', entry.entityType)}</span>
          {entry.entityId && (
            <Typography.Text className="gz-mono" type="secondary" ellipsis={{ tooltip: entry.entityId }} style={{ maxWidth: 150 }}>
              {entry.entityId}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'actor', title: t('audit.actor'), dataIndex: 'actorId', width: 130, render: actorName },
    {
      key: 'detail',
      title: t('audit.detail'),
      dataIndex: 'detail',
      ellipsis: { showTitle: false },
      render: (detail: unknown) => {
        const text = compactDetail(detail);
        if (!text) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
        return (
          <Tooltip title={<span className="gz-mono">{text}</span>} placement="topLeft">
            <span className="gz-mono gz-audit-detail">{text}</span>
          </Tooltip>
        );
      },
    },
  ];

  const verifyResult = () => {
    if (!report) return null;
    if ('error' in report) {
      return <Alert type="error" showIcon title={errorText(report.error)} data-testid="audit-verify-result" className="gz-audit-verify" />;
    }
    if (report.ok) {
      return (
        <Alert
          type="success"
          showIcon
          title={t('audit.chainOk', { count: report.checked })}
          data-testid="audit-verify-result"
          className="gz-audit-verify"
          closable={{ afterClose: () => setReport(null) }}
        />
      );
    }
    return (
      <Alert
        type="error"
        showIcon
        title={t('audit.chainBroken', { seq: report.firstBroken?.seq ?? '?' })}
        description={t('audit.chainBrokenDetail', { reason: report.firstBroken?.reason ?? '', count: report.checked })}
        data-testid="audit-verify-result"
        className="gz-audit-verify"
      />
    );
  };

  if (forbidden) {
    const role = highestRole(me);
    return (
      <div>
        <PageHeader title={t('audit.title')} />
        <Card>
          <Result
            status="403"
            title={t('audit.cityWideOnly')}
            subTitle={role ? t('audit.yourScope', { region: role.region.name }) : undefined}
            data-testid="audit-forbidden"
          />
        </Card>
      </div>
    );
  }

  return (
    <div>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
            {t('audit.verify')}
          </Button>
        }
      />
      {verifyResult()}
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select<string>
            data-testid="audit-entity-filter"
            value={entityType}
            onChange={setEntityType}
            placeholder={t('audit.filterEntity')}
            allowClear
            style={{ width: 200 }}
            options={AUDIT_ENTITY_TYPES.map((value) => ({ value, label: tDynamic('entityType', value) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => setGeneration((value) => value + 1)}>
            {t('audit.refresh')}
          </Button>
          <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }}>
            {t('audit.intro')}
          </Typography.Text>
        </Flex>
        {log.error !== undefined && <Alert type="error" showIcon title={errorText(log.error)} style={{ marginBottom: 16 }} />}
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="seq"
          size="middle"
          loading={log.loading}
          columns={columns}
          dataSource={log.items}
          pagination={false}
          tableLayout="fixed"
          expandable={{
            expandedRowRender: (entry) => (
              <Descriptions
                size="small"
                column={1}
                styles={{ label: { width: 120 } }}
                items={[
                  { key: 'action', label: t('audit.actionCode'), children: <span className="gz-mono">{entry.action}</span> },
                  {
                    key: 'actor',
                    label: t('audit.actorId'),
                    children: <span className="gz-mono">{entry.actorId ?? t('audit.system')}</span>,
                  },
                  {
                    key: 'detail',
                    label: t('audit.detail'),
                    children: <pre className="gz-code">{JSON.stringify(entry.detail, null, 2)}</pre>,
                  },
                  { key: 'hash', label: t('audit.hash'), children: <span className="gz-mono">{entry.hash}</span> },
                  { key: 'prevHash', label: t('audit.prevHash'), children: <span className="gz-mono">{entry.prevHash}</span> },
                ]}
              />
            ),
          }}
        />
        <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary" data-testid="audit-shown">
            {t('audit.shown', { count: log.items.length })}
          </Typography.Text>
          {log.more && (
            <Button onClick={loadMore} loading={log.loading} data-testid="audit-more">
              {t('audit.loadMore')}
            </Button>
          )}
        </Flex>
      </Card>
    </div>
  );
}
