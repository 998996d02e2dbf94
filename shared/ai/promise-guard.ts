// The last line of defence for reply drafts: a draft must never promise a refund, name an amount
// of money, or give a date or deadline — a human decides those (docs/architecture.md#invariants). The prompt already
// says so; this check holds even when a mail talks the model into it (prompt injection). It knows
// the nine languages we serve and errs on the side of flagging: a flagged sentence is removed and a
// human reads the draft anyway. Promises come direct ("we will refund you") and indirect ("the
// money is back in your account by Friday", "your refund has been approved"); a date that only
// states a fact from the customer's account ("your plan renews on 2 March") is no promise and stays.

export type PromiseKind = 'refund' | 'amount' | 'date';

export interface PromiseFinding {
  kind: PromiseKind;
  /** The sentence that made the promise. */
  sentence: string;
}

const W = String.raw`(?:[\p{L}'’]+\s+)`;

/** JavaScript's \b only knows ASCII letters ("\bübermorgen" never matches); this one knows all. */
const LETTER_OR_DIGIT = String.raw`[\p{L}\p{N}]`;
const UNICODE_BOUNDARY = String.raw`(?:(?<=${LETTER_OR_DIGIT})(?!${LETTER_OR_DIGIT})|(?<!${LETTER_OR_DIGIT})(?=${LETTER_OR_DIGIT}))`;
function unicodeWords(re: RegExp): RegExp {
  return new RegExp(re.source.replaceAll(String.raw`\b`, UNICODE_BOUNDARY), re.flags.includes('u') ? re.flags : `${re.flags}u`);
} // one word and its space, for "{0,3}" gaps between words

/** First-person or passive statements that a refund/credit is, was or will be given. */
const REFUND_PROMISES: RegExp[] = [
  // en
  new RegExp(String.raw`\b(?:we|i)(?:'ll|’ll|\s+will|\s+shall|\s+have|'ve|’ve|\s+are going to|\s+can|\s+already|\s+just)?\s+${W}{0,2}?(?:refund(?:ed)?|reimburse(?:d)?|credit(?:ed)?\s+(?:you|your)|pay\s+(?:you\s+)?back)\b`, 'iu'),
  new RegExp(String.raw`\b(?:we|i)(?:'ve|’ve|'ll|’ll|'d|’d)?\s+${W}{0,3}?(?:issue|process|approve|grant|initiate|arrange|send)(?:d|ed)?\s+(?:a|the|your)?\s*(?:full\s+|partial\s+)?(?:refund|reimbursement|chargeback|credit)`, 'iu'),
  /\b(?:refund|reimbursement|credit|money)\s+(?:has|have|was|is|will|should)\s+(?:been\s+|be\s+|now\s+)?(?:issued|processed|approved|granted|initiated|sent|completed|made|transferred|on its way|returned)/iu,
  new RegExp(String.raw`\byou(?:'ll|’ll|\s+will|\s+should|\s+are going to)?\s+(?:receive|get|see)\s+${W}{0,3}?(?:refund|money back|reimbursement|credit|free month|discount|voucher|compensation)`, 'iu'),
  // de
  new RegExp(String.raw`\b(?:wir|ich)\s+${W}{0,4}?(?:erstatten|erstattet|zurückerstatten|zurückerstattet|rückerstatten|zurücküberweisen|zurücküberwiesen|überweisen|gutschreiben|gutgeschrieben|zurückzahlen|zurückgezahlt)\b`, 'iu'),
  new RegExp(String.raw`\b(?:rück)?erstattung\s+${W}{0,2}?(?:wurde|wird|ist|wurden)\s+${W}{0,3}?(?:veranlasst|genehmigt|bearbeitet|durchgeführt|ausgelöst|angewiesen|überwiesen|erfolgt|freigegeben)`, 'iu'),
  new RegExp(String.raw`\b(?:du\s+)?(?:erhältst|bekommst|erhalten\s+sie|bekommen\s+sie)\s+${W}{0,3}?(?:geld|rückerstattung|erstattung|gutschrift|gratismonat|rabatt)`, 'iu'),
  // fr
  new RegExp(String.raw`\bnous\s+${W}{0,3}?(?:rembourser|remboursons|rembourserons|avons\s+remboursé|allons\s+(?:vous\s+|te\s+)?rembourser)`, 'iu'),
  /\b(?:vous\s+serez|tu\s+seras|vous\s+avez\s+été|tu\s+as\s+été)\s+(?:intégralement\s+|entièrement\s+)?rembours/iu,
  new RegExp(String.raw`\bremboursement\s+${W}{0,2}?(?:a\s+été|sera|est|va\s+être)\s+${W}{0,2}?(?:effectué|approuvé|accordé|validé|traité|émis|envoyé|lancé|versé)`, 'iu'),
  new RegExp(String.raw`\b(?:vous\s+recevrez|tu\s+recevras|vous\s+allez\s+recevoir|tu\s+vas\s+recevoir)\s+${W}{0,3}?(?:rembours|argent|avoir|mois\s+gratuit)`, 'iu'),
  // nl
  new RegExp(String.raw`\b(?:we|wij|ik)\s+${W}{0,4}?(?:terugbetalen|terugstorten|terugbetaald|teruggestort|vergoeden|vergoed)\b`, 'iu'),
  new RegExp(String.raw`\b(?:terugbetaling|restitutie)\s+${W}{0,2}?(?:is|wordt|werd|zal)\s+${W}{0,2}?(?:verwerkt|goedgekeurd|uitgevoerd|verstuurd|gestort|toegekend|worden)`, 'iu'),
  new RegExp(String.raw`\b(?:je|u|jij)\s+(?:krijgt|ontvangt|zal\s+ontvangen)\s+${W}{0,3}?(?:geld\s+terug|terugbetaling|restitutie|gratis\s+maand)`, 'iu'),
  // it
  /\b(?:ti|le|vi)\s+(?:rimborser(?:emo|ò|anno)|abbiamo\s+rimborsat)/iu,
  /\babbiamo\s+(?:già\s+)?(?:rimborsato|emesso\s+il\s+rimborso|effettuato\s+il\s+rimborso)/iu,
  new RegExp(String.raw`\brimborso\s+${W}{0,2}?(?:è\s+stato|sarà|verrà|viene)\s+${W}{0,2}?(?:emesso|effettuato|approvato|elaborato|accreditato|inviato|concesso)`, 'iu'),
  new RegExp(String.raw`\b(?:riceverai|riceverà|riceverete|procederemo)\s+${W}{0,3}?(?:rimbors|soldi|accredito)`, 'iu'),
  // es
  /\b(?:te|le|les|os)\s+(?:vamos\s+a\s+)?(?:reembols(?:aremos|amos|aré|ar)|devolver(?:emos)?\s+(?:el|tu|su)\s+dinero)/iu,
  /\bhemos\s+(?:reembolsado|devuelto|procesado\s+(?:el|tu|su)\s+reembolso|aprobado\s+(?:el|tu|su)\s+reembolso)/iu,
  new RegExp(String.raw`\b(?:reembolso|devolución)\s+${W}{0,2}?(?:ha\s+sido|será|se\s+ha|está|se\s+hará)\s+${W}{0,2}?(?:procesad|aprobad|emitid|realizad|tramitad|efectuad|enviad|concedid)`, 'iu'),
  new RegExp(String.raw`\b(?:recibirás|recibirá|recibiréis|procederemos)\s+${W}{0,3}?(?:reembolso|devoluci|dinero|mes\s+gratis)`, 'iu'),
  // pt
  new RegExp(String.raw`\b(?:vamos|iremos)\s+${W}{0,2}?(?:reembolsar|devolver|estornar)`, 'iu'),
  /\b(?:reembolsaremos|devolveremos|estornaremos|já\s+reembolsámos|já\s+reembolsamos)\b/iu,
  new RegExp(String.raw`\b(?:reembolso|estorno|devolução)\s+${W}{0,2}?(?:foi|será|está\s+sendo|está\s+a\s+ser)\s+${W}{0,2}?(?:processad|aprovad|emitid|efetuad|realizad|concedid|enviad)`, 'iu'),
  new RegExp(String.raw`\b(?:receberá|receberás|vai\s+receber|vais\s+receber)\s+${W}{0,3}?(?:reembolso|devolução|estorno|dinheiro)`, 'iu'),
  // pl
  /\b(?:zwrócimy|zwrócę|oddamy|zwróciliśmy)\b/iu,
  new RegExp(String.raw`\bzwrot\s+${W}{0,3}?(?:został|zostanie|jest|będzie)\s+${W}{0,2}?(?:zatwierdzony|zrealizowany|przetworzony|wysłany|przyznany|zlecony|wykonany)`, 'iu'),
  new RegExp(String.raw`\botrzyma(?:sz|cie|\s+pan|\s+pani)\s+${W}{0,3}?(?:zwrot|pieniądze|darmowy\s+miesiąc)`, 'iu'),
  // sv
  new RegExp(String.raw`\b(?:vi|jag)\s+${W}{0,3}?(?:återbetalar|återbetala|betalar\s+tillbaka|har\s+återbetalat|ersätter)`, 'iu'),
  new RegExp(String.raw`\båterbetalning(?:en)?\s+${W}{0,1}?(?:har|kommer\s+att|är|blir|ska)\s+${W}{0,2}?(?:genomförts|godkänts|skickats|behandlats|beviljats|godkänd|genomförd|betalas)`, 'iu'),
  new RegExp(String.raw`\b(?:du|ni)\s+(?:kommer\s+att\s+)?(?:få|får)\s+${W}{0,3}?(?:pengarna\s+tillbaka|återbetalning|gratis\s+månad)`, 'iu'),
  // Indirect: the money itself comes back, arrives or is credited (no "we" needed).
  /\b(?:money|amount|payment|funds|charge)\s+(?:is|will\s+be|should\s+be|has\s+been|was|will|'ll)\s+(?:\w+\s+){0,2}?(?:back|returned|credited|refunded|reversed|on\s+its\s+way)/iu,
  /\b(?:you(?:'ll|’ll|\s+will|\s+are\s+going\s+to|\s+should)?\s+(?:get|have|receive|see)\s+(?:\w+\s+){0,2}?(?:money|amount|payment)\s+back|(?:refund|money)\s+(?:will|should)\s+(?:arrive|reach\s+you|appear|show\s+up))/iu,
  /\b(?:geld|betrag|summe)\s+(?:\p{L}+\s+){0,5}?(?:zurück|wieder\s+auf\s+(?:deinem|ihrem|dem)\s+konto|gutgeschrieben|erstattet|zurücküberwiesen)/iu,
  /\b(?:wird|werden)\s+(?:dir|ihnen|euch)\s+(?:\p{L}+\s+){0,4}?(?:gutgeschrieben|erstattet|zurückerstattet|zurücküberwiesen|zurückgezahlt)/iu,
  /\b(?:argent|montant|somme)\s+(?:\p{L}+\s+){0,4}?(?:sera|est|va\s+être|a\s+été|arrivera|reviendra)\s+(?:\p{L}+\s+){0,2}?(?:rendu|reversé|restitué|recrédité|crédité|de\s+retour|sur\s+votre\s+compte|sur\s+ton\s+compte|remboursé)/iu,
  /\b(?:vous\s+récupérerez|tu\s+récupéreras|vous\s+allez\s+récupérer|tu\s+vas\s+récupérer)\s+(?:\p{L}+\s+){0,2}?(?:argent|montant)/iu,
  /\b(?:geld|bedrag)\s+(?:\p{L}+\s+){0,5}?(?:terug|teruggestort|bijgeschreven|terugbetaald)\b/iu,
  /\b(?:soldi|importo|denaro)\s+(?:\p{L}+\s+){0,4}?(?:saranno|verranno|sarà|verrà|torneranno|tornerà|è\s+stato|sono\s+stati)\s+(?:\p{L}+\s+){0,2}?(?:restituit|accreditat|rimborsat|sul\s+tuo\s+conto)/iu,
  /\b(?:riavrai|riavrà|riavrete)\b|\b(?:ti|le|vi)\s+(?:verrà|verranno|sarà|saranno)\s+(?:\p{L}+\s+){0,2}?(?:accreditat|restituit|rimborsat)/iu,
  /\b(?:dinero|importe)\s+(?:\p{L}+\s+){0,4}?(?:estará|será|volverá|se\s+abonará|llegará|ha\s+sido)\s+(?:\p{L}+\s+){0,2}?(?:devuelt|abonad|reembolsad|en\s+tu\s+cuenta|en\s+su\s+cuenta|de\s+vuelta)/iu,
  /\b(?:recuperarás|recuperará)\s+(?:\p{L}+\s+){0,2}?(?:dinero|importe)|\bse\s+(?:te|le|os)\s+(?:devolverá|reembolsará|abonará)/iu,
  /\b(?:dinheiro|valor|montante)\s+(?:\p{L}+\s+){0,4}?(?:estará|será|vai\s+ser|volta|voltará|foi)\s+(?:\p{L}+\s+){0,2}?(?:devolvid|reembolsad|estornad|creditad|na\s+sua\s+conta|de\s+volta)/iu,
  /\b(?:receberá|receberás|recebe|vai\s+receber|terá)\s+(?:\p{L}+\s+){0,2}?dinheiro\s+de\s+volta/iu,
  /\b(?:pieniądze|kwota|środki)\s+(?:\p{L}+\s+){0,4}?(?:wrócą|wróci|zostaną\s+zwrócone|zostanie\s+zwrócona|będą\s+z\s+powrotem|trafią)/iu,
  /\b(?:odzyskasz|odzyska\s+pan|odzyska\s+pani)\b/iu,
  /\b(?:pengarna|beloppet)\s+(?:\p{L}+\s+){0,4}?(?:tillbaka|återbetalas|krediteras|insatta)/iu,
].map(unicodeWords);

/** "Your refund has been approved" in any of the nine languages, unless it is only a possibility. */
const REFUND_WORD = unicodeWords(/\b(?:refund|reimbursement|money\s+back|rückerstattung|erstattung|remboursement|terugbetaling|restitutie|rimborso|reembolso|devolución|devolução|estorno|zwrot|återbetalning)/iu);
const APPROVED = unicodeWords(/\b(?:approved|accepted|granted|confirmed|genehmigt|bewilligt|akzeptiert|bestätigt|approuvé|accepté|accordé|validé|goedgekeurd|toegekend|geaccepteerd|approvato|accettato|confermato|aprobad[oa]|aceptad[oa]|confirmad[oa]|aprovad[oa]|aceit[eo]|confirmad[oa]|zatwierdz\p{L}*|zaakceptowan\p{L}*|przyznan\p{L}*|godkän\p{L}*|beviljad\p{L}*)/iu);
const POSSIBILITY = unicodeWords(/\b(?:whether|if|once|ob|falls|sobald|si|dès\s+que|of|zodra|indien|se|qualora|cuando|caso|czy|jeśli|jeżeli|om|huruvida|när)\b/iu);

/** A negation inside the matched words turns a promise into its opposite ("we cannot refund"). */
const NEGATION = unicodeWords(/\b(?:not|n't|cannot|can't|unable|never|nicht|kein\w*|nie(?:mals)?|ne|pas|jamais|niet|geen|nooit|non|mai|no|nunca|não|inte|aldrig|nie)\b|n’t/iu);

const CURRENCY = String.raw`(?:€|\$|£|¥|eur|euros?|usd|dollars?|chf|fr\.|franken|francs?|gbp|pfund|pounds?|pln|zł|złot\w*|sek|kr|kronor|dkk|nok)`;
const AMOUNT: RegExp[] = [
  new RegExp(String.raw`(?<![\p{L}])${CURRENCY}\s?\d`, 'iu'),
  new RegExp(String.raw`\d(?:[\d.,'’ ]*\d)?\s?${CURRENCY}(?![\p{L}])`, 'iu'),
  /\b\d{1,3}\s?%/u, // "50 % back", "100% refund"
];

const MONTHS =
  'jan(?:uary|uar|vier|uari|naio|uary|eiro)?|feb(?:ruary|ruar|ruari|braio|rero)?|févr(?:ier)?|fevereiro|mar(?:ch|s|zo|ço|ec)?|märz|maart|apr(?:il|ile|il)?|avril|abril|kwiecień|ma[iy]|mai|mei|maggio|mayo|maio|maj|jun[ie]?|juin|juni|giugno|junio|junho|czerwiec|jul[iy]?|juillet|juli|luglio|julio|julho|lipiec|aug(?:ust|ustus)?|août|agosto|sierpień|sep(?:tember|tembre|tiembre|tembro)?|set(?:tembre|embro)|wrzesień|oct(?:ober|obre|ubre)?|okt(?:ober)?|ottobre|outubro|październik|nov(?:ember|embre|iembre|embro)?|listopad|dec(?:ember|embre)?|dez(?:ember|embro)?|dic(?:embre|iembre)?|grudzień';
const TIME_UNITS =
  'days?|business days?|working days?|hours?|weeks?|months?|tagen?|werktagen?|stunden|wochen|monaten?|jours?|heures?|semaines?|mois|dagen|werkdagen|uur|weken|maanden|giorni|ore|settimane|mesi|días|dias|horas|semanas|meses|dni|godzin|tygodni|miesięcy|dagar|timmar|veckor|månader';
/** A calendar date: a promise unless the sentence only states an account fact (see ACCOUNT_FACT). */
const CALENDAR_DATE: RegExp[] = [
  /\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/u, // 12.03.2025, 12/03/25
  /\b\d{4}-\d{2}-\d{2}\b/u, // 2025-03-12
  new RegExp(String.raw`\b\d{1,2}(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?(?:${MONTHS})\b`, 'iu'), // 12 March, 12. März, 12 de marzo
  new RegExp(String.raw`\b(?:${MONTHS})\s+\d{1,2}(?:st|nd|rd|th)?\b`, 'iu'), // March 12
].map(unicodeWords);
/** Always a deadline: a span ("within 3 days", "5–7 Werktage") or a relative day ("by Friday", "next week"). */
const WEEKDAYS = String.raw`monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]|venerd[iì]|sabato|domenica|lunes|martes|miércoles|jueves|viernes|sábado|domingo|segunda(?:-feira)?|terça(?:-feira)?|quarta(?:-feira)?|quinta(?:-feira)?|sexta(?:-feira)?|poniedział\p{L}*|wtor\p{L}*|środ\p{L}*|czwart\p{L}*|piąt\p{L}*|sobot\p{L}*|niedziel\p{L}*|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag`;
const DEADLINE: RegExp[] = [
  new RegExp(String.raw`\b\d+(?:\s?[-–]\s?\d+)?\s+(?:${TIME_UNITS})\b`, 'iu'), // 3 days, 5–7 Werktagen, 48 hours
  new RegExp(String.raw`\b(?:${WEEKDAYS})\b`, 'iu'),
  /\b(?:tomorrow|tonight|demain|domani|amanhã|jutro|jutra|imorgon|i\s+morgon|übermorgen)\b/iu,
  /\b(?:bis|ab|spätestens|schon)\s+morgen\b|\b(?:wird|werden|wir|ist|sind|zal|zullen|is)\s+(?:\p{L}+\s+)?morgen\b|\b(?:para|hasta|antes\s+de)\s+mañana\b|\bmañana\s+(?:mismo|por\s+la)\b/iu,
  /\b(?:next|this|end\s+of\s+(?:the|this|next))\s+(?:week|month|weekend)\b|\b(?:nächste[nr]?|diese[nr]?|kommende[nr]?)\s+woche\b|\bende\s+(?:der|dieser|nächster)\s+woche\b|\bende\s+des\s+monats\b|\bsemaine\s+prochaine\b|\bfin\s+(?:de\s+la\s+semaine|du\s+mois)\b|\b(?:volgende|komende|deze)\s+week\b|\beind\s+van\s+(?:de|deze)\s+(?:week|maand)\b|\bprossima\s+settimana\b|\bfine\s+(?:settimana|mese|del\s+mese)\b|\b(?:próxima|proxima)\s+semana\b|\bsemana\s+que\s+viene\b|\bfinal\s+de\s+(?:la\s+semana|mes)\b|\bfim\s+(?:da\s+semana|do\s+mês)\b|\bprzyszłym\s+tygodniu\b|\bkońca\s+(?:tygodnia|miesiąca)\b|\bnästa\s+vecka\b|\bslutet\s+av\s+(?:veckan|månaden)\b/iu,
].map(unicodeWords);
/**
 * A sentence that reads a date off the customer's account: renewal, sign-up, trial end, the end of
 * the paid period. Such a date is a fact, not a promise — unless we announce an action for it.
 */
const ACCOUNT_FACT =
  unicodeWords(/\b(?:renews?|renewal|renewed|signed\s+up|registered|trial\s+ends|active\s+until|paid\s+until|verlängert\s+sich|verlängerung|registriert|testphase\s+endet|läuft\s+bis|aktiv\s+bis|se\s+renouvelle|renouvellement|inscrit|actif\s+jusqu|wordt\s+verlengd|verlengd|verlenging|geregistreerd|actief\s+tot|si\s+rinnova|rinnovo|rinnova|registrat|attivo\s+fino|se\s+renueva|renovación|registrad[oa]|activo\s+hasta|renova|renovação|ativo\s+até|odnawia|odnowienie|odnowi|zarejestrowan|aktywny\s+do|förnyas|förnyelse|registrerade|aktiv\s+till)/iu);
/** "We will …" in the nine languages: an action we announce, which a date turns into a promise. */
const WE_WILL =
  unicodeWords(/\b(?:we\s+will|we'll|we’ll|we\s+are\s+going\s+to|i\s+will|i'll|i’ll|wir\s+werden|werden\s+wir|ich\s+werde|nous\s+allons|nous\s+\p{L}+rons|je\s+vais|on\s+va|we\s+zullen|wij\s+zullen|ik\s+zal|we\s+gaan|\p{L}+(?:eremo|iremo)|vamos\s+a|\p{L}+(?:aremos|eremos|iremos)|vamos|będziemy|vi\s+kommer\s+att|vi\s+ska|jag\s+ska)\b/iu);

function datePromise(sentence: string): boolean {
  if (DEADLINE.some((re) => re.test(sentence))) return true;
  if (!CALENDAR_DATE.some((re) => re.test(sentence))) return false;
  return !ACCOUNT_FACT.test(sentence) || WE_WILL.test(sentence);
}

/** After . ! ? — but not after an ordinal or a date's dot ("bis zum 12. Dezember"). */
const SENTENCE_BREAK = /(?<=(?<!\d)[.]|[!?。])\s+/u;
const SENTENCE_OR_LINE_BREAK = /(?<=(?<!\d)[.]|[!?。])\s+|\n+/u;

function sentencesOf(text: string): string[] {
  return text
    .split(SENTENCE_OR_LINE_BREAK)
    .map((s) => s.trim())
    .filter(Boolean);
}

function refundPromise(sentence: string): boolean {
  const direct = REFUND_PROMISES.some((re) => {
    const m = re.exec(sentence);
    return !!m && !NEGATION.test(m[0]);
  });
  if (direct) return true;
  return REFUND_WORD.test(sentence) && APPROVED.test(sentence) && !POSSIBILITY.test(sentence) && !NEGATION.test(sentence);
}

/** Every sentence of the draft that promises a refund, names an amount or gives a date/deadline. */
export function findPromises(draft: string): PromiseFinding[] {
  const findings: PromiseFinding[] = [];
  for (const sentence of sentencesOf(draft)) {
    if (refundPromise(sentence)) findings.push({ kind: 'refund', sentence });
    else if (AMOUNT.some((re) => re.test(sentence))) findings.push({ kind: 'amount', sentence });
    else if (datePromise(sentence)) findings.push({ kind: 'date', sentence });
  }
  return findings;
}

/**
 * The draft without the offending sentences (line structure kept). `substantive` says whether
 * anything besides greeting and sign-off is left; when not, the caller should use a safe template.
 */
export function stripPromises(draft: string): { text: string; removed: PromiseFinding[]; substantive: boolean } {
  const removed = findPromises(draft);
  if (removed.length === 0) return { text: draft, removed, substantive: true };
  const bad = new Set(removed.map((f) => f.sentence));
  const lines = draft.split('\n').map((line) => {
    const kept = line
      .split(SENTENCE_BREAK)
      .filter((s) => !bad.has(s.trim()));
    return kept.join(' ');
  });
  const text = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  // Greeting (first line) and the sign-off (last two lines) do not answer anything.
  const body = text.split('\n').filter((l) => l.trim()).slice(1, -2);
  const substantive = body.join(' ').replace(/[^\p{L}]/gu, '').length >= 40;
  return { text, removed, substantive };
}
