// Default answers of the fake Messages API. Tool calls are answered with the offline analyzer's
// triage of the mail text found in the request, shaped as the triage tool's input, so the fake's
// answers are plausible (right language, sensible category, a reply in the customer's language).
// Plain calls (the draft-repair translation) get a short support reply in the requested language.
import type { Analyzer } from '../../shared/ports.js';
import type { FakeRequest, ToolInput } from './server.js';

let offline: Analyzer | undefined;

/** Loaded on first use: tests that bring their own `respond` never pay for the offline model. */
async function offlineAnalyzer(): Promise<Analyzer> {
  if (!offline) {
    const { OfflineAnalyzer } = await import('../../shared/ai/offline/analyzer.js');
    offline = new OfflineAnalyzer();
  }
  return offline;
}

/** Splits the user message's mail section ("From (display name): …", "Subject: …", body) back into parts. */
export function parseMailSection(mailText: string): { name?: string; subject: string; body: string } {
  const lines = mailText.split('\n');
  let name: string | undefined;
  let subject = '';
  let i = 0;
  for (; i < Math.min(lines.length, 3); i++) {
    const line = lines[i] ?? '';
    const from = /^From \(display name\): (.*)$/.exec(line);
    const subj = /^Subject: (.*)$/.exec(line);
    if (from) name = from[1] === '(not given)' ? undefined : from[1];
    else if (subj) subject = subj[1] === '(no subject)' ? '' : (subj[1] ?? '');
    else break;
  }
  return { name, subject, body: lines.slice(i).join('\n').trim() };
}

export async function defaultRespond(req: FakeRequest): Promise<ToolInput> {
  if (req.toolName !== 'triage_ticket') return minimalInputFor(req);
  const mail = parseMailSection(req.mailText);
  const analysis = await (await offlineAnalyzer()).analyze({
    mail: { messageId: 'fake-anthropic', from: { address: 'customer@example.invalid', name: mail.name }, subject: mail.subject, text: mail.body },
    mode: 'full',
  });
  // The fake cannot translate. A real translation is about as long as the original, so the
  // original text stands in (marked) to keep output-token counts plausible.
  const english = analysis.language === 'en';
  const body = mail.body.length > 2000 ? `${mail.body.slice(0, 2000)} [shortened]` : mail.body; // as the prompt asks
  return {
    language: analysis.language,
    translated_subject: english ? mail.subject : `[fake translation] ${mail.subject}`,
    translated_body: english ? body : `[fake translation] ${body}`,
    summary: analysis.summary,
    category: analysis.category,
    confidence: analysis.confidence,
    suggested_team: analysis.suggestedTeam,
    draft_reply: analysis.draft,
    injection_detected: analysis.injectionDetected === true,
  };
}

/** For a tool the fake does not know: the smallest input that satisfies its schema's required fields. */
function minimalInputFor(req: FakeRequest): ToolInput {
  const tool = req.body.tools?.find((t) => t.name === req.toolName);
  const props = (tool?.input_schema.properties ?? {}) as Record<string, { type?: string; enum?: unknown[] }>;
  const out: ToolInput = {};
  for (const name of tool?.input_schema.required ?? []) {
    const p = props[name] ?? {};
    if (p.enum?.length) out[name] = p.enum[0];
    else if (p.type === 'number' || p.type === 'integer') out[name] = 0;
    else if (p.type === 'boolean') out[name] = false;
    else if (p.type === 'array') out[name] = [];
    else if (p.type === 'object') out[name] = {};
    else out[name] = '';
  }
  return out;
}

/** Stand-in "translations": a real support reply in each language the product serves. */
const REPLY_BY_LANGUAGE: Record<string, string> = {
  de: 'Hallo,\n\nvielen Dank für deine Nachricht. Wir haben dein Anliegen erhalten und unser Team schaut es sich genau an. Wir melden uns bei dir, sobald wir mehr wissen.\n\nViele Grüße\nStudyflash Support',
  fr: 'Bonjour,\n\nmerci pour votre message. Nous avons bien reçu votre demande et notre équipe va l’examiner attentivement. Nous revenons vers vous dès que nous en savons plus.\n\nCordialement\nStudyflash Support',
  nl: 'Hoi,\n\nbedankt voor je bericht. We hebben je vraag ontvangen en ons team gaat er zorgvuldig naar kijken. We nemen contact met je op zodra we meer weten.\n\nMet vriendelijke groet\nStudyflash Support',
  it: 'Ciao,\n\ngrazie per il tuo messaggio. Abbiamo ricevuto la tua richiesta e il nostro team la sta esaminando con attenzione. Ti ricontatteremo appena avremo novità.\n\nUn saluto\nStudyflash Support',
  es: 'Hola,\n\ngracias por tu mensaje. Hemos recibido tu consulta y nuestro equipo la está revisando con atención. Te escribiremos en cuanto sepamos más.\n\nUn saludo\nStudyflash Support',
  pt: 'Olá,\n\nobrigado pela sua mensagem. Recebemos o seu pedido e a nossa equipa está a analisá-lo com atenção. Entraremos em contacto assim que soubermos mais.\n\nCom os melhores cumprimentos\nStudyflash Support',
  pl: 'Dzień dobry,\n\ndziękujemy za wiadomość. Otrzymaliśmy Twoje zgłoszenie i nasz zespół dokładnie je sprawdza. Odezwiemy się, gdy tylko będziemy wiedzieć więcej.\n\nPozdrawiamy\nStudyflash Support',
  sv: 'Hej,\n\ntack för ditt meddelande. Vi har tagit emot ditt ärende och vårt team tittar noga på det. Vi hör av oss så snart vi vet mer.\n\nVänliga hälsningar\nStudyflash Support',
  en: 'Hi,\n\nthank you for your message. We have received your request and our team is looking into it carefully. We will get back to you as soon as we know more.\n\nBest regards\nStudyflash Support',
};

export function defaultRespondText(req: FakeRequest): string {
  const target = /<target_language>([a-z]{2})<\/target_language>/.exec(req.userText)?.[1];
  if (target && REPLY_BY_LANGUAGE[target]) return REPLY_BY_LANGUAGE[target];
  const draft = /<draft>\n?([\s\S]*?)\n?<\/draft>/.exec(req.userText)?.[1];
  return draft ?? 'OK';
}
