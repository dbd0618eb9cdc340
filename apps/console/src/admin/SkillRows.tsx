import { Button, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { NumberField, type NumberValue } from './NumberField.js';

/** One skill and a level (an agent's level, or a queue's minimum); `id` only keys the row. */
export interface SkillRow {
  id: number;
  skill: string;
  level: NumberValue;
}

let lastRowId = 0;
export const skillRow = (skill = '', level: NumberValue = 1): SkillRow => ({ id: ++lastRowId, skill, level });

interface SkillRowsProps {
  legend: string;
  /** "Level" for an agent, "Minimum level" for a queue. */
  levelLabel: string;
  rows: SkillRow[];
  onChange: (rows: SkillRow[]) => void;
  /** Skill keys already in use elsewhere, offered as the admin types (any new key is allowed). */
  suggestions: string[];
}

/** Rows of skill key + level 1–10, for a queue's required skills and an agent's skills. */
export function SkillRows({ legend, levelLabel, rows, onChange, suggestions }: SkillRowsProps) {
  const { t } = useTranslation();
  const listId = useId();
  const update = (id: number, change: Partial<SkillRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...change } : r)));
  return (
    <Fieldset legend={legend} variant="filled">
      <Stack gap="xs">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('admin.skills.none')}
          </Text>
        )}
        {rows.map((row, i) => (
          <Group key={row.id} gap="xs" align="flex-end" wrap="nowrap" data-testid="skill-row">
            <TextInput
              label={t('admin.skills.skill', { n: i + 1 })}
              required
              pattern="[a-z0-9][a-z0-9_\-]{0,63}"
              title={t('admin.keyRule')}
              list={listId}
              value={row.skill}
              onChange={(e) => update(row.id, { skill: e.currentTarget.value.trim().toLowerCase() })}
              flex={1}
            />
            <NumberField
              label={`${levelLabel} ${i + 1}`}
              required
              min={1}
              max={10}
              value={row.level}
              onChange={(level) => update(row.id, { level })}
              w={160}
            />
            <Button
              variant="default"
              aria-label={t('admin.skills.removeNamed', { n: i + 1 })}
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
            >
              {t('admin.remove')}
            </Button>
          </Group>
        ))}
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <Group>
          <Button variant="light" size="xs" onClick={() => onChange([...rows, skillRow()])}>
            {t('admin.skills.add')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

/** The rows as the API's list (the browser has refused empty fields already). */
export function skillsFrom(rows: SkillRow[]): { skill: string; level: number }[] {
  return rows.map((r) => ({ skill: r.skill, level: r.level === '' ? 1 : r.level }));
}

/** A skill named twice, which the API refuses: said before the form is sent. */
export function duplicateSkill(rows: SkillRow[]): string | null {
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.skill)) return r.skill;
    seen.add(r.skill);
  }
  return null;
}
