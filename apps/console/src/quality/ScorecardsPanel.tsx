import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type {
  CriterionType,
  EvaluationAnswer,
  Scorecard,
  ScorecardCriterionInput,
  ScorecardRequest,
  ScorecardSectionInput,
} from '@switchboard/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { cleanAnswers, ScoreForm } from './ScoreForm.js';
import { previewScore, scorecardsQuery } from './queries.js';

/** A key from a label: lower-case letters and digits joined by "_", unique within `taken`. */
function keyOf(label: string, taken: Set<string>): string {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'item';
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}_${i}`;
  return key;
}

const optionsText = (c: ScorecardCriterionInput) => (c.options ?? []).map((o) => `${o.value}=${o.points}`).join(', ');
function parseOptions(text: string): { value: string; points: number }[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [value = '', points = '0'] = p.split('=').map((x) => x.trim());
      return { value, points: Number(points) || 0 };
    });
}

const blankCriterion = (key: string): ScorecardCriterionInput => ({ key, label: '', weight: 1, type: 'yes_no' });

/** Scorecards: the list, and an editor whose every save is a new version, with a live preview of the score. */
export function ScorecardsPanel({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const cards = useQuery(scorecardsQuery);
  const [editing, setEditing] = useState<{ id: string | null; form: ScorecardRequest } | null>(null);
  if (editing) return <ScorecardEditor {...editing} onDone={() => setEditing(null)} />;
  return (
    <Stack>
      {editable && (
        <Button
          w="fit-content"
          onClick={() =>
            setEditing({
              id: null,
              form: {
                name: '',
                sections: [{ key: 'section', title: '', weight: 1, criteria: [blankCriterion('criterion')] }],
              },
            })
          }
        >
          {t('quality.editor.new')}
        </Button>
      )}
      {cards.isError && <Alert color="red">{t('quality.error', { message: cards.error.message })}</Alert>}
      {cards.data && cards.data.length === 0 && <Text c="dimmed">{t('quality.none')}</Text>}
      {cards.data && cards.data.length > 0 && (
        <Table striped>
          <Table.Tbody>
            {cards.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{t('quality.editor.latest', { version: c.version })}</Table.Td>
                <Table.Td>
                  {editable && (
                    <Button
                      size="compact-sm"
                      variant="light"
                      onClick={() => setEditing({ id: c.id, form: { name: c.name, sections: c.sections } })}
                    >
                      {t('quality.editor.edit')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function ScorecardEditor({
  id,
  form: initial,
  onDone,
}: {
  id: string | null;
  form: ScorecardRequest;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<ScorecardRequest>(initial);
  const [answers, setAnswers] = useState<EvaluationAnswer[]>([]);
  const cards = useQuery(scorecardsQuery);
  const current: Scorecard | undefined = cards.data?.find((c) => c.id === id);
  const save = useMutation({
    mutationFn: () =>
      id ? api<Scorecard>('PUT', `/api/qa/scorecards/${id}`, form) : api<Scorecard>('POST', '/api/qa/scorecards', form),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['qa', 'scorecards'] });
      onDone();
    },
  });
  const keys = () => new Set(form.sections.flatMap((s) => [s.key, ...s.criteria.map((c) => c.key)]));
  const setSection = (i: number, change: Partial<ScorecardSectionInput>) =>
    setForm({ ...form, sections: form.sections.map((s, j) => (j === i ? { ...s, ...change } : s)) });
  const setCriterion = (i: number, k: number, change: Partial<ScorecardCriterionInput>) =>
    setSection(i, { criteria: form.sections[i]!.criteria.map((c, j) => (j === k ? { ...c, ...change } : c)) });
  const earlier = (i: number, k: number) => [
    ...form.sections.slice(0, i).flatMap((s) => s.criteria),
    ...form.sections[i]!.criteria.slice(0, k),
  ];
  const preview = previewScore(
    {
      id: 'preview',
      name: form.name,
      version: 0,
      latestVersion: 0,
      sections: form.sections,
      createdAt: '',
      updatedAt: '',
    },
    cleanAnswers(form.sections, answers),
  );

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <TextInput
            label={t('quality.editor.name')}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            required
          />
          {form.sections.map((s, i) => (
            <Paper key={i} withBorder p="sm">
              <Group align="end">
                <TextInput
                  label={t('quality.editor.sectionTitle')}
                  value={s.title}
                  onChange={(e) => {
                    const title = e.currentTarget.value;
                    setSection(i, {
                      title,
                      ...(id ? {} : { key: keyOf(title, new Set([...keys()].filter((x) => x !== s.key))) }),
                    });
                  }}
                />
                <NumberInput
                  w={90}
                  label={t('quality.editor.weight')}
                  min={0}
                  value={s.weight}
                  onChange={(v) => setSection(i, { weight: Number(v) || 0 })}
                />
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => setForm({ ...form, sections: form.sections.filter((_, j) => j !== i) })}
                >
                  {t('quality.editor.remove')}
                </Button>
              </Group>
              <Stack gap="xs" mt="sm">
                {s.criteria.map((c, k) => {
                  const before = earlier(i, k);
                  const cond = before.find((b) => b.key === c.showIf?.criterion);
                  return (
                    <Paper key={k} p="xs" bg="var(--mantine-color-default-hover)">
                      <Group align="end" wrap="wrap">
                        <TextInput
                          label={t('quality.editor.label')}
                          value={c.label}
                          onChange={(e) => {
                            const label = e.currentTarget.value;
                            setCriterion(i, k, {
                              label,
                              ...(id && current
                                ? {}
                                : { key: keyOf(label, new Set([...keys()].filter((x) => x !== c.key))) }),
                            });
                          }}
                        />
                        <NativeSelect
                          label={t('quality.editor.type')}
                          value={c.type}
                          onChange={(e) => {
                            const type = e.currentTarget.value as CriterionType;
                            setCriterion(i, k, {
                              type,
                              options:
                                type === 'choice'
                                  ? (c.options ?? parseOptions('full=2, partial=1, none=0'))
                                  : undefined,
                            });
                          }}
                          data={(['yes_no', 'scale', 'choice'] as const).map((v) => ({
                            value: v,
                            label: t(`quality.editor.types.${v}`),
                          }))}
                        />
                        <NumberInput
                          w={90}
                          label={t('quality.editor.weight')}
                          min={0}
                          value={c.weight}
                          onChange={(v) => setCriterion(i, k, { weight: Number(v) || 0 })}
                        />
                        <Checkbox
                          label={t('quality.editor.allowNa')}
                          checked={!!c.allowNa}
                          onChange={(e) => setCriterion(i, k, { allowNa: e.currentTarget.checked })}
                        />
                        <Checkbox
                          label={t('quality.editor.critical')}
                          checked={!!c.critical}
                          onChange={(e) => setCriterion(i, k, { critical: e.currentTarget.checked })}
                        />
                        <Button
                          variant="subtle"
                          color="red"
                          size="compact-sm"
                          onClick={() => setSection(i, { criteria: s.criteria.filter((_, j) => j !== k) })}
                        >
                          {t('quality.editor.remove')}
                        </Button>
                      </Group>
                      {c.type === 'choice' && (
                        <TextInput
                          mt={4}
                          label={t('quality.editor.options')}
                          defaultValue={optionsText(c)}
                          onBlur={(e) => setCriterion(i, k, { options: parseOptions(e.currentTarget.value) })}
                        />
                      )}
                      {before.length > 0 && (
                        <Group mt={4} gap="xs" align="end">
                          <NativeSelect
                            label={t('quality.editor.showIf')}
                            value={c.showIf?.criterion ?? ''}
                            onChange={(e) => {
                              const key = e.currentTarget.value;
                              const target = before.find((b) => b.key === key);
                              setCriterion(i, k, {
                                showIf: target
                                  ? {
                                      criterion: key,
                                      equals:
                                        target.type === 'yes_no'
                                          ? 'yes'
                                          : target.type === 'scale'
                                            ? 5
                                            : (target.options?.[0]?.value ?? ''),
                                    }
                                  : undefined,
                              });
                            }}
                            data={[
                              { value: '', label: t('quality.editor.always') },
                              ...before.map((b) => ({ value: b.key, label: b.label || b.key })),
                            ]}
                          />
                          {cond && c.showIf && (
                            <NativeSelect
                              label={t('quality.editor.equals')}
                              value={String(c.showIf.equals)}
                              onChange={(e) => {
                                const v = e.currentTarget.value;
                                setCriterion(i, k, {
                                  showIf: { criterion: cond.key, equals: cond.type === 'scale' ? Number(v) : v },
                                });
                              }}
                              data={
                                cond.type === 'yes_no'
                                  ? [
                                      { value: 'yes', label: t('quality.form.yes') },
                                      { value: 'no', label: t('quality.form.no') },
                                    ]
                                  : cond.type === 'scale'
                                    ? ['1', '2', '3', '4', '5']
                                    : (cond.options ?? []).map((o) => o.value)
                              }
                            />
                          )}
                        </Group>
                      )}
                    </Paper>
                  );
                })}
                <Button
                  variant="light"
                  size="compact-sm"
                  w="fit-content"
                  onClick={() =>
                    setSection(i, { criteria: [...s.criteria, blankCriterion(keyOf('criterion', keys()))] })
                  }
                >
                  {t('quality.editor.addCriterion')}
                </Button>
              </Stack>
            </Paper>
          ))}
          <Button
            variant="light"
            w="fit-content"
            onClick={() =>
              setForm({
                ...form,
                sections: [
                  ...form.sections,
                  {
                    key: keyOf('section', keys()),
                    title: '',
                    weight: 1,
                    criteria: [blankCriterion(keyOf('criterion', keys()))],
                  },
                ],
              })
            }
          >
            {t('quality.editor.addSection')}
          </Button>
          {id && <Text size="sm">{t('quality.editor.versionNote')}</Text>}
          {save.isError && (
            <Alert color="red" role="alert">
              {save.error.message}
            </Alert>
          )}
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              {id && current
                ? t('quality.editor.saveVersion', { version: current.version + 1 })
                : t('quality.editor.save')}
            </Button>
            <Button variant="default" onClick={onDone}>
              {t('quality.editor.cancel')}
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack>
          <Title order={2} size="h4">
            {t('quality.editor.preview')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('quality.editor.previewNote')}
          </Text>
          <ScoreForm sections={form.sections} answers={answers} onChange={setAnswers} />
          <Text data-testid="editor-preview">
            {t('quality.form.preview')}:{' '}
            <strong>
              {preview?.score === null || !preview
                ? t('quality.noScore')
                : t('quality.scoreValue', { score: preview.score.toLocaleString(i18n.language) })}
            </strong>
          </Text>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
