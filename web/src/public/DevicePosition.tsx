import { AimOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { wgs84ToGcj02 } from '../cases/geometry.ts';
import type { LngLat } from '../cases/PlaceMap.tsx';

/** The phone's own position as the case's point (converted to the map datum the city uses). */
export function DevicePosition({ point, onChange }: { point: LngLat | null; onChange: (point: LngLat | null) => void }) {
  const t = useT();
  const [locating, setLocating] = useState(false);
  const [failed, setFailed] = useState(false);
  const supported = typeof navigator !== 'undefined' && 'geolocation' in navigator;

  const locate = () => {
    setLocating(true);
    setFailed(false);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange(wgs84ToGcj02(position.coords.longitude, position.coords.latitude));
      },
      () => {
        setLocating(false);
        setFailed(true);
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  if (!supported) return <Typography.Text type="secondary">{t('place.addressOnly')}</Typography.Text>;
  return (
    <Flex align="center" gap={8} wrap>
      <Button icon={<AimOutlined />} loading={locating} onClick={locate}>
        {t('place.useDevice')}
      </Button>
      {point && (
        <>
          <Typography.Text className="gz-mono">
            {point.lng.toFixed(5)}, {point.lat.toFixed(5)}
          </Typography.Text>
          <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('place.clear')} onClick={() => onChange(null)} />
        </>
      )}
      {failed && <Typography.Text type="warning">{t('place.deviceFailed')}</Typography.Text>}
    </Flex>
  );
}
