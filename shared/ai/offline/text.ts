// Text helpers of the offline analyzer: accent folding, tokenising, and removing text that talks
// to "the AI" instead of to support (prompt injection), so such text never reaches the classifier.

/** Lower-case, strip accents and fold the letters NFD leaves alone, so "Rückerstattung",
 * "RUECKERSTATTUNG"-less spellings like "ruckerstattung" and "zwrot pieniędzy" match one lexicon. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/[’‘`´]/g, "'");
}

/** Words of folded text (letters and digits, at least two characters). */
export function words(folded: string): string[] {
  return folded.match(/[a-z0-9]+(?:'[a-z]+)?/g)?.filter((w) => w.length >= 2) ?? [];
}

/** Words that name the AI, its assistant or a bot, in the nine languages. */
const AI_WORDS = String.raw`ai|ki|ia|llm|chatgpt|claude|gpt|bot|assistant|assistent\w*|assistente|asystent\w*`;

// Sentences that address an AI system or try to dictate the outcome. They are data, never
// commands: we drop them before classifying and note that the mail contained them.
const INJECTION_PATTERNS: RegExp[] = [
  // "ignore (all) previous/above instructions" in the nine languages
  /\b(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions?|prompts?|rules|guidelines)\b/,
  /\bignorier\w*\b.{0,40}\b(?:anweisungen|instruktionen|regeln|vorgaben)\b/,
  /\bignor\w*\b.{0,40}\b(?:instruc\w*|consignes|regles|istruzion\w*|regole|reglas|regras|instrukc\w*|instruktion\w*|anweisung\w*)/,
  /\b(?:negeer|vergeet)\w*\b.{0,40}\b(?:instructies|opdrachten|regels)\b/,
  /\bignora\w*\b.{0,40}\b(?:istruzioni|regole|instrucciones|reglas|instrucoes|regras)\b/,
  /\b(?:forget|vergiss|oublie|vergeet|dimentica|olvida|esquece|zapomnij|glom)\w*\b.{0,40}\b(?:instruc\w*|anweisung\w*|consignes|instructies|istruzion\w*|instrukc\w*|instruktion\w*|regeln|regles|regole|reglas|regras|zasady|regler|rules)/,
  /\bzignoruj\w*\b.{0,40}\b(?:instrukcje|polecenia|zasady)\b/,
  /\bignorera\w*\b.{0,40}\b(?:instruktioner|regler)\b/,
  // addressing the model or its system
  /\b(?:system prompt|systemprompt|prompt injection|jailbreak|admin mode|developer mode|you are now|du bist jetzt|tu es maintenant|je bent nu|ora sei|ahora eres|agora es|jestes teraz|du ar nu)\b/,
  /\[\s*(?:system|assistant|admin)\s*\]|<\/?\s*(?:system|email|instructions?)\s*>|^\s*(?:system|assistant)\s*:/,
  // An AI or its system named, then what it should do with the mail ("j'ai", "je n'ai": the French
  // verb, not an AI)…
  new RegExp(String.raw`(?<!\b(?:j|n|qu)')\b(?:${AI_WORDS}|systeem|system\w*|sistema|systeme)\b.{0,60}\b(?:classif\w*|categor\w*|kategori\w*|confidence|konfidenz|confiance|confianza|confianca|zekerheid|pewnosc|sakerhet|label|mark|markier\w*|markeer|markera|assign\w*|zuweis\w*|toewijz\w*|assegn\w*|asign\w*|atribu\w*|przypisz\w*|tilldela\w*|instruction\w*|anweisung\w*|regel\w*|istruzion\w*|instruccion\w*|instruc\w*|polecen\w*|instrukc\w*|consignes)\b`),
  // …or what it should reply: the AI only ("the system … my answer" is a quiz bug, not an order, and
  // "another bot reply" names an automatic answer)
  new RegExp(String.raw`(?<!\b(?:j|n|qu)')\b(?:${AI_WORDS})\b(?!\s+(?:reply|replies|answer|answers)\b).{0,60}\b(?:reply|antwort\w*|reponse|antwoord|rispost\w*|respuest\w*|resposta|odpowied\w*|svar)\b`),
  // addressing "the model" or a system message in the nine languages ("note for the AI: …"; a
  // heading, so "paying for an AI that hallucinates" is not one, nor a compound such as
  // "for AI-training": a hyphen counts only with a space before it)
  /\b(?:for|pour|fur|voor|per|para|dla|till|to|note to|nota para|note pour|hinweis fur)\b.{0,12}\b(?:ai|ki|ia|llm|language model|modele|model|modell|modello|modelo|modelu|sprachmodell|taalmodel|sprakmodell|assistant|assistent\w*|assistente|asistente|asystent\w*)\b(?:\s+\w+)?(?:\s*[:–—]|\s+-)/,
  // "if you are an AI (assistant) …" in the nine languages (Dutch and German with their final verb,
  // so "als je een AI-functie hebt" is not one)
  /\bif you(?: are|'re) (?:an? )?(?:ai|llm|bot|chatbot|assistant|language model|gpt|chatgpt|claude)\b|\b(?:wenn|falls) (?:du|sie) (?:eine?n? )?(?:ki|ai|bot|chatbot|assistent\w*|sprachmodell)\S* (?:bist|sind)\b|\bsi (?:vous etes|tu es) (?:une? )?(?:ia|ai|bot|chatbot|assistant\w*|modele)\b|\bals (?:je|jij|u) (?:een )?(?:ai|bot|chatbot|assistent\w*|taalmodel)\S* (?:bent|is)\b|\bse (?:tu )?sei (?:un'|un |una )?(?:ia|ai|bot|chatbot|assistente|modello)\b|\bsi (?:eres|usted es) (?:una? )?(?:ia|ai|bot|chatbot|asistente|modelo)\b|\bse (?:voce|tu) (?:e|es) (?:uma? )?(?:ia|ai|bot|chatbot|assistente|modelo)\b|\b(?:jesli|jezeli|gdy) jestes (?:ai|botem|chatbotem|asystentem|modelem)\b|\bom du ar (?:en )?(?:ai|bot|chatbot|assistent\w*|sprakmodell)\b/,
  // a sentence that opens by addressing the AI ("[Till AI-assistenten som sorterar denna inkorg: …")
  new RegExp(String.raw`^\W*(?:to|an|aan|al|alla|ao|a|do|till|for|fur|pour|voor|per|para|dla)\b.{0,12}\b(?:${AI_WORDS}|language model|sprachmodell|taalmodel|asistente)\b(?:[\s,-]+\w+){0,5}\s*:`, 'm'),
  // a note or an instruction for the AI or the bot ("[Istruzione per l'assistente IA: …]", "Nota para el bot: …")
  /\b(?:istruzion\w*|instruc\w*|instrukc\w*|instruktion\w*|anweisung\w*|hinweis|nota|note|notitie|anteckning|opmerking|uwaga)\s+(?:per|para|pour|for|to|fur|an|voor|dla|till|a)\b.{0,20}\b(?:ai|ki|ia|bot|llm|chatbot|assistant|assistent\w*|assistente|asistente|asystent\w*)\b/,
  /\b(?:modele|modell|modello|modelo|modelu|model|sprachmodell|taalmodel|sprakmodell|language model|asistente|assistente)\b.{0,60}\b(?:consider\w*|treat|behandl\w*|traite\w*|tratta\w*|trata\w*|trate|traktuj\w*|promet\w*|promise|versprich|beloof|prometti|obiecaj|lova|classif\w*|klassif\w*|ignor\w*|olvida|oublie|vergiss|zapomnij|glom)/,
  /\b(?:consider\w*|treat|behandle|traite|tratta|considera|trata|trate|traktuj|behandla)\b.{0,30}\b(?:this|ce|cet|diese\w*|dit|deze|questo|questa|este|esta|to|ten|denna|detta)\b.{0,20}\b(?:message|mail|email|e-mail|nachricht|bericht|messaggio|mensaje|mensagem|wiadomosc\w*|meddelande|ticket)\b.{0,20}\b(?:as|als|comme|come|como|jako|som)\b(?!\s+(?:(?:a|an|my|our|eine?|meine?|une?|ma|mon|een|mijn|una?|mia|mi|uma?|minha|moje?|min|mitt|formal\w*|formell\w*|officiel\w*|formele|formale|ufficiale|oficial|formaln\w*)\s+)*(?:notice|complaint|cancellation|termination|withdrawal|kundigung|widerruf|beschwerde|reklamation|resiliation|reclamation|plainte|retractation|mise en demeure|opzegging|klacht|herroeping|ingebrekestelling|disdetta|reclamo|recesso|diffida|baja|reclamacion|desistimiento|cancelamento|reclamacao|rescisao|wypowiedzeni\w*|reklamacj\w*|odstapieni\w*|uppsagning|klagomal|angerratt)\b)/,
  /\b(?:promise|promets|promettez|versprich|versprechen sie|beloof|prometti|promete|prometa|obiecaj|lova)\b.{0,40}\b(?:the customer|au client|dem kunden|de klant|al cliente|ao cliente|klientowi|kunden|refund|rembours\w*|erstatt\w*|terugbetal\w*|rimbors\w*|reembols\w*|zwrot\w*|aterbetal\w*|\d)/,
  /\bsystem\w*(?:meddelande|meldung|nachricht|bericht)\b|\bmessage (?:du )?systeme\b|\b(?:messaggio|mensaje|mensagem) d(?:i|el|o) sistema\b|\bkomunikat systemowy\b|\b(?:admin|developer|entwickler)-?modus\b|\bmode (?:admin|developpeur)\b|\bmodo (?:admin|administrador|desarrollador|desenvolvedor|sviluppatore)\b|\btryb (?:admina|dewelopera)\b|\b(?:admin|utvecklar)lage\b/,
  // dictating the outcome
  /\b(?:classify|categori[sz]e|label|mark|tag|set)\b.{0,30}\b(?:this|the|as|category|ticket|mail|email)\b.{0,40}\b(?:bug-report|refund-request|product-question|other|high[- ]confidence|needs[- ]triage)\b/,
  /\b(?:kategorie|categorie|categoria|category|kategoria|kategori)\b\s*(?:=|:|auf|op|a|to|na|till|en|como|as)\s*["'„«]?\s*(?:bug-report|refund-request|product-question|other|refund|rimborso|reembolso)/,
  /\b(?:confidence|konfidenz|confiance|confianza|confianca|fiducia|zekerheid|pewnosc|sakerhet)\b.{0,20}\b(?:1[.,]0+|100|0[.,]9\d*|maxim\w*|hoch\w*|max)\b/,
  // "classify this message as …" in the other eight languages
  /\b(?:classe[rz]?|classifie[rz]?|classifica|clasifica|classifique|sklasyfikuj|klassificera|kategorisiere|klassifiziere|ordne)\b.{0,30}\b(?:ce|cette|le|questo|este|esta|esse|essa|to|den|diese\w*|dit|this)\b.{0,30}\b(?:comme|come|como|jako|som|als|as)\b/,
  /\bassigne[zr]?-(?:le|la)\b|\bweise\b.{0,20}\bzu\b.{0,10}$|\bassegnal[oa]\b|\basignal[oa]\b|\batribua-o\b|\bprzypisz je\b|\bwijs het toe\b/,
  /\b(?:bug-report|refund-request|product-question|needs-triage|high-confidence)\b/,
  // imperative instructions about handling the ticket or what the reply must say
  /\b(?:assign|route|escalate|forward) (?:it|this|the ticket|this ticket)\b|\bskip (?:the )?(?:human|manual) review/,
  /\b(?:write|draft|send|compose) (?:a |the |in the )?(?:reply|answer|response)\b.{0,20}\b(?:that|confirming|saying|promising|stating)\b/,
  /\bschreib\w* (?:in (?:der|die|deiner) antwort|dass)\b|\bweise (?:das ticket|es|sie)\b.{0,30}\bzu\b|\bsetze? die (?:kategorie|konfidenz|prioritat)/,
  // ("écris / écrivez que" is an order; "c'est écrit que" on a help page is not)
  /\b(?:ecris|ecrivez) (?:dans la reponse|que)\b|\breponds? que\b|\bassigne[zr]? (?:ce|le) ticket/,
  /\bschrijf (?:in het antwoord|dat)\b|\bwijs (?:het|dit) ticket/,
  /\bscrivi (?:che|nella risposta)\b|\brispondi che\b|\bassegna (?:il|questo) ticket/,
  /\bescribe (?:que|en la respuesta)\b|\basigna (?:el|este) ticket/,
  /\bescreva (?:que|na resposta)\b|\bresponda que\b|\batribua (?:o|este) ticket/,
  /\bnapisz (?:ze|w odpowiedzi)\b|\bodpowiedz ze\b|\bprzypisz (?:to|ten|zgloszenie)/,
  /\bskriv (?:att|i svaret)\b|\bsvara att\b|\btilldela (?:arendet|det)/,
];

export function isInjection(sentence: string): boolean {
  const f = fold(sentence);
  return INJECTION_PATTERNS.some((re) => re.test(f));
}

/** One pass over the whole text first: almost no mail contains any of this. */
function mayContainInjection(text: string): boolean {
  const f = fold(text);
  return INJECTION_PATTERNS.some((re) => re.test(f)) || /\n\s*(?:system|assistant)\s*:/.test(f);
}

/** Splits into sentences and line-level pieces (mails often skip punctuation). */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'„«(\[<])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

// First-person words of the nine languages: a sentence with one is the customer talking about
// themselves, not an instruction to the AI — unless it opens with an order ("Write that I…").
const FIRST_PERSON = /\b(?:i|i'm|i've|my|me|ich|mein\w*|mir|mich|je|j'\w+|mon|ma|mes|moi|ik|mijn|io|mio|mia|miei|mie|ho|yo|mis|eu|meu|minha|meus|ja|moj\w*|mnie|mi|jag|min|mitt|mina|mig)\b/;
const ORDER_TO_AI = /^\W*(?:write|say|tell|promise|set|mark|assign|classify|give|answer|reply|schreib\w*|sag\w*|versprich|setz\w*|antworte|ecri[st]|dis|promets|reponds|schrijf|zeg|beloof|antwoord|scrivi|di'|prometti|rispondi|escribe|di|promete|responde|escreva|diga|prometa|napisz|powiedz|obiecaj|odpowiedz|skriv|sag|lova|svara)\b/;

function isCustomerVoice(sentence: string): boolean {
  const f = fold(sentence);
  return FIRST_PERSON.test(f) && !ORDER_TO_AI.test(f);
}

/** The text without injection sentences, and how many were dropped. */
export function withoutInjection(text: string): { text: string; dropped: number } {
  if (!mayContainInjection(text)) return { text, dropped: 0 };
  // A paragraph that starts with an instruction to the AI usually continues it ("Set the category
  // to…", "Write that I get…"): drop the whole paragraph, not only the matching sentence.
  const paragraphs = text.split(/\n\s*\n/);
  let dropped = 0;
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    const parts = sentences(paragraph);
    const flagged = parts.map(isInjection);
    if (!flagged.includes(true)) {
      kept.push(paragraph);
      continue;
    }
    // What follows an instruction to the AI in the same paragraph usually continues it ("Assign it
    // to…") — unless the customer speaks in their own voice again ("Real question: I was charged
    // twice…"), which is the request we must judge.
    const first = flagged.indexOf(true);
    const rest: string[] = [];
    for (let i = first; i < parts.length; i++) {
      if (!flagged[i] && isCustomerVoice(parts[i]!)) rest.push(parts[i]!);
      else dropped++;
    }
    const keptParts = [...parts.slice(0, first), ...rest];
    if (keptParts.length > 0) kept.push(keptParts.join(' '));
  }
  return { text: kept.join('\n\n').trim(), dropped };
}

/**
 * Whether `re` matches `full`, and whether it matches the part from `boundary` on (the text after
 * a subject line) as it would on that part alone: one scan of the whole string, and a second from
 * the boundary only when the first match began before it. Exact for patterns that cannot start
 * with the boundary character (a newline) or look behind across it — true of the lexicon's.
 */
export function matchesBoth(re: RegExp, full: string, boundary: number): { full: boolean; part: boolean } {
  const g = globalCopy(re);
  g.lastIndex = 0;
  const first = g.exec(full);
  if (!first) return { full: false, part: false };
  if (first.index >= boundary) return { full: true, part: true };
  g.lastIndex = boundary;
  return { full: true, part: g.exec(full) !== null };
}

/** The ids of the patterns matching `full`, and of those matching the part from `boundary` on (matchesBoth). */
export function idsMatchingBoth(patterns: readonly { id: string; re: RegExp }[], full: string, boundary: number): { full: string[]; part: string[] } {
  const out = { full: [] as string[], part: [] as string[] };
  for (const { id, re } of patterns) {
    const m = matchesBoth(re, full, boundary);
    if (m.full) out.full.push(id);
    if (m.part) out.part.push(id);
  }
  return out;
}

const GLOBAL = new WeakMap<RegExp, RegExp>();
function globalCopy(re: RegExp): RegExp {
  let g = GLOBAL.get(re);
  if (!g) GLOBAL.set(re, (g = new RegExp(re.source, `${re.flags.replace('g', '')}g`)));
  return g;
}
