import { CalendarOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Popover, Segmented } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { PERIOD_PRESETS, cityToday, presetOf, presetRange } from './period.ts';
import type { DayRange, PeriodPreset } from './period.ts';

/** Today, this week, this month (the default), the last 30 days, or any range of days. */
export function PeriodPicker({ value, onChange }: { value: Partial<DayRange>; onChange: (range: DayRange | undefined) => void }) {
  const t = useT();
  const preset = presetOf(value);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<DayRange>(() => ({ from: value.from ?? presetRange('month').from, to: value.to ?? cityToday() }));
  const valid = draft.from !== '' && draft.to !== '' && draft.from <= draft.to;

  const custom = (
    <Flex vertical gap={8} style={{ width: 220 }} data-testid="period-custom">
      <Input
        type="date"
        aria-label={t('dash.period.from')}
        value={draft.from}
        max={draft.to}
        onChange={(e) => setDraft({ ...draft, from: e.target.value })}
      />
      <Input
        type="date"
        aria-label={t('dash.period.to')}
        value={draft.to}
        min={draft.from}
        max={cityToday()}
        onChange={(e) => setDraft({ ...draft, to: e.target.value })}
      />
      <Button
        type="primary"
        disabled={!valid}
        onClick={() => {
          setOpen(false);
          onChange(draft);
        }}
      >
        {t('dash.period.apply')}
      </Button>
    </Flex>
  );

  return (
    <Flex align="center" gap={8} wrap className="gz-period" data-testid="period">
      <Segmented<PeriodPreset | 'custom'>
        value={preset}
        options={[...PERIOD_PRESETS, 'custom' as const].map((key) => ({
          value: key,
          label:
            key === 'custom' ? (
              <span>
                <CalendarOutlined /> {t('dash.period.custom')}
              </span>
            ) : (
              t(`dash.period.${key}`)
            ),
        }))}
        onChange={(key) => {
          if (key === 'custom') {
            setOpen(true);
            return;
          }
          onChange(key === 'month' ? undefined : presetRange(key));
        }}
      />
      <Popover open={open} onOpenChange={setOpen} trigger="click" content={custom} placement="bottomRight">
        <span className="gz-period-range" onClick={() => setOpen(true)}>
          {t('dash.periodRange', { from: value.from ?? presetRange('month').from, to: value.to ?? cityToday() })}
        </span>
      </Popover>
    </Flex>
  );
}
