import type { EmailLanguage, EmailTemplate } from '@switchboard/contracts';

/** What a template may name: `{{customerName}}`, `{{ticketNumber}}` (SB-10482), `{{subject}}`, `{{queueName}}`. */
export const TEMPLATE_PLACEHOLDERS = ['customerName', 'ticketNumber', 'subject', 'queueName'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const SUBJECT_MAX = 200;
const BODY_MAX = 5000;
/** `{{name}}` or `{{ name }}`. Names hold no brace, so a match never runs past the next `{{`. */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const KNOWN = new Set<string>(TEMPLATE_PLACEHOLDERS);

/**
 * The mail a customer gets when their e-mail opens a ticket, where the queue has not written its
 * own: we have the message, here is its reference, and answering this mail adds to the same ticket.
 * The subject ends in the reference, so the customer's answer ("Re: …") finds its ticket.
 */
export const DEFAULT_ACKNOWLEDGEMENT: Record<EmailLanguage, EmailTemplate> = {
  en: {
    subject: 'We have received your message: {{subject}} [{{ticketNumber}}]',
    body: [
      'Hello {{customerName}},',
      '',
      'Thank you for writing to us. We have received your message and our {{queueName}} team will get back to you as soon as possible.',
      '',
      'Your reference is {{ticketNumber}}. If you would like to add anything, simply reply to this e-mail and please keep the reference in the subject line.',
      '',
      'Kind regards,',
      'The {{queueName}} team',
    ].join('\n'),
  },
  tr: {
    subject: 'Mesajınızı aldık: {{subject}} [{{ticketNumber}}]',
    body: [
      'Merhaba {{customerName}},',
      '',
      'Bize yazdığınız için teşekkür ederiz. Mesajınız bize ulaştı; {{queueName}} ekibimiz size en kısa sürede dönüş yapacak.',
      '',
      'Talep numaranız: {{ticketNumber}}. Eklemek istediğiniz bir şey olursa bu e-postayı yanıtlamanız yeterli; lütfen konu satırındaki talep numarasını silmeyin.',
      '',
      'Saygılarımızla,',
      '{{queueName}} Ekibi',
    ].join('\n'),
  },
  fa: {
    subject: 'پیام شما دریافت شد: {{subject}} [{{ticketNumber}}]',
    body: [
      'سلام {{customerName}} گرامی،',
      '',
      'از اینکه با ما تماس گرفتید سپاسگزاریم. پیام شما به دست ما رسید و همکاران ما در بخش {{queueName}} در اسرع وقت به آن رسیدگی خواهند کرد.',
      '',
      'شماره پیگیری شما {{ticketNumber}} است. اگر مطلبی برای افزودن دارید، کافی است به همین ایمیل پاسخ دهید؛ لطفاً شماره پیگیری را در موضوع ایمیل نگه دارید.',
      '',
      'با احترام،',
      'بخش {{queueName}}',
    ].join('\n'),
  },
};

/**
 * Fills `{{name}}` (spaces inside the braces allowed) with its value, taken as text: a value is not
 * read for placeholders or `$` patterns. A placeholder without a value stays as written, so a
 * mistake shows in the mail rather than vanishing from it.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (written, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : written,
  );
}

/**
 * What is wrong with a template a queue saves, each as a sentence for a 400 answer; empty when it
 * is fine. The subject is one line of at most 200 characters, the body at most 5,000, and only the
 * {@link TEMPLATE_PLACEHOLDERS} may be named.
 */
export function templateProblems(template: EmailTemplate): string[] {
  const problems: string[] = [];
  const { subject, body } = template;
  if (subject.trim() === '') problems.push('The subject is empty.');
  else if (characters(subject, SUBJECT_MAX) > SUBJECT_MAX) {
    problems.push(`The subject is longer than ${SUBJECT_MAX} characters.`);
  }
  if (subject.includes('\n') || subject.includes('\r')) problems.push('The subject contains a line break.');
  if (body.trim() === '') problems.push('The body is empty.');
  else if (characters(body, BODY_MAX) > BODY_MAX) problems.push(`The body is longer than ${BODY_MAX} characters.`);
  for (const [field, text] of [
    ['subject', subject],
    ['body', body],
  ] as const) {
    for (const name of unknownPlaceholders(text)) {
      problems.push(
        `The ${field} names an unknown placeholder {{${name}}}; the known ones are ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`,
      );
    }
  }
  return problems;
}

function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) if (!KNOWN.has(match[1]!)) unknown.add(match[1]!);
  return [...unknown];
}

/** Characters (code points, as a person counts them) up to just past `limit`. */
function characters(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  let count = 0;
  for (const _ of text) if (++count > limit) break;
  return count;
}
