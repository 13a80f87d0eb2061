import { Tag } from 'antd';
import type { WhistleStatus } from '@gongzhi/contracts/vocabulary';
import { useLang, useT } from '../i18n/index.tsx';
import type { WhistleAttendance } from './whistleApi.ts';

export function WhistleStatusTag({ status }: { status: WhistleStatus }) {
  const { tDynamic } = useLang();
  return (
    <Tag color={status === 'open' ? 'red' : 'default'} data-testid="whistle-status" data-status={status}>
      {tDynamic('whistleStatus', status)}
    </Tag>
  );
}

/** Lateness of one department: on time, minutes late (running before arrival), or not yet due. */
export function LatenessTag({ attendance }: { attendance: WhistleAttendance }) {
  const t = useT();
  if (attendance.lateMinutes !== null && attendance.lateMinutes > 0) {
    return <Tag color="red">{t('attendance.lateMinutes', { minutes: attendance.lateMinutes })}</Tag>;
  }
  if (attendance.arrivedAt) return <Tag color="green">{t('attendance.onTime')}</Tag>;
  return <Tag>{t('attendance.waiting')}</Tag>;
}
