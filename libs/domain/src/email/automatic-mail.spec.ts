import { automaticMailReason, type InboundMailFacts } from './automatic-mail.js';

const person = { envelopeFrom: 'ayse@example.com', from: 'Ayşe Yılmaz <ayse@example.com>' };

describe('automaticMailReason: mail a machine sent never opens a ticket nor gets an answer', () => {
  it.each<[string, InboundMailFacts, string | null]>([
    ['a person’s mail', { ...person, headers: { subject: 'Order 4711' } }, null],
    [
      'a vacation reply (Auto-Submitted)',
      { ...person, headers: { 'Auto-Submitted': 'auto-replied' } },
      'auto-submitted: auto-replied',
    ],
    [
      'Auto-Submitted with parameters, any case, from a Map',
      { ...person, headers: new Map([['auto-submitted', 'Auto-Generated; owner-email="x@y.test"']]) },
      'auto-submitted: auto-generated',
    ],
    ['Auto-Submitted: no is a person', { ...person, headers: { 'auto-submitted': 'no' } }, null],
    ['Auto-Submitted with no value', { ...person, headers: { 'auto-submitted': '' } }, 'auto-submitted'],
    ['a newsletter (Precedence: bulk)', { ...person, headers: { Precedence: 'bulk' } }, 'precedence: bulk'],
    ['a list (Precedence: list)', { ...person, headers: { precedence: ['List'] } }, 'precedence: list'],
    ['Precedence: junk', { ...person, headers: { precedence: 'junk' } }, 'precedence: junk'],
    ['Precedence: auto_reply', { ...person, headers: { precedence: 'auto_reply' } }, 'precedence: auto_reply'],
    ['Precedence: first-class is a person', { ...person, headers: { precedence: 'first-class' } }, null],
    ['X-Autoreply: yes', { ...person, headers: { 'X-Autoreply': 'yes' } }, 'x-autoreply'],
    ['X-Autorespond with any value', { ...person, headers: { 'x-autorespond': 'Vacation' } }, 'x-autorespond'],
    ['X-Auto-Reply present but empty', { ...person, headers: { 'X-Auto-Reply': '' } }, 'x-auto-reply'],
    ['X-Autoreply: no is a person', { ...person, headers: { 'x-autoreply': 'no' } }, null],
    ['X-Autoreply: false is a person', { ...person, headers: { 'x-autoreply': 'FALSE' } }, null],
    [
      'a bounce (null envelope sender)',
      { envelopeFrom: null, from: 'Mail Delivery System <MAILER-DAEMON@mx.example>', headers: {} },
      'bounce: empty envelope sender',
    ],
    [
      'an empty envelope sender',
      { envelopeFrom: '', from: 'x@example.com', headers: {} },
      'bounce: empty envelope sender',
    ],
    ['envelope sender <>', { envelopeFrom: '<>', from: 'x@example.com', headers: {} }, 'bounce: empty envelope sender'],
    [
      'MAILER-DAEMON in the From header',
      { envelopeFrom: 'bounces@mx.example', from: 'Mail Delivery System <MAILER-DAEMON@mx.example>', headers: {} },
      'bounce: mailer-daemon',
    ],
    [
      'postmaster as the envelope sender',
      { envelopeFrom: 'Postmaster@mx.example', from: null, headers: {} },
      'bounce: postmaster',
    ],
    [
      'a delivery report (content type given)',
      { ...person, contentType: 'multipart/report; report-type=delivery-status', headers: {} },
      'report: multipart/report',
    ],
    [
      'a delivery report (mailparser’s structured header in a Map)',
      {
        ...person,
        headers: new Map<string, unknown>([
          ['content-type', { value: 'multipart/report', params: { 'report-type': 'disposition-notification' } }],
        ]),
      },
      'report: multipart/report',
    ],
    [
      'a structured Precedence header',
      { ...person, headers: new Map<string, unknown>([['precedence', { value: 'bulk', params: {} }]]) },
      'precedence: bulk',
    ],
    [
      'an ordinary content type',
      { ...person, contentType: 'multipart/alternative', headers: { 'content-type': { value: 'text/plain' } } },
      null,
    ],
    [
      'values that are not strings are ignored, not thrown on',
      { ...person, headers: { 'auto-submitted': null, precedence: { params: {} }, 'x-autoreply': undefined } },
      null,
    ],
  ])('%s', (_name, mail, reason) => {
    expect(automaticMailReason(mail)).toBe(reason);
  });
});
