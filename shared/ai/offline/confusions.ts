// Features for the confusions a bag of cue words gets wrong, in the nine languages (folded text,
// see text.ts). They are evidence the model weighs, never verdicts:
// - asking about the refund policy ("do I get money back if I cancel?") vs asking for money back;
// - spam and phishing that use billing words ("confirm your card to receive your refund");
// - schools and companies asking for prices (B2B sales, "other") vs a customer's price question;
// - a thank-you after a solved problem, whose quoted history is about something else;
// - money words that are not a request: a refund already received ("thanks, the refund arrived —
//   another question"), or money explicitly not wanted ("I don't want a refund, just…").
// Quoted history itself is removed before featurising (mail/clean.ts).

import type { Category } from '../../domain.js';
import { idsMatchingBoth } from './text.js';

interface ConfusionFeature {
  id: string;
  re: RegExp;
}

const alt = (parts: string[]): string => parts.join('|');

const IF_I_CANCEL = alt([
  'if i (?:cancel|unsubscribe|stop|quit)', 'if you cancel', 'when i cancel', 'before i (?:subscribe|buy|cancel|decide)',
  '(?:wenn|falls|sobald) ich (?:\\w+ ){0,4}(?:kundige|kuendige|abbestelle|beende)', 'bevor ich (?:\\w+ ){0,3}(?:kundige|kaufe|abschliesse)',
  'si (?:je|tu|on) (?:\\w+ ){0,2}(?:resilie|annule|desabonne|arrete)', 'avant de (?:resilier|m.abonner|decider)',
  '(?:als|wanneer|indien) ik (?:\\w+ ){0,3}(?:opzeg|stop|annuleer)', 'voordat ik',
  'se (?:\\w+ ){0,2}(?:disdico|cancello|annullo|disattivo)', 'prima di (?:disdire|decidere|abbonarmi)',
  'si (?:\\w+ ){0,2}(?:cancelo|me doy de baja|anulo)', 'antes de (?:cancelar|decidir|suscribirme)',
  'se (?:eu )?(?:\\w+ ){0,2}(?:cancelar|cancelo|anular)', 'antes de (?:cancelar|decidir|assinar)',
  '(?:jesli|jezeli|gdy) (?:\\w+ ){0,2}(?:zrezygnuje|anuluje|wypowiem)', 'zanim (?:\\w+ ){0,2}(?:zrezygnuje|kupie)',
  'om (?:jag|man) (?:\\w+ ){0,2}(?:sager upp|avslutar|avbryter)', 'innan jag',
]);

const POLICY_WORDS = alt([
  'policy', 'refundable', 'non-refundable', 'pro rata', 'prorated', 'remaining months', 'rest of the (?:year|period)',
  'anteilig', 'restlaufzeit', 'restliche', 'geregelt', 'proportionnel', 'prorata', 'mois restants', 'pour les mois',
  'rest van het jaar', 'resterende', 'naar rato', 'mesi (?:non usati|restanti|rimanenti)', 'proporzional',
  'proporcional', 'parte proporcional', 'no hay reembolsos', 'valor proporcional', 'pozostale miesiace', 'za pozostal',
  'resten av (?:aret|perioden)', 'hur (?:det|ni) (?:fungerar|gor)', 'come funziona', 'wie das (?:bei euch )?geregelt',
  'erstattungsfahig', 'remboursable', 'terug te betalen', 'rimborsabil', 'reembolsable', 'reembolsavel', 'podlega zwrotowi', 'ga att fa aterbetald', 'aterbetalningsbar',
  '(?:after|nach|au bout de|apres|na|dopo|a los|despues de|ao fim de|depois de|po|efter) (?:\\d+|one|two|three|zwei|drei|deux|trois|twee|drie|due|tre|dos|tres|dois|tres|dwoch|trzech|tva) (?:months?|monaten|mois|maanden|mesi|meses|miesiacach|manader)',
]);

const JUST_ASKING = alt([
  'just (?:want|wanted) to know', 'only asking', 'just asking', 'just curious', 'before (?:i )?decid',
  'nur wissen', 'will nur wissen', 'nur (?:eine )?frage', 'juste savoir', 'je prefere savoir', 'simple question',
  'ik twijfel', 'alleen (?:een )?vraag', 'chiedo solo', 'solo per capire', 'solo (?:quiero )?preguntar', 'una duda',
  'so uma duvida', 'e so uma duvida', 'pytam tylko', 'tylko pytam', 'undrar bara', 'bara (?:en )?fraga', 'not (?:cancel|cancelling) yet',
  'noch nicht gekundigt', 'pas encore', 'todavia', 'ainda nao', 'jeszcze nie', 'annu inte',
  'general question', 'grundsatzliche frage', 'question generale', 'petite question', 'korte vraag', 'algemene vraag', 'una curiosita', 'mi informo',
  'pregunta general', 'me informo', 'pergunta geral', 'informar-me', 'ogolne pytanie', 'dowiaduje', 'allman fraga', 'vill bara veta', 'just checking', 'ik wil het gewoon weten',
]);

const VERIFY = alt([
  'verify', 'confirm (?:your|the) (?:card|payment|details|account|bank)', 'update (?:your )?(?:card|payment)', 'click (?:here|the link)',
  'bestatigen sie', 'kreditkartendaten', 'daten bestatigen', 'confirmez', 'coordonnees bancaires', 'connectez-vous',
  'klik (?:hier|op)', 'bevestig', 'inserisca i dati', 'dati della carta', 'verific', 'verifique', 'confirme (?:seus|os) dados',
  'dados do (?:seu )?cartao', 'podaj dane', 'dane karty', 'potwierdz', 'bekrafta', 'kortuppgifter', 'logga in',
]);

const DEADLINE_THREAT = alt([
  'within \\d+ hours', 'in \\d+ hours', 'account (?:suspension|will be (?:closed|suspended))', 'innerhalb von \\d+ stunden',
  'sous \\d+ heures', 'binnen \\d+ uur', 'entro (?:oggi|\\d+ ore)', 'en las proximas \\d+ horas', '\\d+ horas', 'em ate \\d+ horas',
  'w ciagu \\d+ godzin', 'inom \\d+ timmar', 'opgeschort', 'suspen', 'gesperrt', 'sospes', 'bloquead', 'zablokowan', 'sparrat',
]);

const ORG = alt([
  'we (?:are|run|have) (?:a|an) ', 'our (?:school|company|academy|institute|tutoring)', 'wir sind (?:eine?|ein)', 'unsere? (?:schule|firma|nachhilfe)',
  'nous sommes une?', 'je suis responsable', 'notre (?:ecole|societe|etablissement)', 'wij zijn een', 'we zijn een', 'ons instituut',
  'siamo un', 'dirigo un', 'il nostro (?:istituto|liceo)', 'somos una?', 'tenemos una? (?:academia|escuela|empresa)', 'nuestra (?:academia|escuela)',
  'somos um', 'nossa (?:escola|empresa)', 'prowadzimy', 'nasza (?:szkola|firma)', 'vi ar en', 'vi driver', 'var (?:skola|firma)',
  'notre (?:ecole|lycee|college|universite|entreprise)', 'jestesmy (?:liceum|szkola|firma|uczelnia)', 'we are a school', 'onze (?:school|hogeschool)', 'la nostra scuola', 'nuestro colegio',
]);

const PRICE_ASK = alt([
  'what would (?:a|it|that) cost', 'how much (?:would|does|is)', 'pricing', 'prices? for', 'cost(?:s)? for', 'konditionen', 'was (?:wurde|kostet)', 'preise? fur',
  'tarifs?', 'combien', 'prix pour', 'wat (?:zijn de kosten|kost)', 'kosten voor', 'tarieven', 'quali sono i costi', 'quanto cost', 'prezzi', 'cuanto costaria', 'precios',
  'quanto custaria', 'precos', 'ile kosztowal', 'cennik', 'vad (?:kostar|skulle)', 'priser',
]);

const HEADCOUNT = [
  'students', 'pupils', 'trainees', 'azubi', 'uczni', 'teachers', 'tutors', 'employees', 'staff', 'learners', 'schuler', 'schueler', 'lehrkrafte', 'lehrer', 'studierende', 'mitarbeit',
  'etudiants', 'eleves', 'professeurs', 'enseignants', 'leerlingen', 'studenten', 'docenten', 'medewerkers', 'studenti', 'alunni', 'docenti',
  'dipendenti', 'alumnos', 'estudiantes', 'profesores', 'empleados', 'alunos', 'professores', 'funcionarios', 'uczniow', 'studentow', 'lektor',
  'nauczyciel', 'kursant', 'pracownik', 'deltagare', 'elever', 'larare', 'anstallda',
];

const QUOTE = alt([
  'quote', 'offer', 'volume pricing', 'pricing for', 'team accounts', 'licen[cs]e for', 'campus', 'invoice (?:us|annually|quarterly)',
  'angebot', 'mengenrabatt', 'lizenz fur', 'devis', 'grille tarifaire', 'acces campus', 'offerte', 'facturatie', 'preventivo', 'licenze di',
  'fattura elettronica', 'presupuesto', 'factura a empresa', 'licencia para', 'orcamento', 'licencas coletivas', 'nota fiscal', 'oferte? cenow',
  'faktur[ey] vat', 'prisforfragan', 'fakturera oss', 'licens for',
]);

const RESOLVED = alt([
  'works (?:now|again)', 'working again', 'all good now', '(?:is|it.s) (?:solved|resolved|fixed)', 'everything is back',
  'geht wieder', 'funktioniert wieder', 'wieder da', 'hat geklappt', 'ca (?:re)?marche', 'c.est (?:regle|resolu)', 'tout est revenu',
  'opgelost', 'werkt weer', 'risolto', 'funziona di nuovo', 'ora funziona', 'ya funciona', 'resuelto', 'resolvido', 'voltou a funcionar',
  'dziala', 'rozwiazan', 'fungerar igen', 'allt tillbaka', 'lost sig',
  'klappt (?:jetzt|wieder)', 'fonctionne (?:maintenant|a nouveau)', 'werkt nu', 'ya va', 'all sorted', 'sorted now', 'tudo bem', 'ja (?:esta|funciona)', 'funkar (?:nu|igen)', 'nu funkar',
]);

const REFUND_RECEIVED = alt([
  '(?:got|received|for) (?:the|my) refund', 'refund (?:has )?(?:arrived|came (?:through|in)|went through|is (?:in|on) my)', 'thanks? (?:you )?for (?:the|my) refund',
  '(?:ruck)?erstattung (?:ist )?(?:angekommen|eingegangen|erhalten)', '(?:habe|hab) (?:die|das|meine?) (?:ruck)?erstattung (?:\\w+ )?(?:erhalten|bekommen)', 'danke fur die (?:ruck)?erstattung', 'geld ist (?:wieder )?(?:da|angekommen|eingegangen)',
  '(?:bien )?recu (?:le|mon) rembours', 'rembours\\w* (?:est )?(?:bien )?(?:arrive|recu|passe)', 'merci pour (?:le|mon) rembours',
  'terugbetaling (?:is )?(?:binnen|ontvangen|gelukt)', '(?:geld|bedrag) is (?:weer )?(?:binnen|teruggestort)', 'bedankt voor de terugbetaling',
  '(?:ho )?ricevuto (?:il )?rimborso', 'rimborso (?:e )?(?:arrivato|ricevuto)', 'grazie per il rimborso',
  '(?:me )?ha llegado el reembolso', 'recibi (?:el )?reembolso', 'gracias por el reembolso', 'reembolso (?:ya )?(?:me )?(?:ha )?llegado',
  'recebi o reembolso', 'reembolso (?:ja )?(?:chegou|caiu|entrou)', 'obrigad[oa] pelo reembolso',
  'zwrot (?:juz )?(?:doszedl|dotarl|przyszedl|wplynal)', '(?:otrzymal|dostal)\\w* zwrot', 'dziekuje za zwrot',
  '(?:fatt|fick) (?:min )?aterbetalning', 'aterbetalningen (?:har )?(?:kommit|kom)', 'tack for aterbetalningen',
]);

const NO_MONEY_WANTED = alt([
  '(?:don.?t|do not) (?:want|need) (?:a |my |any )?(?:refund|money back)', 'not (?:asking|looking) for (?:a refund|money|my money|a chargeback)', 'not about (?:the )?money', 'no refund needed',
  '(?:will|mochte|brauche) (?:keine|kein) (?:geld|ruckerstattung|erstattung)', 'kein geld zuruck', 'geht (?:mir )?nicht ums geld', 'nicht ums geld',
  '(?:ne )?veux pas (?:de |d.etre |etre )?rembours', 'pas besoin d.(?:un )?rembours', 'pas (?:une question|pour l|une histoire) d.argent',
  '(?:hoef|wil) geen (?:terugbetaling|geld terug|restitutie|geld)', 'niet om het geld', 'geen probleem als dat niet',
  'non (?:voglio|chiedo|cerco) (?:un |il |nessun )?rimborso', 'non (?:e|si tratta di) (?:una )?questione di soldi', 'non per i soldi',
  'no (?:quiero|pido|busco|necesito) (?:un |el |ningun )?reembolso', 'no es por el dinero', 'no (?:quiero|pido) (?:que me devuelvan|dinero)',
  'nao (?:quero|preciso de|peco) (?:o |um )?(?:refund|reembolso|dinheiro)', 'nao e pelo dinheiro',
  'nie (?:chce|potrzebuje|prosze o) zwrot', 'nie chodzi (?:juz )?o (?:zadne )?pieniadze', 'nie chodzi o zwrot',
  '(?:vill|behover) inte (?:ha )?(?:nagon )?aterbetalning', 'inte (?:ute efter|om) pengar', 'handlar inte om pengar',
]);

export const CONFUSION_FEATURES: ConfusionFeature[] = [
  { id: 'if-i-cancel', re: new RegExp(`(?:^|[^a-z])(?:${IF_I_CANCEL})`) },
  { id: 'policy-words', re: new RegExp(`(?:^|[^a-z])(?:${POLICY_WORDS})`) },
  { id: 'just-asking', re: new RegExp(`(?:^|[^a-z])(?:${JUST_ASKING})`) },
  { id: 'link', re: /https?:\/\/|www\.[a-z0-9-]+\./ },
  { id: 'verify-details', re: new RegExp(`(?:^|[^a-z])(?:${VERIFY})`) },
  { id: 'deadline-threat', re: new RegExp(`(?:^|[^a-z])(?:${DEADLINE_THREAT})`) },
  { id: 'organisation', re: new RegExp(`(?:^|[^a-z])(?:${ORG})`) },
  { id: 'headcount', re: new RegExp(`\\b\\d{2,5}\\s+(?:\\w+\\s+)?(?:${HEADCOUNT.join('|')})`) },
  { id: 'quote-request', re: new RegExp(`(?:^|[^a-z])(?:${QUOTE})`) },
  { id: 'price-ask', re: new RegExp(`(?:^|[^a-z])(?:${PRICE_ASK})`) },
  { id: 'resolved', re: new RegExp(`(?:^|[^a-z])(?:${RESOLVED})`) },
  { id: 'refund-received', re: new RegExp(`(?:^|[^a-z])(?:${REFUND_RECEIVED})`) },
  { id: 'no-money-wanted', re: new RegExp(`(?:^|[^a-z])(?:${NO_MONEY_WANTED})`) },
];

/** Confusion features of folded text, plus pairs that only mean something together. */
export function confusionsIn(folded: string, concepts: ReadonlySet<string>): string[] {
  return withCombined(CONFUSION_FEATURES.filter((f) => f.re.test(folded)).map((f) => f.id), concepts);
}

/** confusionsIn of a folded "subject\ntext" and of its text alone (from `boundary` on), in one pass. */
export function confusionsInBoth(folded: string, boundary: number, concepts: { full: ReadonlySet<string>; part: ReadonlySet<string> }): { full: string[]; part: string[] } {
  const found = idsMatchingBoth(CONFUSION_FEATURES, folded, boundary);
  return { full: withCombined(found.full, concepts.full), part: withCombined(found.part, concepts.part) };
}

function withCombined(out: string[], concepts: ReadonlySet<string>): string[] {
  const has = (id: string) => out.includes(id);
  const question = concepts.has('question-mark');
  const moneyBack = concepts.has('refund');
  // Asking how refunds work, not for one: money-back words in a hypothetical question.
  if (moneyBack && question && (has('if-i-cancel') || has('policy-words') || has('just-asking'))) out.push('refund-policy-question');
  // Phishing: a link plus a demand to confirm details or a deadline, around billing words.
  if (has('link') && (has('verify-details') || has('deadline-threat'))) out.push('phishing');
  // B2B: an organisation with a headcount, or one asking for a quote.
  if (has('organisation') && (has('headcount') || has('quote-request'))) out.push('b2b-enquiry');
  if (has('headcount') && (has('quote-request') || has('price-ask'))) out.push('b2b-enquiry');
  return [...new Set(out)];
}

/**
 * Starting weights for the combined confusion features, as the lexicon has for its concepts
 * (docs/architecture.md#categories): training moves them, but a confusion the labelled mails rarely show still counts.
 */
export const CONFUSION_PRIORS: Record<string, Partial<Record<Category, number>>> = {
  'refund-policy-question': { 'product-question': 2.5, 'refund-request': -2.0 },
  phishing: { other: 3.0, 'refund-request': -1.5, 'bug-report': -0.5 },
  'b2b-enquiry': { other: 2.5, 'product-question': -1.5 },
  resolved: { other: 1.2, 'bug-report': -0.8 },
  'refund-received': { 'refund-request': -2.5 },
  'no-money-wanted': { 'refund-request': -2.5 },
};
