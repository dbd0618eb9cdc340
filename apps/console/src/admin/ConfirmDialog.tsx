import { Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DialogActions } from './DialogActions.js';

interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  /** A destructive change is red. */
  danger?: boolean;
  busy: boolean;
  /** The server's refusal (a 409 says why), shown in the dialog so the admin can read it. */
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** Asks before a change that cannot simply be taken back (it signs someone out, moves work). */
export function ConfirmDialog({
  title,
  confirmLabel,
  danger,
  busy,
  error,
  onConfirm,
  onClose,
  children,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal closeButtonProps={{ 'aria-label': t('admin.close') }} opened onClose={onClose} title={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <Stack>
          {children}
          <DialogActions error={error} busy={busy} submitLabel={confirmLabel} onCancel={onClose} danger={danger} />
        </Stack>
      </form>
    </Modal>
  );
}
