import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it.each([
    ['de', 'Hallo, meine App stürzt jedes Mal ab, wenn ich eine PDF hochlade.'],
    ['fr', "Bonjour, je voudrais être remboursé de mon abonnement s'il vous plaît."],
    ['nl', 'Hoi, ik wil graag mijn geld terug voor het abonnement.'],
    ['it', 'Ciao, vorrei un rimborso per il mio abbonamento annuale.'],
    ['es', 'Hola, quiero cancelar mi suscripción y saber cómo funciona.'],
    ['en', 'Hi, the flashcards are not syncing between my phone and laptop.'],
    ['pt', 'Olá, fui cobrado duas vezes este mês, podem ajudar?'],
    ['pl', 'Dzień dobry, aplikacja nie działa po aktualizacji.'],
    ['sv', 'Hej, jag blev debiterad två gånger och vill ha pengarna tillbaka.'],
  ])('recognises %s in a one-sentence support mail', (language, text) => {
    const r = detectLanguage(text);
    expect(r.language).toBe(language);
    expect(r.reliable).toBe(true);
  });

  it('answers und for text too short to judge', () => {
    expect(detectLanguage('ok')).toEqual({ language: 'und', reliable: false });
    expect(detectLanguage('')).toEqual({ language: 'und', reliable: false });
    expect(detectLanguage('12345 https://studyflash.ch x@y.com')).toEqual({ language: 'und', reliable: false });
  });

  it('does not call a two-word guess reliable', () => {
    expect(detectLanguage('Refund please').reliable).toBe(false);
  });
});
