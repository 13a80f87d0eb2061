import { App, Button, Flex } from 'antd';
import { useState } from 'react';
import type { CaseActionType } from '@gongzhi/contracts/vocabulary';
import { caseActionTypes } from '@gongzhi/contracts/vocabulary';
import { useErrorText } from '../components/errors.ts';
import { FormModal } from '../components/FormModal.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import type { Translate } from '../i18n/index.tsx';
import { ActionFields, IMMEDIATE_ACTIONS, toAction } from './ActionFields.tsx';
import type { ActionValues } from './ActionFields.tsx';
import { actOnCase } from './caseApi.ts';
import { leafPath } from './catalogue.ts';
import type { CaseView } from './caseApi.ts';

const PRIMARY: readonly CaseActionType[] = [
  'dispatch',
  'accept',
  'start',
  'reply',
  'arbitrate_return',
  'approve_extension',
  'record_callback',
];
const DANGER: readonly CaseActionType[] = ['return', 'withdraw', 'close'];

/** What the form recalls before the decision: the pending return or extension, the reply being checked. */
export function pendingText(t: Translate, theCase: CaseView, type: CaseActionType): string | undefined {
  if (type === 'arbitrate_return' && theCase.pendingReturn) return t('action.pendingReturn', { reason: theCase.pendingReturn.reason });
  if ((type === 'approve_extension' || type === 'reject_extension') && theCase.pendingExtension) {
    return t('action.pendingExtension', { days: theCase.pendingExtension.days, reason: theCase.pendingExtension.reason });
  }
  if (type === 'record_callback') {
    const reply = [...theCase.timeline].reverse().find((event) => event.type === 'case.replied');
    return typeof reply?.data.text === 'string' ? t('action.replyWas', { text: reply.data.text }) : undefined;
  }
  return undefined;
}

interface ActionModalProps {
  caseId: string;
  version?: number;
  type: CaseActionType | null;
  pending?: string;
  /** The case's category, offered again when a dispatcher dispatches it. */
  categoryCode?: string;
  onClose: () => void;
  onDone: (next: CaseView) => void;
}

/** One step's small form; a refusal (409 illegal_transition, version_conflict …) shows inside it, in words. */
export function ActionModal({ caseId, version, type, pending, categoryCode, onClose, onDone }: ActionModalProps) {
  const t = useT();
  const { tDynamic } = useLang();
  return (
    <FormModal<ActionValues>
      name={`action-${type ?? 'none'}`}
      open={type !== null}
      title={type ? tDynamic('caseAction', type) : ''}
      initial={type === 'dispatch' && categoryCode ? { category: leafPath(categoryCode) } : undefined}
      okText={t('action.submit')}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!type) return;
        onDone(await actOnCase(caseId, toAction(type, values), version));
      }}
    >
      {type && <ActionFields type={type} caseId={caseId} pending={pending} />}
    </FormModal>
  );
}

/** A button for each step this user may take now (allowedActions), in the order of the loop. */
export function CaseActions({ theCase, onChanged }: { theCase: CaseView; onChanged: (next: CaseView) => void }) {
  const t = useT();
  const { tDynamic } = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [open, setOpen] = useState<CaseActionType | null>(null);
  const [running, setRunning] = useState<CaseActionType | null>(null);
  const allowed = caseActionTypes.filter((type) => theCase.allowedActions.includes(type));

  const done = (type: CaseActionType, next: CaseView) => {
    setOpen(null);
    void message.success(t('action.done', { action: tDynamic('caseAction', type) }));
    onChanged(next);
  };

  const click = async (type: CaseActionType) => {
    if (!IMMEDIATE_ACTIONS.includes(type)) {
      setOpen(type);
      return;
    }
    setRunning(type);
    try {
      done(type, await actOnCase(theCase.id, toAction(type, {}), theCase.version));
    } catch (caught) {
      void message.error(errorText(caught));
    } finally {
      setRunning(null);
    }
  };

  if (allowed.length === 0) return null;
  return (
    <>
      <Flex gap={8} wrap data-testid="case-actions">
        {allowed.map((type) => (
          <Button
            key={type}
            type={PRIMARY.includes(type) ? 'primary' : 'default'}
            danger={DANGER.includes(type)}
            loading={running === type}
            data-testid={`action-${type}`}
            onClick={() => void click(type)}
          >
            {tDynamic('caseAction', type)}
          </Button>
        ))}
      </Flex>
      <ActionModal
        caseId={theCase.id}
        version={theCase.version}
        type={open}
        pending={open ? pendingText(t, theCase, open) : undefined}
        categoryCode={theCase.category?.code}
        onClose={() => setOpen(null)}
        onDone={(next) => open && done(open, next)}
      />
    </>
  );
}
