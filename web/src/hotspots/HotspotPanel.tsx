import { FireOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Flex, List, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useT } from '../i18n/index.tsx';
import { listHotspots, placeOf } from './hotspotApi.ts';
import { useHotspotFigure } from './HotspotsPage.tsx';
import { HotspotKindTag } from './HotspotTags.tsx';

/** The dashboard's panel: the territory's top new hotspots, each opening on the hotspots page. */
export function HotspotPanel({ regionPath, limit = 5 }: { regionPath: string | undefined; limit?: number }) {
  const t = useT();
  const errorText = useErrorText();
  const figure = useHotspotFigure();
  const list = useApi(regionPath ? `hotspots:panel:${regionPath}` : null, () => listHotspots({ region: regionPath, status: 'new', limit }));
  const more = `/hotspots${regionPath ? `?region=${encodeURIComponent(regionPath)}` : ''}`;
  return (
    <Card
      size="small"
      className="gz-dash-hotspots"
      data-testid="dash-hotspots"
      title={
        <Flex align="center" gap={8}>
          <FireOutlined style={{ color: '#c8161e' }} />
          <span>{t('hotspot.panelTitle')}</span>
        </Flex>
      }
      extra={<Link to={more}>{t('hotspot.panelMore')}</Link>}
      style={{ marginBottom: 16 }}
    >
      {list.error !== undefined && <Alert type="error" showIcon title={errorText(list.error)} />}
      {list.data && list.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hotspot.panelEmpty')} />
      ) : (
        <List
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          renderItem={(h) => (
            <List.Item extra={<Typography.Text type="secondary">{h.score.toFixed(1)}</Typography.Text>}>
              <Flex align="center" gap={8} style={{ minWidth: 0 }}>
                <HotspotKindTag kind={h.kind} />
                <Link to={`/hotspots?id=${h.id}`} data-testid="dash-hotspot-link">
                  {placeOf(h) || h.regionPath}
                </Link>
                <Typography.Text type="secondary">{figure(h)}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
