import { Alert, Badge, Button, Grid, Group, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import type { EvaluationAnswer, EvaluationDetail, MessagePage, Scorecard, TicketRecord } from '@switchboard/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { Timeline } from '../history/Timeline.js';
import { cleanAnswers, ScoreForm } from './ScoreForm.js';
import { calibrationQuery } from './CalibrationPanel.js';
import { evaluationQuery, evaluationsQuery, previewScore, scorecardsQuery } from './queries.js';

const clip = (text: string, n = 60) => (text.length > n ? `${text.slice(0, n)}…` : text);

/**
 * Scoring a resolved ticket: the scorecard beside the ticket's whole timeline and transcript.
 * Each answer may cite a message or an event (pick "Cite evidence", then click it in the
 * timeline); drafts save as the reviewer goes; the score previews live by the server's rule.
 * With `:id/rescore`, the same screen answers a dispute with a new version.
 */
export default function EvaluatePage() {
  const { t, i18n } = useTranslation();
  const params = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { session } = useAuth();
  const rescoring = params.evaluationId ?? null;
  // Blind scoring in a calibration session: its scorecard version, never shown to the agent.
  const calibrationId = useSearchParams()[0].get('calibration');
  const calibration = useQuery({ ...calibrationQuery(calibrationId ?? ''), enabled: calibrationId !== null });
  const calibrationCard = useQuery({
    queryKey: ['qa', 'scorecard', calibration.data?.scorecardId, calibration.data?.scorecardVersion],
    queryFn: () =>
      api<Scorecard>(
        'GET',
        `/api/qa/scorecards/${calibration.data!.scorecardId}?version=${calibration.data!.scorecardVersion}`,
      ),
    enabled: !!calibration.data,
  });
  const existing = useQuery({ ...evaluationQuery(rescoring ?? ''), enabled: rescoring !== null });
  const ticketId = params.ticketId ?? existing.data?.ticketId;

  const ticket = useQuery({
    queryKey: ['ticket', ticketId],
    queryFn: () => api<TicketRecord>('GET', `/api/tickets/${ticketId}`),
    enabled: !!ticketId,
  });
  const messages = useQuery({
    queryKey: ['ticket', ticketId, 'messages', 'all'],
    queryFn: () => api<MessagePage>('GET', `/api/tickets/${ticketId}/messages?limit=200`),
    enabled: !!ticketId,
  });
  const cards = useQuery(scorecardsQuery);
  const drafts = useQuery({
    ...evaluationsQuery({ ticketId, status: 'draft', ...(calibrationId ? { calibration: 'true' as const } : {}) }),
    enabled: !!ticketId && !rescoring,
  });
  const myDraft =
    drafts.data?.items.find((d) => d.reviewerId === session?.user.id && d.calibrationId === calibrationId) ?? null;
  const draftDetail = useQuery({ ...evaluationQuery(myDraft?.id ?? ''), enabled: !!myDraft });

  const [cardId, setCardId] = useState<string | null>(null);
  const [answers, setAnswers] = useState<EvaluationAnswer[]>([]);
  // The draft's id as soon as it exists (a ref: the save in flight and the submit read it at once).
  const draftId = useRef<string | null>(null);
  const inFlight = useRef<Promise<unknown> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [citing, setCiting] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);
  const loaded = useRef(false);

  // Start from the draft (or the disputed evaluation) once it is known.
  const start: EvaluationDetail | undefined = rescoring ? existing.data : draftDetail.data;
  useEffect(() => {
    if (loaded.current || !start) return;
    loaded.current = true;
    setAnswers(start.answers);
    if (!rescoring) draftId.current = start.id;
  }, [start, rescoring]);

  const scorecard: Scorecard | undefined =
    start?.scorecard ??
    calibrationCard.data ??
    (calibrationId ? undefined : (cards.data?.find((c) => c.id === cardId) ?? cards.data?.[0]));
  const preview = scorecard ? previewScore(scorecard, cleanAnswers(scorecard.sections, answers)) : null;

  // Drafts save as the reviewer goes: a second after the last change.
  const changed = useRef(false);
  const save = useMutation({
    mutationFn: async (submit: boolean) => {
      if (!scorecard || !ticketId) return null;
      const body = cleanAnswers(scorecard.sections, answers);
      if (rescoring)
        return api<EvaluationDetail>('POST', `/api/qa/evaluations/${rescoring}/rescore`, {
          answers: body,
          ...(note ? { note } : {}),
        });
      if (draftId.current)
        return api<EvaluationDetail>('PUT', `/api/qa/evaluations/${draftId.current}`, { answers: body, submit });
      return api<EvaluationDetail>('POST', '/api/qa/evaluations', {
        ticketId,
        scorecardId: scorecard.id,
        answers: body,
        submit,
        ...(calibrationId ? { calibrationId } : {}),
      });
    },
  });
  // Runs on a change of the answers only (the save reads the rest when it fires).
  useEffect(() => {
    if (rescoring || !changed.current || !scorecard) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setSaveState('saving');
      // One save at a time: the next waits for the one in flight, so a slow first save (the
      // POST that makes the draft) is never followed by a second POST making another.
      inFlight.current = (inFlight.current ?? Promise.resolve())
        .then(() => save.mutateAsync(false))
        .then(
          (saved) => {
            if (saved) draftId.current = saved.id;
            setSaveState('saved');
            setError(null);
          },
          (e: Error) => {
            setSaveState('idle');
            setError(e.message);
          },
        );
    }, 1000);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [answers]);

  if (ticket.isError) return <Alert color="red">{t('quality.error', { message: ticket.error.message })}</Alert>;
  if (
    !ticket.data ||
    !messages.data ||
    !cards.data ||
    (rescoring && !existing.data) ||
    (calibrationId && !calibrationCard.data)
  )
    return <Text>{t('quality.loading')}</Text>;
  if (!scorecard) return <Alert color="yellow">{t('quality.none')}</Alert>;

  const change = (next: EvaluationAnswer[]) => {
    changed.current = true;
    setAnswers(next);
  };
  const cite = (ref: { eventId?: string; messageId?: string }) => {
    if (!citing) return;
    const before = answers.find((a) => a.criterion === citing) ?? { criterion: citing };
    change([
      ...answers.filter((a) => a.criterion !== citing),
      { ...before, eventId: ref.eventId, messageId: ref.messageId },
    ]);
    setCiting(null);
  };
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' });
  const describe = (a: EvaluationAnswer): string | null => {
    if (a.messageId) {
      const m = messages.data.items.find((x) => x.id === a.messageId);
      return m ? `${m.author.name}: “${clip(m.body)}”` : t('quality.detail.cited');
    }
    if (a.eventId) {
      const e = ticket.data.events.find((x) => x.id === a.eventId);
      return e ? `${t(`events.${e.type}`)} ${time.format(new Date(e.at))}` : t('quality.detail.cited');
    }
    return null;
  };
  const submit = async () => {
    setError(null);
    // A save still waiting or running first, so the submit goes to the draft it makes.
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    await inFlight.current;
    try {
      const saved = await save.mutateAsync(true);
      if (!saved) return;
      await client.invalidateQueries({ queryKey: ['qa'] });
      navigate(calibrationId ? `/quality/calibrations/${calibrationId}` : `/quality/evaluations/${saved.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const citingLabel = citing
    ? scorecard.sections.flatMap((s) => s.criteria).find((c) => c.key === citing)?.label
    : null;

  return (
    <Stack>
      <Title order={1} size="h2">
        {rescoring
          ? t('quality.form.rescoreTitle', { reference: ticket.data.reference })
          : t('quality.form.title', { reference: ticket.data.reference })}{' '}
        <Text span c="dimmed" inherit dir="auto">
          {ticket.data.subject}
        </Text>
      </Title>
      {rescoring && existing.data?.dispute && (
        <Alert color="orange">{t('quality.form.disputeReason', { reason: existing.data.dispute.reason })}</Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {t('quality.timeline.title')}
            </Title>
            {citingLabel && (
              <Alert color="blue" mb="sm" role="status">
                {t('quality.form.citing', { criterion: citingLabel })}
              </Alert>
            )}
            <Timeline ticket={ticket.data} onCite={citing ? cite : undefined} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            {!start && !calibrationId && cards.data.length > 1 && (
              <NativeSelect
                label={t('quality.form.pick')}
                value={scorecard.id}
                onChange={(e) => setCardId(e.currentTarget.value)}
                data={cards.data.map((c) => ({ value: c.id, label: c.name }))}
              />
            )}
            <Text size="sm" c="dimmed">
              {scorecard.name} · {t('quality.version', { version: scorecard.version })}
            </Text>
            <ScoreForm
              sections={scorecard.sections}
              answers={answers}
              onChange={change}
              citing={citing}
              onCite={setCiting}
              describeCitation={describe}
            />
            {rescoring && (
              <Textarea
                label={t('quality.form.rescoreNote')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
            )}
            <Paper withBorder p="sm">
              <Group justify="space-between">
                <Text data-testid="score-preview">
                  {t('quality.form.preview')}:{' '}
                  <strong>
                    {preview?.score === null || preview === null
                      ? t('quality.noScore')
                      : t('quality.scoreValue', { score: preview.score.toLocaleString(i18n.language) })}
                  </strong>
                  {preview?.autoFailed && (
                    <Badge ms="xs" color="red">
                      {t('quality.autoFailed')}
                    </Badge>
                  )}
                </Text>
                <Text size="sm" c="dimmed" role="status">
                  {saveState === 'saving'
                    ? t('quality.form.saving')
                    : saveState === 'saved'
                      ? t('quality.form.saved')
                      : ''}
                </Text>
              </Group>
            </Paper>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button onClick={() => void submit()} loading={save.isPending && saveState !== 'saving'}>
              {rescoring ? t('quality.form.submitRescore') : t('quality.form.submit')}
            </Button>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
