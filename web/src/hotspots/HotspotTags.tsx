import { Tag } from 'antd';
import type { HotspotKind, HotspotStatus } from '@gongzhi/contracts/vocabulary';
import { useLang } from '../i18n/index.tsx';

const KIND_COLORS: Record<HotspotKind, string> = { rise: 'red', place: 'orange', person: 'purple', text: 'blue' };
const STATUS_COLORS: Record<HotspotStatus, string> = { new: 'red', acknowledged: 'gold', dismissed: 'default', converted: 'green' };

export function HotspotKindTag({ kind }: { kind: HotspotKind }) {
  const { tDynamic } = useLang();
  return <Tag color={KIND_COLORS[kind]}>{tDynamic('hotspot.kind', kind)}</Tag>;
}

export function HotspotStatusTag({ status }: { status: HotspotStatus }) {
  const { tDynamic } = useLang();
  return <Tag color={STATUS_COLORS[status]}>{tDynamic('hotspot.status', status)}</Tag>;
}
