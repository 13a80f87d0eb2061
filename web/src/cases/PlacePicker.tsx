import { AimOutlined, CloseOutlined, EnvironmentFilled } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useErrorText } from '../components/errors.ts';
import { useT } from '../i18n/index.tsx';
import type { GeoFeatureCollection } from '../types.ts';
import { wgs84ToGcj02 } from './geometry.ts';
import { PlaceMap } from './PlaceMap.tsx';
import type { LngLat } from './PlaceMap.tsx';

interface PlacePickerProps {
  rootCode: string;
  loadShapes: (code: string) => Promise<GeoFeatureCollection>;
  value: LngLat | null;
  onChange: (point: LngLat | null) => void;
  /** Names the regions holding the point (staff); absent on the resident's page. */
  describe?: (point: LngLat) => Promise<string>;
  /** Offers the device's own position (a phone). */
  offerDevicePosition?: boolean;
  height?: number;
}

/** A point set by a click on the city's map (or the device's position), with the regions that hold it. */
export function PlacePicker({ rootCode, loadShapes, value, onChange, describe, offerDevicePosition, height }: PlacePickerProps) {
  const t = useT();
  const errorText = useErrorText();
  const [described, setDescribed] = useState<{ key: string; text: string; error?: boolean } | null>(null);
  const [locating, setLocating] = useState(false);
  const key = value ? `${value.lng},${value.lat}` : '';

  useEffect(() => {
    if (!value || !describe) return;
    let current = true;
    describe(value).then(
      (text) => current && setDescribed({ key, text }),
      (error: unknown) => current && setDescribed({ key, text: errorText(error), error: true }),
    );
    return () => {
      current = false;
    };
    // the key names the point
  }, [key]);

  const takeDevicePosition = () => {
    if (!navigator.geolocation) return;
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange(wgs84ToGcj02(position.coords.longitude, position.coords.latitude));
      },
      () => setLocating(false),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const shown = described?.key === key ? described : null;
  return (
    <Flex vertical gap={8}>
      <Flex align="center" gap={8} wrap className="gz-place-line" data-testid="place-line">
        <EnvironmentFilled style={{ color: value ? '#c8161e' : '#bfc6d1' }} />
        {value ? (
          <>
            <Typography.Text className="gz-mono">
              {value.lng.toFixed(6)}, {value.lat.toFixed(6)}
            </Typography.Text>
            {shown && (
              <Typography.Text type={shown.error ? 'danger' : undefined} data-testid="place-regions">
                {shown.text}
              </Typography.Text>
            )}
            <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => onChange(null)} aria-label={t('place.clear')} />
          </>
        ) : (
          <Typography.Text type="secondary">{t('place.none')}</Typography.Text>
        )}
        {offerDevicePosition && typeof navigator !== 'undefined' && 'geolocation' in navigator && (
          <Button size="small" icon={<AimOutlined />} loading={locating} onClick={takeDevicePosition}>
            {t('place.useDevice')}
          </Button>
        )}
      </Flex>
      <PlaceMap
        rootCode={rootCode}
        loadShapes={loadShapes}
        value={value}
        onPick={onChange}
        drillable
        height={height}
        data-testid="place-map"
      />
    </Flex>
  );
}
