import type { Shape } from '../en.js';

/**
 * Strings of the account screens (and the roles and channels the admin area names too): loaded
 * with those screens' chunks, not with the desk.
 */
export const accountEn = {
  roles: { agent: 'Agent', supervisor: 'Supervisor', qa: 'QA reviewer', admin: 'Admin', integration: 'Integration' },
  channels: { voice: 'Voice', chat: 'Chat', email: 'E-mail', web: 'Web' },
  password: {
    toggle: 'Show or hide the password',
    current: 'Current password',
    given: 'Password you were given',
    new: 'New password',
    repeat: 'New password again',
    hint: 'At least 10 characters. A few unrelated words or a longer phrase work well.',
    mismatch: 'The two new passwords are not the same.',
    change: 'Change password',
    changed: 'Your password is changed. Your other sessions have ended; this one stays signed in.',
    forcedTitle: 'Choose your own password',
    forcedIntro:
      'Welcome, {{name}}. An administrator set the password you signed in with: choose your own to continue.',
    forcedSubmit: 'Save and continue',
  },
  account: {
    title: 'Your account',
    name: 'Name',
    email: 'E-mail',
    role: 'Role',
    passwordTitle: 'Change your password',
  },
};

export type AccountMessages = Shape<typeof accountEn>;
