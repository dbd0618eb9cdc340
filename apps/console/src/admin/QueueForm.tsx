import { Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { ROUTING_STRATEGIES } from '@switchboard/contracts';
import type { EmailLanguage, QueueResponse, RoutingStrategy, UpdateQueueRequest } from '@switchboard/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { LANGUAGES } from '../i18n.js';
import { NumberField, toNumber, type NumberValue } from './NumberField.js';
import { OverflowRows, overflowFrom, overflowRow, type OverflowRow } from './OverflowRows.js';
import { useAdminMutation } from './queries.js';
import { SkillRows, duplicateSkill, skillRow, type SkillRow } from './SkillRows.js';
import { DialogActions } from './DialogActions.js';
import {
  QueueEmailSettings,
  emailDraftOf,
  emailSettingsOf,
  halfTemplate,
  splitEmailError,
  type EmailDraft,
} from './QueueEmailSettings.js';

interface QueueDraft {
  key: string;
  name: string;
  thresholdSeconds: NumberValue;
  targetPercent: NumberValue;
  offerTimeoutSeconds: NumberValue;
  wrapUpSeconds: NumberValue;
  strategy: RoutingStrategy;
  basePriority: NumberValue;
  requiredSkills: SkillRow[];
  overflow: OverflowRow[];
  email: EmailDraft;
}

function draftOf(queue: QueueResponse | null): QueueDraft {
  return {
    key: queue?.key ?? '',
    name: queue?.name ?? '',
    thresholdSeconds: queue?.serviceLevel.thresholdSeconds ?? 20,
    targetPercent: queue?.serviceLevel.targetPercent ?? 80,
    offerTimeoutSeconds: queue?.offerTimeoutSeconds ?? 20,
    wrapUpSeconds: queue?.wrapUpSeconds ?? 30,
    strategy: queue?.strategy ?? 'longest-idle',
    basePriority: queue?.basePriority ?? 0,
    requiredSkills: (queue?.requiredSkills ?? []).map((s) => skillRow(s.skill, s.minLevel)),
    overflow: (queue?.overflow ?? []).map(overflowRow),
    email: emailDraftOf(queue?.email, queue?.emailAcknowledgement),
  };
}

/** What both POST and PATCH take: everything but the key, which never changes. */
function settingsOf(d: QueueDraft, queue: QueueResponse | null): UpdateQueueRequest {
  return {
    name: d.name.trim(),
    serviceLevel: { thresholdSeconds: toNumber(d.thresholdSeconds, 1), targetPercent: toNumber(d.targetPercent, 80) },
    offerTimeoutSeconds: toNumber(d.offerTimeoutSeconds, 20),
    wrapUpSeconds: toNumber(d.wrapUpSeconds),
    strategy: d.strategy,
    basePriority: toNumber(d.basePriority),
    requiredSkills: d.requiredSkills.map((r) => ({ skill: r.skill, minLevel: toNumber(r.level, 1) })),
    overflow: overflowFrom(d.overflow),
    ...emailSettingsOf(d.email, queue && emailDraftOf(queue.email, queue.emailAcknowledgement)),
  };
}

interface QueueFormProps {
  /** null: a new queue. */
  queue: QueueResponse | null;
  queues: QueueResponse[];
  skillSuggestions: string[];
  onClose: () => void;
}

/** Every setting of a queue; lists (skills, overflow) are sent whole and replace the old ones. */
export function QueueForm({ queue, queues, skillSuggestions, onClose }: QueueFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => draftOf(queue));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useAdminMutation(({ key, settings }: { key: string; settings: UpdateQueueRequest }) =>
    queue
      ? api<QueueResponse>('PATCH', `/api/queues/${encodeURIComponent(queue.key)}`, settings)
      : api<QueueResponse>('POST', '/api/queues', { key, ...settings }),
  );
  const set = <K extends keyof QueueDraft>(key: K, value: QueueDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const num = (
    key: 'thresholdSeconds' | 'targetPercent' | 'offerTimeoutSeconds' | 'wrapUpSeconds' | 'basePriority',
  ) => ({
    value: draft[key],
    onChange: (value: NumberValue) => set(key, value),
    required: true,
  });
  const targets = queues.filter((q) => !q.retiredAt && q.key !== queue?.key).map((q) => q.key);

  // The template tab shown: a half-written template is shown to the admin when they save.
  const [language, setLanguage] = useState<EmailLanguage>('en');
  const saveError = splitEmailError(save.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const twice = duplicateSkill(draft.requiredSkills);
    const half = draft.email.acknowledge ? halfTemplate(draft.email) : null;
    if (half) setLanguage(half);
    setProblem(
      twice
        ? t('admin.skills.twice', { skill: twice })
        : half
          ? t('admin.email.halfTemplate', { language: LANGUAGES.find((l) => l.code === half)?.label ?? half })
          : null,
    );
    if (!twice && !half) save.mutate({ key: draft.key, settings: settingsOf(draft, queue) }, { onSuccess: onClose });
  };

  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('admin.close') }}
      opened
      onClose={onClose}
      size="xl"
      title={queue ? t('admin.queues.editTitle', { key: queue.key }) : t('admin.queues.newTitle')}
    >
      <form onSubmit={submit} data-testid="queue-form">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('admin.queues.key')}
              description={t('admin.keyRule')}
              required
              disabled={queue !== null}
              pattern="[a-z0-9][a-z0-9_\-]{0,63}"
              value={draft.key}
              onChange={(e) => set('key', e.currentTarget.value.trim().toLowerCase())}
            />
            <TextInput
              label={t('admin.queues.name')}
              required
              maxLength={200}
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
            />
            <NumberField label={t('admin.queues.threshold')} min={1} max={86_400} {...num('thresholdSeconds')} />
            <NumberField label={t('admin.queues.target')} min={1} max={100} {...num('targetPercent')} />
            <NumberField label={t('admin.queues.offerTimeout')} min={5} max={600} {...num('offerTimeoutSeconds')} />
            <NumberField
              label={t('admin.queues.wrapUp')}
              description={t('admin.queues.wrapUpHint')}
              min={0}
              max={3600}
              {...num('wrapUpSeconds')}
            />
            <NativeSelect
              label={t('admin.queues.strategy')}
              value={draft.strategy}
              onChange={(e) => set('strategy', e.currentTarget.value as RoutingStrategy)}
              data={ROUTING_STRATEGIES.map((s) => ({ value: s, label: t(`admin.strategies.${s}`) }))}
            />
            <NumberField
              label={t('admin.queues.basePriority')}
              description={t('admin.queues.basePriorityHint')}
              min={-1000}
              max={1000}
              {...num('basePriority')}
            />
          </SimpleGrid>
          <SkillRows
            legend={t('admin.queues.requiredSkills')}
            levelLabel={t('admin.skills.minLevel')}
            rows={draft.requiredSkills}
            onChange={(rows) => set('requiredSkills', rows)}
            suggestions={skillSuggestions}
          />
          <OverflowRows rows={draft.overflow} onChange={(rows) => set('overflow', rows)} targets={targets} />
          <QueueEmailSettings
            draft={draft.email}
            onChange={(email) => {
              // The API's word on the address is about the one it was given.
              if (email.address !== draft.email.address && saveError.address) save.reset();
              set('email', email);
            }}
            addressError={saveError.address}
            language={language}
            onLanguage={setLanguage}
          />
          <DialogActions
            error={problem ?? saveError.rest}
            busy={save.isPending}
            submitLabel={queue ? t('common.save') : t('admin.queues.create')}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
