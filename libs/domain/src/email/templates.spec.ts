import { EMAIL_LANGUAGES } from '@switchboard/contracts';
import { DEFAULT_ACKNOWLEDGEMENT, TEMPLATE_PLACEHOLDERS, renderTemplate, templateProblems } from './templates.js';

const values = {
  customerName: 'Ayşe Yılmaz',
  ticketNumber: 'SB-10482',
  subject: 'Order 4711',
  queueName: 'Complaints',
};
const KNOWN = '{{customerName}}, {{ticketNumber}}, {{subject}}, {{queueName}}';

describe('renderTemplate', () => {
  it.each([
    ['Hello {{customerName}},', 'Hello Ayşe Yılmaz,'],
    ['{{ ticketNumber }} / {{subject}}', 'SB-10482 / Order 4711'],
    ['{{queueName}}{{queueName}}', 'ComplaintsComplaints'],
    ['{{unknown}} and {{customerName}}', '{{unknown}} and Ayşe Yılmaz'],
    ['{{constructor}} is no value', '{{constructor}} is no value'],
    ['{{ customer name }} stays', '{{ customer name }} stays'],
    ['{single} {{{customerName}}}', '{single} {Ayşe Yılmaz}'],
  ])('%s', (template, expected) => {
    expect(renderTemplate(template, values)).toBe(expected);
  });

  it('takes values as text: no placeholders or $ patterns in them', () => {
    expect(renderTemplate('{{customerName}} / {{subject}}', { customerName: '{{subject}}', subject: "$& $' $1" })).toBe(
      "{{subject}} / $& $' $1",
    );
  });
});

describe('templateProblems', () => {
  it.each([
    ['a good template', { subject: 'Re: {{subject}} [{{ticketNumber}}]', body: 'Hello {{customerName}}' }, []],
    ['an empty subject', { subject: '  ', body: 'Hi' }, ['The subject is empty.']],
    ['a long subject', { subject: 'x'.repeat(201), body: 'Hi' }, ['The subject is longer than 200 characters.']],
    ['200 characters are fine, counted as a person counts them', { subject: '😀'.repeat(200), body: 'Hi' }, []],
    [
      'a line break in the subject',
      { subject: 'Hello\r\nBcc: x@y.test', body: 'Hi' },
      ['The subject contains a line break.'],
    ],
    ['an empty body', { subject: 'Hi', body: '\n\n' }, ['The body is empty.']],
    ['a long body', { subject: 'Hi', body: 'x'.repeat(5001) }, ['The body is longer than 5000 characters.']],
    [
      'unknown placeholders, once each',
      { subject: '{{ticket}}', body: '{{name}} {{ name }} {{customerName}}' },
      [
        `The subject names an unknown placeholder {{ticket}}; the known ones are ${KNOWN}.`,
        `The body names an unknown placeholder {{name}}; the known ones are ${KNOWN}.`,
      ],
    ],
  ])('%s', (_name, template, problems) => {
    expect(templateProblems(template)).toEqual(problems);
  });
});

describe('DEFAULT_ACKNOWLEDGEMENT', () => {
  it.each(EMAIL_LANGUAGES)('%s: a valid template that names the reference and renders completely', (language) => {
    const template = DEFAULT_ACKNOWLEDGEMENT[language];
    expect(templateProblems(template)).toEqual([]);
    expect(template.subject).toContain('[{{ticketNumber}}]');
    for (const name of TEMPLATE_PLACEHOLDERS.filter((p) => p !== 'subject')) {
      expect(template.body).toContain(`{{${name}}}`);
    }
    const subject = renderTemplate(template.subject, values);
    const body = renderTemplate(template.body, values);
    expect(subject).toContain('Order 4711 [SB-10482]');
    expect(body).toContain('SB-10482');
    expect(`${subject}\n${body}`).not.toContain('{{');
  });

  it('speaks the customer’s language', () => {
    expect(DEFAULT_ACKNOWLEDGEMENT.en.body).toMatch(/^Hello /);
    expect(DEFAULT_ACKNOWLEDGEMENT.tr.body).toMatch(/^Merhaba /);
    expect(DEFAULT_ACKNOWLEDGEMENT.fa.body).toMatch(/^سلام /);
  });
});
