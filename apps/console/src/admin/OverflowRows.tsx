import { Button, Fieldset, Group, NativeSelect, Stack, Text } from '@mantine/core';
import type { OverflowTarget } from '@switchboard/contracts';
import { useTranslation } from 'react-i18next';
import { NumberField, toNumber, type NumberValue } from './NumberField.js';

/** One widening step: after so long, move to another queue or accept lower skill levels. */
export interface OverflowRow {
  id: number;
  afterSeconds: NumberValue;
  kind: 'queue' | 'relax';
  queue: string;
  relaxBy: NumberValue;
}

let lastRowId = 0;
export function overflowRow(step?: OverflowTarget): OverflowRow {
  return {
    id: ++lastRowId,
    afterSeconds: step?.afterSeconds ?? 60,
    kind: step?.queue ? 'queue' : step ? 'relax' : 'queue',
    queue: step?.queue ?? '',
    relaxBy: step?.relaxSkillLevelsBy ?? 1,
  };
}

export const overflowFrom = (rows: OverflowRow[]): OverflowTarget[] =>
  rows.map((r) =>
    r.kind === 'queue'
      ? { afterSeconds: toNumber(r.afterSeconds, 1), queue: r.queue }
      : { afterSeconds: toNumber(r.afterSeconds, 1), relaxSkillLevelsBy: toNumber(r.relaxBy, 1) },
  );

interface OverflowRowsProps {
  rows: OverflowRow[];
  onChange: (rows: OverflowRow[]) => void;
  /** Queues a ticket may overflow to (in service, not this one). */
  targets: string[];
}

/** The queue's overflow steps in order, each measured from the ticket's age in the queue. */
export function OverflowRows({ rows, onChange, targets }: OverflowRowsProps) {
  const { t } = useTranslation();
  const update = (id: number, change: Partial<OverflowRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...change } : r)));
  return (
    <Fieldset legend={t('admin.overflow.legend')} variant="filled">
      <Stack gap="xs">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('admin.overflow.none')}
          </Text>
        )}
        {rows.map((row, i) => {
          const n = i + 1;
          return (
            <Group key={row.id} gap="xs" align="flex-end" wrap="wrap" data-testid="overflow-row">
              <NumberField
                label={t('admin.overflow.after', { n })}
                required
                min={1}
                max={86_400}
                value={row.afterSeconds}
                onChange={(afterSeconds) => update(row.id, { afterSeconds })}
                w={150}
              />
              <NativeSelect
                label={t('admin.overflow.kind', { n })}
                value={row.kind}
                onChange={(e) => update(row.id, { kind: e.currentTarget.value as OverflowRow['kind'] })}
                data={[
                  { value: 'queue', label: t('admin.overflow.toQueue') },
                  { value: 'relax', label: t('admin.overflow.relax') },
                ]}
              />
              {row.kind === 'queue' ? (
                <NativeSelect
                  label={t('admin.overflow.queue', { n })}
                  required
                  value={row.queue}
                  onChange={(e) => update(row.id, { queue: e.currentTarget.value })}
                  data={[{ value: '', label: t('common.none') }, ...targets]}
                />
              ) : (
                <NumberField
                  label={t('admin.overflow.relaxBy', { n })}
                  required
                  min={1}
                  max={9}
                  value={row.relaxBy}
                  onChange={(relaxBy) => update(row.id, { relaxBy })}
                  w={150}
                />
              )}
              <Button
                variant="default"
                aria-label={t('admin.overflow.removeNamed', { n })}
                onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
              >
                {t('admin.remove')}
              </Button>
            </Group>
          );
        })}
        <Group>
          <Button variant="light" size="xs" onClick={() => onChange([...rows, overflowRow()])}>
            {t('admin.overflow.add')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
