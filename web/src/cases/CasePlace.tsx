import { Card, Descriptions, Empty } from 'antd';
import { useMe } from '../auth/session.tsx';
import { useT } from '../i18n/index.tsx';
import { fetchChildShapes } from './caseApi.ts';
import type { CaseView } from './caseApi.ts';
import { PlaceMap } from './PlaceMap.tsx';

/** Where: the address, the regions that hold the point, and the point on its street's map. */
export function CasePlace({ theCase }: { theCase: CaseView }) {
  const t = useT();
  const me = useMe();
  const street = theCase.regions.find((region) => region.level === 'street');
  const district = theCase.regions.find((region) => region.level === 'district');
  const mapRoot = street?.code ?? district?.code ?? me.city.code;
  const community = theCase.regions.find((region) => region.level === 'community');
  return (
    <Card size="small" title={t('case.place')}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('case.address')}>{theCase.address ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('case.regions')}>
          <span data-testid="case-regions">{theCase.regions.map((region) => region.name).join(' / ') || t('case.notLocated')}</span>
        </Descriptions.Item>
      </Descriptions>
      {theCase.location ? (
        <PlaceMap
          rootCode={mapRoot}
          loadShapes={fetchChildShapes}
          value={theCase.location}
          highlight={street ? community?.name : undefined}
          height={280}
          data-testid="case-map"
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.noPoint')} />
      )}
    </Card>
  );
}
