import {
  Alert,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { CHANNELS, DEFAULT_CAPACITY } from '@switchboard/contracts';
import type {
  AgentResponse,
  Channel,
  CreateAgentRequest,
  QueueResponse,
  UpdateAgentRequest,
} from '@switchboard/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { NumberField, toNumber, type NumberValue } from './NumberField.js';
import { useAdminMutation } from './queries.js';
import { SkillRows, duplicateSkill, skillRow, skillsFrom, type SkillRow } from './SkillRows.js';
import { queueWarnings, warningLines } from './warnings.js';
import { DialogActions } from './DialogActions.js';

/** Most parallel contacts per channel the API accepts. */
const MAX_CAPACITY: Record<Channel, number> = { voice: 10, chat: 50, email: 50, web: 50 };

interface AgentDraft {
  name: string;
  email: string;
  password: string;
  queues: string[];
  skills: SkillRow[];
  capacity: Record<Channel, NumberValue>;
}

interface AgentFormProps {
  /** null: a new agent. */
  agent: AgentResponse | null;
  queues: QueueResponse[];
  skillSuggestions: string[];
  onClose: () => void;
}

/** An agent's name, queues, skills and capacity, with the queues they would not get work from. */
export function AgentForm({ agent, queues, skillSuggestions, onClose }: AgentFormProps) {
  const { t } = useTranslation();
  const inService = queues.filter((q) => !q.retiredAt);
  // Retired queues take no work and the API refuses them in the list: saving leaves them out.
  const retiredMemberships = (agent?.queues ?? []).filter((k) => !inService.some((q) => q.key === k));
  const [draft, setDraft] = useState<AgentDraft>(() => ({
    name: agent?.name ?? '',
    email: '',
    password: '',
    queues: (agent?.queues ?? []).filter((k) => !retiredMemberships.includes(k)),
    skills: (agent?.skills ?? []).map((s) => skillRow(s.skill, s.level)),
    capacity: { ...(agent?.capacity ?? DEFAULT_CAPACITY) },
  }));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useAdminMutation((d: AgentDraft) => {
    const profile: UpdateAgentRequest = {
      name: d.name.trim(),
      queues: d.queues,
      skills: skillsFrom(d.skills),
      capacity: Object.fromEntries(CHANNELS.map((c) => [c, toNumber(d.capacity[c])])),
    };
    if (agent) return api<AgentResponse>('PATCH', `/api/agents/${agent.id}`, profile);
    const body: CreateAgentRequest = {
      ...profile,
      name: d.name.trim(),
      email: d.email,
      password: d.password,
      queues: d.queues,
    };
    return api<AgentResponse>('POST', '/api/agents', body);
  });
  const warnings = warningLines(t, queueWarnings(inService, draft.queues, skillsFrom(draft.skills)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const twice = duplicateSkill(draft.skills);
    const next = twice
      ? t('admin.skills.twice', { skill: twice })
      : draft.queues.length === 0 && !agent
        ? t('admin.agents.queueNeeded')
        : null;
    setProblem(next);
    if (!next) save.mutate(draft, { onSuccess: onClose });
  };
  const toggleQueue = (key: string, on: boolean) =>
    setDraft((d) => ({ ...d, queues: on ? [...d.queues, key] : d.queues.filter((k) => k !== key) }));

  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('admin.close') }}
      opened
      onClose={onClose}
      size="xl"
      title={agent ? t('admin.agents.editTitle', { name: agent.name }) : t('admin.agents.newTitle')}
    >
      <form onSubmit={submit} data-testid="agent-form">
        <Stack>
          {warnings.length > 0 && (
            <Alert color="orange" title={t('admin.agents.warningTitle')} data-testid="agent-form-warnings">
              {warnings.map((w) => (
                <Text key={w} size="sm">
                  {w}
                </Text>
              ))}
            </Alert>
          )}
          <TextInput
            label={t('admin.users.name')}
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
          {!agent && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('admin.users.email')}
                type="email"
                required
                autoComplete="off"
                value={draft.email}
                onChange={(e) => setDraft({ ...draft, email: e.currentTarget.value })}
              />
              <PasswordInput
                visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
                label={t('admin.users.password')}
                description={t('password.hint')}
                required
                autoComplete="off"
                value={draft.password}
                onChange={(e) => setDraft({ ...draft, password: e.currentTarget.value })}
              />
            </SimpleGrid>
          )}
          <Fieldset legend={t('admin.agents.queues')} variant="filled">
            <Group gap="lg">
              {inService.map((q) => (
                <Checkbox
                  key={q.key}
                  label={`${q.name} (${q.key})`}
                  checked={draft.queues.includes(q.key)}
                  onChange={(e) => toggleQueue(q.key, e.currentTarget.checked)}
                />
              ))}
            </Group>
            {retiredMemberships.length > 0 && (
              <Text size="sm" mt="xs">
                {t('admin.agents.retiredLeftOut', { queues: retiredMemberships.join(', ') })}
              </Text>
            )}
          </Fieldset>
          <SkillRows
            legend={t('admin.agents.skills')}
            levelLabel={t('admin.skills.level')}
            rows={draft.skills}
            onChange={(skills) => setDraft({ ...draft, skills })}
            suggestions={skillSuggestions}
          />
          <Fieldset legend={t('admin.agents.capacity')} variant="filled">
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {CHANNELS.map((c) => (
                <NumberField
                  key={c}
                  label={t('admin.agents.capacityOf', { channel: t(`channels.${c}`) })}
                  required
                  min={0}
                  max={MAX_CAPACITY[c]}
                  value={draft.capacity[c]}
                  onChange={(v) => setDraft({ ...draft, capacity: { ...draft.capacity, [c]: v } })}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
          <DialogActions
            error={problem ?? save.error?.message}
            busy={save.isPending}
            submitLabel={agent ? t('common.save') : t('admin.agents.create')}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
