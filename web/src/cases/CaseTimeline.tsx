import { Timeline, Typography } from 'antd';
import type { TimelineProps } from 'antd';
import { formatDateTime } from '../components/format.ts';
import { useLang, useT } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/index.tsx';
import type { CaseEventView } from './caseApi.ts';
import { eventDetails } from './caseText.ts';

// The server names its own steps in Chinese; these read in the user's language.
const SYSTEM_ACTORS: Record<string, MessageKey> = {
  自动派单: 'actor.autoDispatch',
  时限监控: 'actor.deadlineWatch',
  '居民（短信链接）': 'actor.residentLink',
};

const COLORS: Record<string, string> = {
  'case.returned': 'red',
  'case.overdue': 'red',
  'case.first_contact_overdue': 'red',
  'case.due_soon': 'orange',
  'case.escalated': 'orange',
  'case.suspended': 'gray',
  'case.replied': 'green',
  'case.closed': 'green',
  'case.callback_recorded': 'green',
  'case.withdrawn': 'gray',
  'case.merged': 'gray',
};

/** Who did what, when and why: every step of the case, oldest first. */
export function CaseTimeline({ events }: { events: readonly CaseEventView[] }) {
  const t = useT();
  const { tDynamic } = useLang();
  const actorText = (event: CaseEventView) => {
    // a resident without an account takes in their own case
    const name = event.actor.name ?? t(event.type === 'case.received' ? 'actor.resident' : 'actor.system');
    const shown = event.actor.accountId === null && SYSTEM_ACTORS[name] ? t(SYSTEM_ACTORS[name]) : name;
    return event.actor.unitName ? `${shown} · ${event.actor.unitName}` : shown;
  };
  const items: NonNullable<TimelineProps['items']> = events.map((event) => ({
    key: event.seq,
    color: COLORS[event.type] ?? 'blue',
    content: (
      <div data-testid="timeline-event" data-type={event.type}>
        <Typography.Text strong>{tDynamic('caseEvent', event.type.replace(/^case\./, ''))}</Typography.Text>
        <Typography.Text type="secondary" className="gz-timeline-meta">
          {formatDateTime(event.at)} · {actorText(event)}
        </Typography.Text>
        {eventDetails(t, tDynamic, event).map((line) => (
          <div key={line} className="gz-timeline-detail">
            {line}
          </div>
        ))}
      </div>
    ),
  }));
  return <Timeline items={items} data-testid="case-timeline" />;
}
