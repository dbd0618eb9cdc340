import { Anchor, Button, Group, Text } from '@mantine/core';
import type { MessageAttachment } from '@switchboard/contracts';
import { messageParts } from '@switchboard/domain';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileUrl } from '../api.js';

/** A message as text with safe links (libs/domain's messageParts): nothing else is markup. */
export function MessageText({ text }: { text: string }) {
  return (
    <Text dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {messageParts(text).map((part, i) =>
        'href' in part ? (
          <Anchor key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </Anchor>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </Text>
  );
}

/**
 * Saves a file the API serves behind the bearer token (an attachment, a raw mail) under `name`:
 * fetched with the session's token, then handed to the browser as an object URL.
 */
export async function downloadFile(path: string, name: string): Promise<void> {
  const url = await fileUrl(path);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file on a message: opened (images) or downloaded from the API with the session's token. */
export function AttachmentLink({ attachment }: { attachment: MessageAttachment }) {
  const { t, i18n } = useTranslation();
  const [failed, setFailed] = useState(false);
  const size = new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
  const open = () =>
    void downloadFile(`/api/attachments/${attachment.id}`, attachment.name).catch(() => setFailed(true));
  return (
    <Group gap={6} data-testid="attachment">
      <Button variant="subtle" size="compact-sm" onClick={open}>
        📎 <span dir="auto">{attachment.name}</span>
      </Button>
      <Text size="xs" c="dimmed">
        {size.format(Math.max(1, Math.round(attachment.size / 1024)))}
      </Text>
      {failed && (
        <Text size="xs" c="red" role="alert">
          {t('conversation.fileFailed')}
        </Text>
      )}
    </Group>
  );
}
