import { describe, expect, it } from 'vitest';
import type { InboundMail } from '../domain.js';
import { cleanBody, cleanForAnalysis, cleanSubject } from './clean.js';

const mail = (text: string, extra: Partial<InboundMail> = {}): InboundMail => ({
  messageId: 'm1',
  from: { address: 'anna@example.com', name: 'Anna' },
  subject: 'Re: Frage',
  text,
  ...extra,
});

describe('cleanBody strips quoted history', () => {
  it.each([
    ['en', 'The app crashes on login.\n\nOn Mon, Jun 3, 2024 at 10:00 AM Studyflash Support <support@studyflash.test> wrote:\n> Please reinstall.', 'The app crashes on login.'],
    ['en wrapped attribution', 'Still broken.\n\nOn Mon, Jun 3, 2024 at 10:00 AM Studyflash Support <\nsupport@studyflash.test> wrote:\n> Please reinstall.', 'Still broken.'],
    ['de', 'Ich will mein Geld zurück.\n\nAm 03.06.2024 um 10:00 schrieb Studyflash Support <support@studyflash.test>:\n> Hallo', 'Ich will mein Geld zurück.'],
    ['fr', "Ça ne marche toujours pas.\n\nLe lun. 3 juin 2024 à 10:00, Studyflash <support@studyflash.test> a écrit :\n> Bonjour", 'Ça ne marche toujours pas.'],
    ['nl', 'Nog steeds kapot.\n\nOp ma 3 jun. 2024 om 10:00 schreef Studyflash <support@studyflash.test>:\n> Hoi', 'Nog steeds kapot.'],
    ['it', 'Non funziona ancora.\n\nIl giorno lun 3 giu 2024 alle ore 10:00 Studyflash <support@studyflash.test> ha scritto:\n> Ciao', 'Non funziona ancora.'],
    ['es', 'Sigue sin funcionar.\n\nEl lun, 3 jun 2024 a las 10:00, Studyflash (<support@studyflash.test>) escribió:\n> Hola', 'Sigue sin funcionar.'],
    ['pt', 'Continua sem funcionar.\n\nEm seg., 3 de jun. de 2024 às 10:00, Studyflash <support@studyflash.test> escreveu:\n> Olá', 'Continua sem funcionar.'],
    ['pl', 'Nadal nie działa.\n\nW dniu 3.06.2024 o 10:00 Studyflash <support@studyflash.test> napisał:\n> Dzień dobry', 'Nadal nie działa.'],
    ['sv', 'Det fungerar fortfarande inte.\n\nDen 3 juni 2024 10:00 skrev Studyflash <support@studyflash.test>:\n> Hej', 'Det fungerar fortfarande inte.'],
    ['Outlook de', 'Bitte kündigen.\n\n-----Ursprüngliche Nachricht-----\nVon: Studyflash\nGesendet: Montag\nAn: Anna\nBetreff: x\n\nalter Text', 'Bitte kündigen.'],
    ['Outlook it header block', 'Non funziona.\n\n________________________________\nDa: Studyflash <support@studyflash.test>\nInviato: lunedì 3 giugno 2024\nA: Mario\nOggetto: Re: x\n\nvecchio testo', 'Non funziona.'],
    ['Outlook sv', 'Jag vill avsluta.\n\nFrån: Studyflash\nSkickat: den 3 juni 2024\nTill: Anna\nÄmne: x\n\ngammal text', 'Jag vill avsluta.'],
  ])('%s', (_name, body, expected) => {
    expect(cleanBody(body)).toBe(expected);
  });

  it('drops interleaved quoted lines but keeps the answers between them', () => {
    expect(cleanBody('> Which device?\niPhone 12\n> Which version?\n3.2.1')).toBe('iPhone 12\n3.2.1');
  });

  it('keeps the forwarded text when the customer wrote nothing above it', () => {
    expect(cleanBody('---------- Forwarded message ---------\nFrom: Bob <bob@x.com>\nDate: Mon\nSubject: x\n\nI was charged twice.')).toBe('I was charged twice.');
  });
});

describe('cleanBody strips signatures', () => {
  it.each([
    ['sig delimiter', 'Help me.\n-- \nAnna Muster\nStudentin', 'Help me.'],
    ['iPhone en', 'It crashes.\n\nSent from my iPhone', 'It crashes.'],
    ['iPhone de', 'Es stürzt ab.\n\nVon meinem iPhone gesendet', 'Es stürzt ab.'],
    ['iPhone fr', 'Ça plante.\n\nEnvoyé de mon iPhone', 'Ça plante.'],
    ['closing de', 'Wie kündige ich?\n\nMit freundlichen Grüßen\nAnna Muster\nUniversität Zürich', 'Wie kündige ich?'],
    ['closing pl', 'Jak anulować?\n\nPozdrawiam,\nJan', 'Jak anulować?'],
    ['closing sv', 'Hur avslutar jag?\n\nMvh\nSven', 'Hur avslutar jag?'],
  ])('%s', (_name, body, expected) => {
    expect(cleanBody(body)).toBe(expected);
  });

  it('keeps a long paragraph that follows a thank-you line', () => {
    const body = 'Thanks\nActually the upload of my lecture notes fails every single time with an error message about the file size being too large.';
    expect(cleanBody(body)).toBe(body);
  });
});

describe('cleanForAnalysis', () => {
  it('removes zero-width characters and normalises whitespace', () => {
    expect(cleanForAnalysis(mail('re\u200Bfund\u00A0\u00A0please\r\n\r\n\r\n\r\nnow')).text).toBe('refund please\n\nnow');
  });

  it('prefers the unique text of the message when the server provides it', () => {
    const r = cleanForAnalysis(mail('old thread text', { uniqueText: 'The new question' }));
    expect(r.text).toBe('The new question');
  });

  it('strips reply and forward prefixes from the subject in several languages', () => {
    expect(cleanSubject('Re: AW: WG: Rückerstattung')).toBe('Rückerstattung');
    expect(cleanSubject('TR: RE[2]: Remboursement')).toBe('Remboursement');
    expect(cleanSubject('SV: Odp: Fwd: Help')).toBe('Help');
    expect(cleanSubject('Reembolso')).toBe('Reembolso');
  });
});
