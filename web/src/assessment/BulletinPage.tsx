import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Input, List, Spin, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { bulletinPdfUrl, definitionsFor, fetchBulletin, lastMonth } from './assessmentApi.ts';
import { FigureLink, RankingTable } from './RankingTable.tsx';
import { useAsync } from './useAsync.ts';

/** 调度通报: a territory's month — figures (each linked to its cases), rankings, talks, open items, typical cases. */
export function BulletinPage() {
  const t = useT();
  const { lang, tDynamic } = useLang();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? lastMonth();
  const region = params.get('region') ?? undefined;
  const result = useAsync(`${period}|${region ?? ''}`, () => fetchBulletin(period, region));
  const b = result.data;
  return (
    <div>
      <PageHeader
        title={b ? t('bulletin.title', { region: b.region.name, period: b.period }) : t('nav.bulletin')}
        extra={
          <Flex gap={8}>
            <Input
              type="month"
              value={period}
              onChange={(e) => {
                if (!e.target.value) return;
                const next = new URLSearchParams(params);
                next.set('period', e.target.value);
                setParams(next, { replace: true });
              }}
              style={{ width: 170 }}
              aria-label={t('assessment.period')}
            />
            <Button icon={<DownloadOutlined />} href={bulletinPdfUrl(period, region)} data-testid="bulletin-pdf">
              {t('bulletin.pdf')}
            </Button>
          </Flex>
        }
      />
      {result.error !== undefined && <Alert type="error" showIcon title={errorText(result.error)} style={{ marginBottom: 16 }} />}
      {!b && result.loading && <Spin />}
      {b && (
        <Flex vertical gap={16} data-testid="bulletin">
          <Card size="small" title={`${t('bulletin.total')} · ${t('bulletin.replied', { count: b.total.counts.replied ?? 0 })}`}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
              {definitionsFor(b.definitions, b.total.kind).map((d) => (
                <Descriptions.Item key={d.key} label={lang === 'en' ? d.nameEn : d.nameZh}>
                  <FigureLink row={b.total} figureKey={d.key} ranking={b} />
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
          <Card size="small" title={t('bulletin.streets')}>
            <RankingTable ranking={b.streets} />
          </Card>
          <Card size="small" title={t('bulletin.departments')}>
            <RankingTable ranking={b.departments} />
          </Card>
          <Card size="small" title={t('bulletin.talks')}>
            <List
              size="small"
              locale={{ emptyText: t('talks.empty') }}
              dataSource={b.talks}
              renderItem={(talk) => (
                <List.Item>
                  <Typography.Text strong>{talk.subjectName}</Typography.Text>&nbsp;{talk.reason}&nbsp;
                  <Tag>{tDynamic('talks.status', talk.status)}</Tag>
                </List.Item>
              )}
            />
          </Card>
          {b.openItems.length > 0 && (
            <Card size="small" title={t('bulletin.openItems')}>
              <List
                size="small"
                dataSource={b.openItems}
                renderItem={(item) => (
                  <List.Item data-testid="open-item">
                    {item.subjectName}（{item.period}）：{item.text} · {item.owner}
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card size="small" title={t('bulletin.typical')}>
            <List
              size="small"
              dataSource={b.typicalCases}
              renderItem={(c) => (
                <List.Item>
                  <Link to={`/cases/${c.id}`}>{c.trackingCode}</Link>&nbsp;{c.unitName ?? ''}&nbsp;
                  {c.reopenCount > 0 && <Tag color="orange">{t('bulletin.reopened', { count: c.reopenCount })}</Tag>}
                  <Typography.Text type="secondary">{c.text}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Flex>
      )}
    </div>
  );
}
