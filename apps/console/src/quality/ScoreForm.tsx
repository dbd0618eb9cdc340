import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { EvaluationAnswer, ScorecardCriterionInput, ScorecardSectionInput } from '@switchboard/contracts';
import { shownCriteria } from '@switchboard/domain';
import { useTranslation } from 'react-i18next';

/** Replaces (or adds) one criterion's answer. */
export function withAnswer(answers: EvaluationAnswer[], next: EvaluationAnswer): EvaluationAnswer[] {
  const rest = answers.filter((a) => a.criterion !== next.criterion);
  return [...rest, next];
}

/** Only the answers of shown criteria, with nothing empty: what is sent. */
export function cleanAnswers(sections: ScorecardSectionInput[], answers: EvaluationAnswer[]): EvaluationAnswer[] {
  const shown = shownCriteria(sections, answers);
  return answers
    .filter((a) => shown.has(a.criterion) && (a.na || a.value !== undefined || a.comment || a.eventId || a.messageId))
    .map((a) => ({
      criterion: a.criterion,
      ...(a.na ? { na: true } : a.value !== undefined ? { value: a.value } : {}),
      ...(a.comment ? { comment: a.comment } : {}),
      ...(a.eventId ? { eventId: a.eventId } : {}),
      ...(a.messageId ? { messageId: a.messageId } : {}),
    }));
}

interface ScoreFormProps {
  sections: ScorecardSectionInput[];
  answers: EvaluationAnswer[];
  onChange: (answers: EvaluationAnswer[]) => void;
  /** Evidence: the criterion being cited for, how to start and what a citation reads as. */
  citing?: string | null;
  onCite?: (criterion: string | null) => void;
  describeCitation?: (answer: EvaluationAnswer) => string | null;
}

/** A scorecard's criteria as inputs, hidden ones left out as the scoring rule leaves them out. */
export function ScoreForm({ sections, answers, onChange, citing, onCite, describeCitation }: ScoreFormProps) {
  const { t } = useTranslation();
  const byKey = new Map(answers.map((a) => [a.criterion, a]));
  const shown = shownCriteria(sections, answers);
  const set = (c: ScorecardCriterionInput, change: Partial<EvaluationAnswer>) => {
    const before = byKey.get(c.key) ?? { criterion: c.key };
    onChange(withAnswer(answers, { ...before, ...change, criterion: c.key }));
  };
  const valueOf = (a: EvaluationAnswer | undefined) => (a?.na ? 'na' : a?.value === undefined ? '' : String(a.value));
  const choose = (c: ScorecardCriterionInput, v: string) => {
    if (v === 'na') return set(c, { na: true, value: undefined });
    if (v === '') return set(c, { na: undefined, value: undefined });
    set(c, { na: undefined, value: c.type === 'scale' ? Number(v) : v });
  };
  return (
    <Stack gap="sm">
      {sections.map((s) => (
        <Paper key={s.key} withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            {s.title}
          </Title>
          <Stack gap="md">
            {s.criteria
              .filter((c) => shown.has(c.key))
              .map((c) => {
                const a = byKey.get(c.key);
                const na = c.allowNa ? [{ value: 'na', label: t('quality.form.na') }] : [];
                const citation = a && describeCitation?.(a);
                return (
                  <div key={c.key} data-criterion={c.key}>
                    <Group gap="xs" mb={4}>
                      <Text fw={500} id={`criterion-${c.key}`}>
                        {c.label}
                      </Text>
                      {c.critical && (
                        <Badge color="red" variant="light" title={t('quality.form.critical')}>
                          {t('quality.editor.critical')}
                        </Badge>
                      )}
                    </Group>
                    {c.type === 'choice' ? (
                      <NativeSelect
                        aria-labelledby={`criterion-${c.key}`}
                        value={valueOf(a)}
                        onChange={(e) => choose(c, e.currentTarget.value)}
                        data={[
                          { value: '', label: t('quality.form.choose') },
                          ...(c.options ?? []).map((o) => ({ value: o.value, label: o.value })),
                          ...na,
                        ]}
                      />
                    ) : (
                      <SegmentedControl
                        aria-labelledby={`criterion-${c.key}`}
                        value={valueOf(a)}
                        onChange={(v) => choose(c, v)}
                        data={[
                          ...(c.type === 'yes_no'
                            ? [
                                { value: 'yes', label: t('quality.form.yes') },
                                { value: 'no', label: t('quality.form.no') },
                              ]
                            : [1, 2, 3, 4, 5].map((v) => ({ value: String(v), label: String(v) }))),
                          ...na,
                        ]}
                      />
                    )}
                    <Textarea
                      mt={4}
                      autosize
                      minRows={1}
                      aria-label={t('quality.form.comment', { criterion: c.label })}
                      placeholder={t('quality.form.comment', { criterion: c.label })}
                      value={a?.comment ?? ''}
                      onChange={(e) => set(c, { comment: e.currentTarget.value || undefined })}
                    />
                    {onCite && (
                      <Group gap="xs" mt={4}>
                        {citation ? (
                          <Group gap={4} data-testid={`citation-${c.key}`}>
                            <Text size="sm">{t('quality.form.cites', { what: citation })}</Text>
                            <ActionIcon
                              size="sm"
                              variant="subtle"
                              aria-label={t('quality.form.removeCite')}
                              onClick={() => set(c, { eventId: undefined, messageId: undefined })}
                            >
                              ×
                            </ActionIcon>
                          </Group>
                        ) : (
                          <Button
                            size="compact-xs"
                            variant={citing === c.key ? 'filled' : 'light'}
                            onClick={() => onCite(citing === c.key ? null : c.key)}
                            aria-pressed={citing === c.key}
                          >
                            {citing === c.key ? t('quality.form.stopCiting') : t('quality.form.cite')}
                          </Button>
                        )}
                      </Group>
                    )}
                  </div>
                );
              })}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
