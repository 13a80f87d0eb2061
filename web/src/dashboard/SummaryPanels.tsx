import { Progress, Skeleton } from 'antd';
import { useLang, useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';
import { Change, CountLink } from './CountLink.tsx';
import type { Better } from './CountLink.tsx';
import type { DashboardCount, DashboardSummary } from './dashboardApi.ts';
import { countChange, formatRate, rateChange } from './format.ts';

interface Tile {
  key: string;
  label: MessageKey;
  count: DashboardCount;
  tone: 'blue' | 'cyan' | 'green' | 'orange' | 'red' | 'purple';
}

/** Today's flows and the cases open now: the first thing a leader reads. */
export function KpiStrip({ summary }: { summary: DashboardSummary | undefined }) {
  if (!summary) return <Skeleton active paragraph={{ rows: 1 }} className="gz-kpis-loading" />;
  const tiles: Tile[] = [
    { key: 'today-received', label: 'dash.today.received', count: summary.today.received, tone: 'blue' },
    { key: 'today-replied', label: 'dash.today.replied', count: summary.today.replied, tone: 'green' },
    { key: 'today-closed', label: 'dash.today.closed', count: summary.today.closed, tone: 'cyan' },
    { key: 'now-open', label: 'dash.now.open', count: summary.now.open, tone: 'purple' },
    { key: 'now-dueSoon', label: 'dash.now.dueSoon', count: summary.now.dueSoon, tone: 'orange' },
    { key: 'now-overdue', label: 'dash.now.overdue', count: summary.now.overdue, tone: 'red' },
  ];
  return (
    <div className="gz-kpis" data-testid="dash-kpis">
      {tiles.map((tile) => (
        <KpiTile key={tile.key} tile={tile} />
      ))}
    </div>
  );
}

function KpiTile({ tile }: { tile: Tile }) {
  const t = useT();
  return (
    <div className={`gz-kpi gz-kpi-${tile.tone}`} data-testid={`kpi-${tile.key}`}>
      <div className="gz-kpi-label">{t(tile.label)}</div>
      <div className="gz-kpi-value">
        <CountLink count={tile.count} />
        <span className="gz-kpi-unit">{t('dash.unitCases')}</span>
      </div>
    </div>
  );
}

const RATE_COLORS = { response: '#1e5bb8', resolution: '#13a8a8', satisfaction: '#52c41a', onTime: '#fa8c16' } as const;

/** The period's 三率 (and 按时办结率), each against the period before, and the period's intake and replies. */
export function RatesPanel({ summary, large }: { summary: DashboardSummary | undefined; large?: boolean }) {
  const t = useT();
  const { lang } = useLang();
  if (!summary) return <Skeleton active />;
  const compared = t('dash.compared', { from: summary.period.previousFrom, to: summary.period.previousTo });
  const flows: { key: 'received' | 'replied'; better: Better }[] = [
    { key: 'received', better: 'neither' },
    { key: 'replied', better: 'up' },
  ];
  return (
    <div className="gz-rates" data-testid="dash-rates">
      <div className="gz-rate-grid">
        {summary.rates.map((rate) => (
          <div key={rate.key} className="gz-rate" data-testid={`rate-${rate.key}`}>
            <Progress
              type="circle"
              status="normal"
              percent={rate.value === null ? 0 : Math.round(rate.value * 1000) / 10}
              size={large ? 112 : 84}
              strokeWidth={large ? 9 : 8}
              strokeColor={RATE_COLORS[rate.key]}
              format={() => <CountLink count={{ value: rate.value, cases: rate.cases }}>{formatRate(rate.value)}</CountLink>}
            />
            <div className="gz-rate-name">{t(`dash.rate.${rate.key}`)}</div>
            <div className="gz-rate-of">
              {t('dash.rateOf', { numerator: rate.numerator.toLocaleString(lang), denominator: rate.denominator.toLocaleString(lang) })}
            </div>
            <Change change={rateChange(rate.value, rate.previous)} unit="pt" better="up" compared={compared} />
          </div>
        ))}
      </div>
      <div className="gz-flows">
        {flows.map(({ key, better }) => {
          const count = summary.counts[key];
          return (
            <div key={key} className="gz-flow" data-testid={`flow-${key}`}>
              <span className="gz-flow-label">{t(`dash.counts.${key}`)}</span>
              <CountLink count={count} className="gz-flow-value" />
              <Change change={countChange(count.value, count.previous)} unit="%" better={better} compared={compared} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
