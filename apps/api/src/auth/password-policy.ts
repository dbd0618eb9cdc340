import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/** Shortest password a person may choose. */
export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score 3 of 4: "safely unguessable", against guessing at the rate our hashing allows. */
const MIN_SCORE = 3;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

/**
 * Why a new password will not do, or null. NIST SP 800-63B's rule: a minimum length and a check
 * against passwords people commonly choose (zxcvbn's dictionaries, keyboard patterns, repeats,
 * and the user's own name and e-mail); no composition rules.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s]+/)]).filter((s) => s.length >= 3);
  const result = zxcvbn.check(password, inputs);
  if (result.score < MIN_SCORE) {
    const hint = result.feedback.warning ? ` (${result.feedback.warning})` : '';
    return `is too easy to guess${hint}; a few unrelated words or a longer phrase work well`;
  }
  return null;
}
