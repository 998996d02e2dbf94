// Hand-curated multilingual cues (de fr nl it es en pt pl sv) that map a mail's words to
// language-independent concepts: "Rückerstattung", "remboursement" and "zwrot" all become
// `refund`. The classifier learns how much each concept counts from the sample tickets, and the
// prior weights below encode DESIGN.md §6 so a concept the samples rarely show still counts
// — that is what lets ~100 training mails generalise to unseen mails in nine languages.
// Patterns run on folded text (lower case, no accents; see text.ts) and match at a word start.
import type { Category } from '../../domain.js';

export interface Concept {
  id: string;
  /** Regex sources, OR-ed; each is anchored at a word boundary. */
  cues: string[];
  /** Prior weight per category (the trained weights are pulled towards these). */
  prior: Partial<Record<Category, number>>;
  /** English words used in the offline gist and summary. */
  gist?: string;
}

export const CONCEPTS: Concept[] = [
  // ---------- money back ----------
  {
    id: 'refund',
    gist: 'asks for money back',
    prior: { 'refund-request': 3.2, 'bug-report': -0.6, 'product-question': -0.6 },
    cues: [
      'refund', 'reimburs', 'money back', '(?:like|want) (?:that|this|it|the (?:charge|payment)) reversed', 'reverse (?:the|that|this) (?:charge|payment|transaction)', 'my money', 'full amount back', 'payment back', 'charge back',
      'ruckerstatt', 'rueckerstatt', 'erstatt', 'ruckzahl', 'rueckzahl', 'geld zuruck', 'geld wieder', 'zuruckerstatt', 'zuruckgebucht', 'zuruckbuch', 'zuruckgeben', 'zuruckbekomm', 'zuruckzahl', 'betrag zuruck', 'gutschrift',
      'rembours', 'me rendre (?:mon|l)', 'recuperer mon argent', 'argent rendu',
      'terugbetal', 'geld terug', 'terugstort', 'teruggestort', 'terug(?:ge)?boek', 'terug te krijgen', 'terugkrijgen', 'restitutie', 'restitueren',
      'rimbors', 'soldi indietro', 'restituzione', 'restituir', 'restituit',
      'reembols', 'devolucion', 'devolver (?:el|mi|me|mi) ?dinero', 'devuelvan', 'devolvais', 'dinero de vuelta', 'me devuelv', 'devolver el importe',
      'devolucao', 'dinheiro de volta', 'estorn', 'devolver o (?:dinheiro|valor)', 'devolvam', 'reembolsad',
      'zwrot', 'zwroc', 'oddac pieniadze', 'oddajcie', 'zwrocenie',
      'aterbetal', 'pengarna tillbaka', 'pengar tillbaka', 'aterfa', 'aterbetalning', 'ersatt', 'kreditera',
      '(?:money|cash|bucks|geld|kohle|knete|argent|sous|fric|centen|soldi|dinero|plata|dinheiro|grana|pieniadz\\w*|pieniedz\\w*|kas[aey]|pengar\\w*|stalar)\\b.{0,25}\\b(?:back|zuruck\\w*|rendre|rendez|rembours\\w*|terug\\w*|indietro|ridat\\w*|restitu\\w*|devolv\\w*|devuelv\\w*|de vuelta|de volta|reaver|zwroc\\w*|zwrot\\w*|oddac|oddajcie|odda\\w*|z powrotem|tillbaka|ater\\b|aterbetal\\w*|aterfa\\w*)', '(?:back|zuruck\\w*|rendre|rendez|rembours\\w*|terug\\w*|indietro|ridat\\w*|restitu\\w*|devolv\\w*|devuelv\\w*|de vuelta|de volta|reaver|zwroc\\w*|zwrot\\w*|oddac|oddajcie|odda\\w*|z powrotem|tillbaka|ater\\b|aterbetal\\w*|aterfa\\w*)\\b.{0,15}\\b(?:money|cash|bucks|geld|kohle|knete|argent|sous|fric|centen|soldi|dinero|plata|dinheiro|grana|pieniadz\\w*|pieniedz\\w*|kas[aey]|pengar\\w*|stalar)', 'give (?:it|that) (?:all )?back', '(?:what|everything) i (?:have )?paid', 'zuruckhaben', '(?:will|mochte|hatte gern|hatte gerne) (?:das|es|den betrag|die kohle) (?:\\w+ )?(?:zuruck|wieder)', 'was ich (?:bezahlt|gezahlt) habe', 'ce que j.ai paye', 'recuperer (?:mes|mon|l.argent|la somme)', 'terugstorten', 'wat ik (?:heb )?betaald', 'terug op mijn rekening', 'rivoglio (?:i (?:miei )?)?soldi', 'quello che ho pagato', 'restituite', 'devolveis', 'lo que (?:he )?pague', 'me lo devolv', 'receber de volta', 'quero (?:\\w+ ){0,3}de volta', 'o que (?:eu )?paguei', 'to co zaplacil', 'det jag (?:har )?betal',
      'odzyska\\w* (?:pieniadz|pieniedz|srodk|kase)\\w*',
    ],
  },
  {
    id: 'chargeback',
    gist: 'mentions a chargeback/dispute',
    prior: { 'refund-request': 2.2 },
    cues: ['chargeback', 'dispute', 'ruckbuchung', 'lastschrift zuruck', 'reklamier', 'paypal.{0,20}(?:konflikt|dispute|case|fall)', 'contester le', 'litige', 'opposition', 'storneren', 'terugboeking', 'contestazione', 'contestar el cargo', 'disputa', 'contestacao', 'reklamacj', 'bestrid'],
  },
  {
    id: 'twice',
    prior: { 'refund-request': 0.3 },
    cues: ['twice', 'two times', 'double\\b', 'doubled', 'duplicate', 'two (?:identical )?(?:charges|payments)', 'zweimal', 'doppelt', 'zwei abbuchungen', 'deux fois', 'doubl', 'deux prelevements', 'twee keer', 'dubbel', 'tweemaal', 'due volte', 'doppi', 'duplicat', 'dos veces', 'duplicad', 'doble', 'duas vezes', 'dwa razy', 'dwukrotnie', 'podwojn', 'tva ganger', 'dubbl'],
  },
  {
    id: 'charged',
    gist: 'was charged',
    prior: { 'refund-request': 1.0, 'product-question': -0.2 },
    cues: [
      'charged', 'charging', 'left my (?:bank )?account', 'taken from my (?:bank )?account', 'van mijn rekening', 'von meinem konto', 'de mon compte', 'dal mio conto', 'de mi cuenta', 'da minha conta', 'z (?:mojego )?konta', 'fran mitt (?:konto|kort)', 'sciagni', 'dragit', 'charges? (?:on|for|from)', '(?:a|the|double|duplicate|two) charges?\\b', 'billed', 'debited', 'payment (?:was )?taken', 'took (?:my )?money', 'deducted',
      'abgebucht', 'abbuchung', 'belastet', 'eingezogen', 'berechnet', 'abgezogen', 'verrechnet',
      'debite', 'preleve', 'prelevement', 'ete facture', 'm.a facture', 'paye deux',
      'afgeschreven', 'afschrijving', 'gefactureerd', 'in rekening gebracht', 'afgeboekt',
      'addebit', 'prelevat', 'scalat', 'pagato due',
      'cobrad', 'cobro', 'cobrar', 'cobraron', 'cargo', 'me han cobrado',
      'cobranca', 'cobrou', 'debitad', 'descontad',
      'pobran', 'pobral', 'obciaz', 'zaplacil', 'pobrano',
      'debiterad', 'dragit', 'drogs', 'debitering',
      'took .{0,25}(?:off|from) my', 'off my (?:card|account)', 'on my (?:card|statement|bank statement)', 'abgegangen', 'vom konto', 'von (?:der|meiner) karte', 'kontoauszug', 'sur (?:ma|mon) (?:carte|releve)', 'de ma carte', 'van mijn (?:kaart|creditcard)', 'op mijn (?:afschrift|rekening)', 'sulla (?:mia )?carta', 'dalla (?:mia )?carta', 'estratto conto', 'en mi (?:tarjeta|extracto)', 'de mi tarjeta', 'no meu (?:cartao|extrato)', 'do meu cartao', 'z (?:mojej )?karty', 'na (?:mojej )?karcie', 'wyciag', 'pa mitt (?:kort|kontoutdrag)', 'dragit pengar', 'dragits', 'drog (?:ni|pengar)',
      '(?:took|taken|take|genommen|abgezogen|abgebucht|pris|prendre|genomen|afgepakt|preso|presi|tolto|tolti|quitado|quitaron|cogido|cobrado|tirado|tiraram|levaram|descont\\w*|wzieli\\w*|zabral\\w*|pobral\\w*|tagit|tog|dragit)\\b.{0,20}\\d+(?:[.,]\\d+)? ?(?:€|\\$|£|eur\\w*|chf|usd|gbp|pln|zl\\w*|sek|kr|dollar\\w*|bucks|franken|francs?)', '(?:took|taken|take|genommen|abgezogen|abgebucht|pris|prendre|genomen|afgepakt|preso|presi|tolto|tolti|quitado|quitaron|cogido|cobrado|tirado|tiraram|levaram|descont\\w*|wzieli\\w*|zabral\\w*|pobral\\w*|tagit|tog|dragit)\\b.{0,20}(?:€|\\$|£|eur\\w*|chf|usd|gbp|pln|zl\\w*|sek|kr|dollar\\w*|bucks|franken|francs?) ?\\d', 'm.avez pris', 'mi avete (?:preso|tolto|addebitato)', 'me (?:habeis|han) (?:quitado|cobrado)', 'ni har (?:tagit|dragit)', 'descont\\w*',
    ],
  },
  {
    id: 'after-cancel',
    gist: 'charged after cancelling',
    prior: { 'refund-request': 1.4 },
    cues: [
      '(?:after|although|despite|even though)\\b.{0,25}\\b(?:cancel|trial)', 'cancel+ed\\b.{0,60}\\b(?:still|again|charged|billed)',
      '(?:obwohl|trotz|nach)\\b.{0,40}\\b(?:gekundigt|kundigung|testphase|probe(?:zeit|abo|monat|phase|woche))', 'gekundigt\\b.{0,60}\\b(?:trotzdem|dennoch|abgebucht|verlangert)',
      '(?:apres|malgre|bien que)\\b.{0,40}\\b(?:resili|annul|essai)', '(?:resilie|annule)\\b.{0,60}\\b(?:quand meme|toujours|debite|preleve|facture)',
      '(?:na|ondanks|hoewel)\\b.{0,40}\\b(?:opgezegd|opzegging|proefperiode)', 'opgezegd\\b.{0,60}\\b(?:toch|nog steeds|afgeschreven)',
      '(?:dopo|nonostante|anche se)\\b.{0,40}\\b(?:disdett|disdir|annull|prova\\b|periodo di prova)', '(?:disdetto|annullato)\\b.{0,60}\\b(?:comunque|ancora|addebit)',
      '(?:despues|aunque|a pesar)\\b.{0,40}\\b(?:cancel|prueba gratu|prueba gratis|periodo de prueba|darme de baja|di de baja)', 'cancele\\b.{0,60}\\b(?:cobrad|cobraron|igual)',
      '(?:depois|apesar|mesmo)\\b.{0,40}\\b(?:cancel|teste gratu|teste gratis|periodo de teste)', 'cancelei\\b.{0,60}\\b(?:cobrad|cobrou)',
      '(?:po|mimo)\\b.{0,40}\\b(?:anulow|rezygn|okres probny|wypowiedz)', '(?:anulowal|zrezygnowal)\\w*\\b.{0,60}\\b(?:pobran|obciaz)',
      '(?:efter|trots|fast)\\b.{0,40}\\b(?:sagt upp|sa upp|avslut|provperiod)', 'sa upp\\b.{0,60}\\b(?:anda|debiterad|dragit)',
    ],
  },
  {
    id: 'unwanted-purchase',
    gist: 'purchase by mistake / unwanted renewal',
    prior: { 'refund-request': 1.2 },
    cues: [
      'by (?:mistake|accident)', 'accidentally', 'didn.?t (?:want|mean|authori)', 'without my (?:consent|permission)', 'unauthori[sz]ed', 'wrong (?:plan|subscription)',
      'versehentlich', 'aus versehen', 'falsche[sn]? abo', 'ungewollt', 'ohne (?:meine )?zustimmung', 'ruckgangig', 'widerruf', 'vom vertrag zuruck',
      'par erreur', 'sans mon (?:accord|consentement)', 'retractation',
      'per ongeluk', 'per abuis', 'zonder (?:mijn )?toestemming', 'herroep',
      'per errore', 'senza (?:il mio )?consenso', 'recesso',
      'por error', 'sin mi (?:consentimiento|permiso)', 'desistimiento',
      'por engano', 'sem (?:o meu )?consentimento', 'sem autorizacao',
      'przez pomylke', 'omylkowo', 'bez mojej zgody', 'odstapi',
      'av misstag', 'utan mitt (?:medgivande|godkannande)', 'angerratt', 'angra',
    ],
  },
  {
    id: 'no-refund',
    gist: 'explicitly no refund wanted',
    prior: { 'refund-request': -3.0, 'product-question': 1.2 },
    cues: [
      '(?:no|not|don.?t|dont|do not) (?:need|want|asking for|expect)? ?(?:a |any )?refund', 'without (?:a )?refund', 'refund (?:is )?not necessary',
      'keine (?:ruck)?erstattung', 'kein geld zuruck', 'nicht (?:um )?(?:eine )?(?:ruck)?erstattung', 'es geht (?:mir )?nicht ums geld',
      'pas (?:besoin )?(?:de|d.un) remboursement', 'sans remboursement', 'ne demande pas (?:de |le )?rembours',
      'geen terugbetaling', 'geen geld terug', 'hoef geen',
      'non (?:voglio|chiedo|serve) (?:alcun |un |il )?rimbors', 'nessun rimborso', 'senza rimborso',
      'no (?:pido|quiero|necesito) (?:ningun |un |el )?reembolso', 'sin reembolso', 'ningun reembolso',
      'nao (?:quero|preciso|peco) (?:de )?(?:nenhum |um |o )?reembolso', 'sem reembolso',
      'nie (?:chce|potrzebuje|prosze o) zwrot', 'bez zwrotu',
      '(?:vill|behover) inte ha (?:nagon )?aterbetalning', 'ingen aterbetalning', 'utan aterbetalning',
      // "I don't want/need … back" with the refund word a few words later
      '(?:don.?t|do not|not) (?:want|need|asking for|expect|looking for)\\b.{0,20}(?:refund|money back)',
      '(?:will|mochte|brauche|moechte|erwarte) (?:\\w+ )?kein\\w*\\b.{0,20}(?:geld|erstattung|ruckerstattung)', '(?:geld zuruck|erstattung)\\b.{0,20}(?:brauche ich|muss) nicht',
      'je ne (?:veux|demande|souhaite|cherche) (?:pas|aucun)\\b.{0,25}(?:rembours|argent)', 'rembours\\w* (?:n.est )?pas necessaire',
      'ik (?:wil|hoef|vraag) geen\\b.{0,20}(?:geld|terugbetal)', '(?:geld terug|terugbetaling) (?:hoeft|is) niet',
      'non (?:voglio|chiedo|pretendo|cerco)\\b.{0,25}(?:rimbors|soldi|restitu)',
      'no (?:quiero|pido|necesito|busco)\\b.{0,25}(?:reembols|devolv|dinero)',
      'nao (?:quero|peco|preciso)\\b.{0,25}(?:reembols|dinheiro|devolv)',
      'nie (?:chce|potrzebuje|oczekuje|prosze o)\\b.{0,25}(?:zwrot|pieniedz)',
      '(?:vill|behover) inte\\b.{0,25}(?:aterbetal|pengar)',
      'hoef (?:\\w+ ){0,3}(?:geld|terugbetal)\\w*', 'geld (?:\\w+ )?niet terug', 'behover inga pengar', 'inga pengar tillbaka', 'vill inte ha (?:\\w+ ){0,2}pengar',
    ],
  },
  // ---------- something broken ----------
  {
    id: 'crash',
    gist: 'app crashes/freezes',
    prior: { 'bug-report': 2.6 },
    cues: [
      'crash', 'freez', 'frozen', 'hangs', 'hanging', 'stuck', 'closes itself', 'shuts down', 'white screen', 'black screen', 'blank screen',
      'absturz', 'sturzt', 'abgesturzt', 'sturzen', 'schmiert', 'friert', 'eingefroren', 'hangt', 'hangen', 'bleibt (?:\\w+ )?(?:hangen|stehen)', 'schliesst sich', 'schliest sich', 'weisser bildschirm', 'weisse seite', 'schwarzer bildschirm',
      'plante', 'crashe', 'bloque', 'fige', 'se ferme', 'ecran blanc', 'ecran noir',
      'crasht', 'loopt vast', 'vastgelopen', 'vastloop', 'hangt', 'blijft hangen', 'sluit (?:zich|vanzelf)', 'wit scherm',
      'si blocca', 'bloccat', 'si chiude', 'si pianta', 'schermata bianca', 'crasha', 'si impalla',
      'se cierra', 'se bloquea', 'bloquea', 'se cuelga', 'colgad', 'se queda (?:cargando|pillad|colgad|en blanco)', 'pantalla (?:blanca|negra)',
      'trava', 'travando', 'travou', 'fecha sozinh', 'congela', 'tela branca', 'crashou', 'fica carregando',
      'zawiesza', 'zawiesil', 'zamyka sie', 'wylacza sie', 'crashuje', 'bialy ekran', 'zacina',
      'kraschar', 'krasch', 'hanger sig', 'fryser', 'stangs ner', 'vit skarm', 'laser sig', 'loop', 'pantalla en blanco',
      'sluit (?:\\w+ )?af\\b', 'wywala\\w*', 'wylacza', 'zamyka', 'stanger (?:\\w+ )?(?:ner|av)\\b', 'stanger sig',
    ],
  },
  {
    id: 'error',
    gist: 'error message',
    prior: { 'bug-report': 1.8 },
    cues: [
      'error', 'errors', 'exception', 'went wrong', 'failed', 'fails', 'failure', 'http \\d{3}', '\\d{3} error', 'error \\d{3}',
      'fehler', 'fehlgeschlagen', 'schiefgelaufen', 'schief gelaufen', 'meldung',
      'erreur', 'echou', 'echec', 'probleme est survenu',
      'fout', 'foutmelding', 'mislukt', 'misgegaan',
      'errore', 'non riuscit', 'fallit', 'e andato storto',
      'error', 'fallo', 'fallid', 'ha fallado', 'algo salio mal',
      'erro', 'falhou', 'falha', 'deu errado',
      'blad\\b', 'bledu', 'bledem', 'bledy', 'bledn', 'nie powiodl', 'nieudan', 'cos poszlo nie tak',
      'fel\\b', 'felet', 'felmeddelande', 'misslyck', 'nagot gick fel',
      'wyskakuje', 'komunikat\\w*', '(?:krijg|komt|verschijnt) (?:\\w+ )?melding', 'messaggio di errore', 'mensagem de erro',
    ],
  },
  {
    id: 'not-working',
    gist: 'something does not work',
    prior: { 'bug-report': 2.2 },
    cues: [
      'not working', 'doesn.?t work', 'does not work', 'isn.?t working', 'stopped working', 'won.?t (?:load|open|work|sync|upload)', 'broken', 'not loading', 'doesn.?t load', 'nothing happens', 'not showing', 'don.?t show', 'no longer works',
      'funktioniert (?:\\w+ )?nicht', 'geht (?:\\w+ )?nicht', 'klappt (?:\\w+ )?nicht', 'kaputt', 'ladt nicht', 'lasst sich nicht', 'reagiert nicht', 'tut sich nichts', 'spinnt', 'nicht mehr (?:moglich|da|sichtbar)', 'funktioniert nicht mehr', 'geht nicht mehr',
      'ne (?:marche|fonctionne|charge|s.ouvre|repond) (?:pas|plus)', 'marche (?:pas|plus)', 'fonctionne (?:pas|plus)', 'ne se passe rien', 'ne s.affiche',
      'werkt (?:\\w+ )?niet', 'doet het niet', 'kapot', 'laadt niet', 'reageert niet', 'verschijnen niet', 'werkt niet meer',
      'non funzion', 'non va', 'non si apre', 'non carica', 'non risponde', 'smesso di funzionare', 'non compaion', 'non si sente',
      'no funciona', 'no carga', 'no abre', 'no responde', 'dejo de funcionar', 'no se (?:abre|carga|genera|sincroniza|guarda)', 'no aparece',
      'nao funciona', 'nao abre', 'nao carrega', 'parou de funcionar', 'nao aparece', 'nao responde', 'nao sincroniza',
      'nie dziala', 'przestal dzialac', 'przestala dzialac', 'nie laduje', 'nie otwiera', 'nie pobiera', 'nie synchroniz', 'nie pojawia', 'nie wyswietla',
      'fungerar inte', 'funkar inte', 'slutat fungera', 'laddar inte', 'oppnas inte', 'syns inte', 'dyker inte upp',
      'isn.?t show', 'nothing happens', 'nichts passiert', 'passiert nichts', 'il ne se passe rien', 'er gebeurt niets', 'non succede (?:nulla|niente)', 'no pasa nada', 'nada (?:tivesse )?acontec', 'nic sie nie dzieje', 'inget hander',
      'does nothing', 'did nothing', 'nothing (?:at all )?happen', '(?:tut|macht) (?:sich )?(?:gar )?(?:nichts|nix)', 'passiert (?:gar |einfach )?(?:nichts|nix)', 'ne fait rien', 'rien ne se passe', 'doet (?:helemaal )?(?:niets|niks)', 'gebeurt (?:er )?(?:helemaal )?(?:niets|niks)', 'non fa (?:nulla|niente)', 'no hace nada', 'nao faz nada', 'nao acontece nada', 'nic nie robi', 'nic sie nie dzieje', 'gor (?:ingenting|inget)', 'hander ingenting', 'hander inget', 'never (?:show|appear|load|arriv|sync)', 'nie (?:\\w+ )?(?:pokazuj|dochodz)', 'kommt nie', 'n.arrive jamais', 'komt nooit', 'non arriva mai', 'nunca (?:llega|aparece|carga|chega)', 'kommer aldrig', 'logs? me out', 'logged out', '(?:werde|wird) (?:\\w+ )?ausgeloggt', 'abgemeldet', 'deconnect', 'uitgelogd', 'disconness', 'me (?:desconecta|saca)', 'deslog', 'wylogowuje', 'loggas ut', 'utloggad',
      'asks? (?:me )?(?:again|every time|each time) (?:for|to)', 'keeps asking', 'fragt (?:mich )?(?:\\w+ )?(?:immer wieder|jedes mal|standig|dauernd) (?:nach|ob)', 'me (?:re)?demande (?:a chaque fois|toujours|sans arret)', 'me redemande', 'vraagt (?:\\w+ )?(?:steeds|telkens|elke keer|iedere keer) (?:om|naar|opnieuw)', '(?:mi )?chiede (?:sempre|di nuovo|ogni volta|continuamente)', '(?:me )?pide (?:otra vez|siempre|cada vez|de nuevo|todo el rato)', '(?:me )?pede (?:sempre|de novo|novamente|outra vez)', 'pyta (?:\\w+ )?(?:ciagle|za kazdym razem|znowu|ponownie) o', 'fragar (?:\\w+ )?(?:hela tiden|varje gang|igen|om och om) (?:om|efter)',
      'won.?t let me', 'doesn.?t let me', 'does not let me', 'lasst mich nicht', 'ne me laisse (?:pas|plus)', 'laat me niet', 'non mi (?:fa|lascia)\\b', 'nao me deixa', 'nie pozwala', 'later mig inte', 'funzt (?:\\w+ )?nicht', 'geht (?:gar ?nicht|garnicht)', 'non funge', 'nao esta a funcionar', 'nie chce (?:\\w+ )?dzialac', 'funkar ej', 'fungerar ej', 'no va\\b', 'nao vai\\b', '(?:ne )?(?:marche|fonctionne) (?:toujours )?pas',
    ],
  },
  {
    id: 'cannot',
    gist: 'cannot do something',
    prior: { 'bug-report': 1.0, 'product-question': 0.2 },
    cues: [
      'can.?t\\b', 'cannot', 'unable to', 'impossible to', 'not able to',
      'kann (?:\\w+ )?(?:nicht|keine)', 'konnen (?:\\w+ )?nicht', 'komme (?:\\w+ )?nicht', 'nicht mehr an',
      'n.arrive (?:pas|plus)', 'impossible de', 'je ne peux (?:pas|plus)', 'j.?(?:arrive|reussis) (?:pas|plus)', '(?:je )?(?:peux|peut|arrive) (?:pas|plus) a?', 'arrive jamais',
      'kan (?:\\w+ )?niet', 'lukt (?:\\w+ )?niet', 'kan ik niet',
      'non riesco', 'impossibile', 'non posso',
      'no puedo', 'no consigo', 'imposible', 'no me deja',
      'nao consigo', 'nao posso', 'impossivel',
      'nie moge', 'nie mozna', 'nie da sie', 'nie udaje',
      'kan inte', 'gar inte att', 'lyckas inte',
    ],
  },
  {
    id: 'bug',
    gist: 'reports a bug',
    prior: { 'bug-report': 2.4 },
    cues: ['bug', 'bugs', 'buggy', 'glitch', 'technical (?:problem|issue)', 'technisches problem', 'probleme technique', 'bogue', 'technisch probleem', 'storing', 'problema tecnico', 'malfunzionament', 'problema tecnico', 'defeito', 'usterk', 'tekniskt problem', 'tekniskt fel', 'since the (?:last |latest )?update', 'seit (?:dem )?(?:letzten )?update', 'depuis la (?:derniere )?mise a jour', 'sinds de (?:laatste )?update', 'dall.ultimo aggiornamento', 'desde la (?:ultima )?actualizacion', 'desde a (?:ultima )?atualizacao', 'od (?:ostatniej )?aktualizacji', 'sedan (?:den )?(?:senaste )?uppdatering', 'nach dem (?:app-)?update', 'after the (?:last |latest )?update', 'apres la mise a jour', 'na de update', 'dopo l.aggiornamento', 'tras la actualizacion', 'depois da atualizacao', 'po aktualizacji', 'efter (?:den senaste )?uppdatering'],
  },
  {
    id: 'data-loss',
    gist: 'data (cards/progress) lost',
    prior: { 'bug-report': 2.2 },
    cues: [
      'disappear', 'vanished', 'gone', 'lost (?:all |my )', 'missing', 'deleted (?:themselves|itself)', 'progress (?:is )?(?:reset|lost|gone)',
      'verschwunden', 'sind weg', 'ist weg', 'waren weg', 'fehlen', 'verloren', 'geloscht worden', 'zuruckgesetzt',
      'disparu', 'perdu', 'efface', 'manquent',
      'verdwenen', '(?:zijn|is|ben) (?:\\w+ ){0,3}kwijt\\b', 'kwijtgeraakt', 'weg zijn', 'verloren',
      'scompars', 'spariti', 'perso (?:tutt|i miei)',
      'desaparec', 'perdido', 'borrad', 'se han perdido',
      'sumiram', 'desaparec', 'perdi (?:todos|os meus)', 'apagad',
      'znikn', 'zniknel', 'utracil', 'stracil', 'usuniet',
      'forsvunn', 'borta', 'forlorat', 'raderats',
      'not (?:there|on my|showing up on)', '(?:are|is) (?:not|n.t) (?:on|in) (?:my|the)', 'sind nicht (?:auf|im|in)', '(?:sont|sont) pas sur', '(?:staan|zijn) niet op', 'non (?:ci )?sono (?:sul|nel|su)', 'no (?:estan|aparecen) en', 'nao (?:estao|aparecem) no', 'nie ma (?:ich )?na', 'finns inte (?:pa|i)',
      '(?:fortschritt|lernfortschritt|lernstand|stand|progress|progres|progression|voortgang|progressi|progreso|progresso|postep\\w*|framsteg|statisti\\w*|streak)\\b.{0,40}\\b(?:0 ?%|null|zero|reset|weg|verloren|perdu\\w*|kwijt|perso|persi|perdido|perdid[oa]s?|stracon\\w*|borta|zuruckgesetzt|reinitialis\\w*|remis a zero|gereset|op nul|azzerat\\w*|reiniciad\\w*|resetad\\w*|zerad\\w*|zresetowan\\w*|wyzerowan\\w*|nollstall\\w*|noll)', '(?:restore|recover|get back) (?:my|the|all)\\b.{0,15}(?:cards|decks|progress|notes|data)', '(?:alten|vorherigen) stand', '(?:karten|stapel|decks|fortschritt)\\w* (?:\\w+ ){0,3}wiederherstell\\w*', 'wiederherstell\\w* (?:\\w+ ){0,3}(?:karten|stapel|decks|fortschritt)', 'recuperer (?:mes|les) (?:cartes|fiches|paquets|donnees)', '(?:kaarten|voortgang) (?:\\w+ )?terug(?:halen|zetten|krijgen)', 'recuperare (?:le mie|i miei) (?:carte|flashcard|mazzi|progressi)', 'recuperar (?:mis|mi|los|meus|os|as|minhas) (?:tarjetas|mazos|progreso|cartoes|baralhos|progresso|flashcards)', 'odzyskac (?:moje )?(?:fiszki|postep\\w*|dane)', 'fa tillbaka (?:mina )?(?:kort|framsteg)',
    ],
  },
  {
    id: 'payment-failed',
    gist: 'payment form fails',
    prior: { 'bug-report': 1.4, 'refund-request': -0.8 },
    cues: ['payment (?:failed|declined|doesn.?t go through|error)', 'card (?:is |was |gets )?(?:declined|rejected)', 'zahlung (?:fehlgeschlagen|abgelehnt|geht nicht)', 'wird (?:\\w+ )?abgelehnt', 'karte abgelehnt', 'paiement (?:refuse|echoue)', 'carte refusee', 'betaling (?:mislukt|geweigerd)', 'betaalformulier', 'pagamento (?:rifiutato|non riuscito|fallito|recusado|falhou)', 'pago (?:rechazado|fallido)', 'tarjeta rechazada', 'platnosc (?:odrzucona|nieudana)', 'betalning(?:en)? (?:misslyck|nekad)', 'kort(?:et)? nekat', 'nothing (?:was )?charged', 'keine abbuchung', 'keine abbuchungen', 'niets (?:is )?afgeschreven', 'rien (?:n.a ete )?debite', 'nessun addebito', 'no se ha cobrado', 'nada foi cobrado', 'nic nie zostalo pobrane', 'inget (?:har )?dragits', '(?:payment|checkout|paying|pay\\b|purchase|zahlung|bezahl\\w*|kasse|kauf\\w*|paiement|payer|achat|betaling|betalen|aankoop|pagament\\w*|pagare|acquist\\w*|pago|pagar|compra|platnos\\w*|zaplac\\w*|zakup\\w*|platnic\\w*|betalning\\w*|betala|kop(?:et|a|te|t)?|transa[ck]\\w*)\\b.{0,60}\\b(?:declin\\w*|reject\\w*|fail\\w*|not (?:go through|processed|work)|did.?n.?t go through|abgelehnt|fehlgeschlagen|nicht (?:verarbeitet|durch|moglich|abgeschlossen)|konnte nicht|refus\\w*|echou\\w*|impossible|mislukt|geweigerd|niet (?:gelukt|verwerkt)|rifiutat\\w*|non (?:riuscit|andat|va a buon fine|e andat)\\w*|rechazad\\w*|no (?:se )?(?:pudo|procesa|completa|pasa)\\w*|recusad\\w*|nao (?:foi |e )?(?:processad|conclu|aprovad)\\w*|odrzuc\\w*|nieudan\\w*|nie (?:przeszl|powiod)\\w*|nekad\\w*|misslyck\\w*|gick inte)', '(?:card|karte|carte|kaart|carta|tarjeta|cartao|karta|kort)\\b.{0,30}\\b(?:declin\\w*|reject\\w*|abgelehnt|refus\\w*|geweigerd|rifiutat\\w*|rechazad\\w*|recusad\\w*|odrzuc\\w*|nekad\\w*)'],
  },
  {
    id: 'empty-result',
    gist: 'output is blank/empty',
    prior: { 'bug-report': 1.8 },
    cues: ['blank', 'empty', 'comes out empty', 'bleibt leer', 'ist leer', 'leer\\b', 'leere', 'vide\\b', 'page blanche', 'leeg', 'vuot', 'in bianco', 'pagina bianca', 'en blanco', 'vacio', 'vacia', 'em branco', 'vazi', 'pust', 'tom\\b', 'tomt', 'tomma'],
  },
  {
    id: 'wrong-output',
    gist: 'wrong or garbled result',
    prior: { 'bug-report': 1.2 },
    cues: ['wrong', 'incorrect', 'garbled', 'falsch', 'fausse', 'faux\\b', 'fausse', 'fausses', 'fausse', 'verkeerd', 'klopt niet', 'sbagliat', 'errat', 'incorrect', 'equivocad', 'erroneo', 'errado', 'bledn', 'nieprawidlow', 'felaktig', 'fel svar', 'cut off', 'truncated', 'abgeschnitten', 'bricht (?:\\w+ )?ab', 'coupe', 'tronque', 'afgebroken', 'afgekapt', 'tagliat', 'troncat', 'se cortan?', 'cortad', 'ucina', 'ucie', 'obciet', 'avbryts', 'klipps', 'instead of', 'statt', 'au lieu de', 'in plaats van', 'invece di', 'en lugar de', 'em vez de', 'zamiast', 'i stallet for', 'gibberish', 'random (?:symbols|characters|letters|signs)', 'weird (?:symbols|characters)', 'nonsense', 'makes no sense', 'kauderwelsch', 'zeichensalat', '(?:komische|seltsame|kryptische) zeichen', 'ergibt keinen sinn', 'unsinn', 'charabia', 'caracteres (?:bizarres|etranges)', 'n.importe quoi', 'aucun sens', '(?:rare|vreemde) (?:tekens|symbolen)', 'onzin', 'slaat nergens op', 'caratteri strani', 'simboli strani', 'senza senso', 'caracteres (?:raros|extranos|estranhos)', 'simbolos (?:raros|estranhos)', 'sin sentido', 'sem sentido', 'dziwne (?:znaki|symbole)', 'krzaki', 'bez sensu', 'konstiga (?:tecken|symboler)', 'obegripligt', 'ingen mening', 'incomplete', 'half (?:finished|done|of it)', 'stops? (?:in the middle|halfway|mid)', 'only (?:half|part) of', '(?:in the )?wrong language', 'unvollstandig', 'halbfertig', 'nur (?:die )?halb', '(?:hort|bricht) (?:\\w+ )?mitten', 'mittendrin', 'falsche(?:n)? sprache', 'incomplet', 's.arrete (?:au milieu|a la moitie|en plein)', 'a (?:la )?moitie', 'mauvaise langue', 'onvolledig', 'halverwege', 'half af', 'verkeerde taal', '(?:si )?(?:ferma|interromp\\w*|blocca) a meta', 'a meta (?:del|della|pagina|frase)', 'incomplet[oa]', 'lingua sbagliata', 'corta\\w* (?:a|por) la mitad', 'a mitad de (?:frase|la frase|pagina)', 'idioma (?:equivocado|incorrecto|errado)', '(?:corta|para|interromp)\\w* no meio', 'no meio (?:da|de uma) frase', 'pela metade', 'lingua errada', 'niekompletn', 'w polowie (?:zdania|tekstu|strony)', 'w (?:innym|zlym) jezyku', 'ofullstandig', 'halvfardig', 'mitt i (?:en|meningen)', 'halva', 'fel sprak', 'same (?:question|card) (?:over and over|again and again)', 'immer wieder (?:die|dieselbe) (?:gleiche )?', 'om och om igen', 'steeds (?:dezelfde|weer)', 'sempre la stessa', 'una y otra vez', '(?:sempre|repetidamente) a mesma', 'w kolko', 'ciagle (?:to samo|ta sama)'],
  },
  {
    id: 'slow',
    gist: 'app is slow',
    prior: { 'bug-report': 1.6 },
    cues: ['slow', 'lag', 'takes (?:forever|ages|minutes)', 'langsam', 'ewig', 'lent\\b', 'lente', 'rame', 'traag', 'lento', 'lenta', 'lentissim', 'wolno', 'powoli', 'laguje', 'langsam', 'seg\\b', 'laggar'],
  },
  {
    id: 'tried-fix',
    gist: 'already tried reinstalling etc.',
    prior: { 'bug-report': 1.2 },
    cues: ['reinstall', 're-install', 'cleared (?:the )?cache', 'restart', 'doesn.?t help', 'didn.?t help', 'neu installiert', 'neu gestartet', 'cache (?:geleert|geloscht)', 'hilft nicht', 'hat nichts gebracht', 'reinstalle', 'redemarre', 'vide le cache', 'n.aide pas', 'opnieuw (?:geinstalleerd|installeren|opgestart)', 'helpt niet', 'reinstallat', 'riavviat', 'non aiuta', 'reinstalad', 'reiniciad', 'no ayuda', 'limpie la cache', 'limpei a cache', 'nao ajuda', 'reinstalow', 'zrestartowa', 'nie pomaga', 'ominstaller', 'startat om', 'hjalper inte'],
  },
  {
    id: 'fix',
    gist: 'asks for a fix',
    prior: { 'bug-report': 1.2 },
    cues: ['fix', 'not fixed', 'known (?:issue|problem|bug)', 'behoben', 'beheben', 'bekanntes problem', 'resolu', 'corrige', 'probleme connu', 'opgelost', 'oplossen', 'bekend probleem', 'risolt', 'sistemat', 'problema noto', 'solucionad', 'arreglad', 'problema conocido', 'resolvid', 'corrigid', 'problema conhecido', 'naprawi', 'znany problem', 'fixa', 'atgard', 'kant problem'],
  },
  {
    id: 'problem',
    prior: { 'bug-report': 0.8 },
    cues: ['problem', 'issue', 'probleme', 'probleem', 'problema', 'problemu', 'problemet'],
  },
  {
    id: 'no-longer',
    gist: 'stopped working ("no longer")',
    prior: { 'bug-report': 1.4 },
    cues: ['no longer', 'not anymore', 'any ?more\\b', 'nicht mehr', 'kein\\w* (?:\\w+ ){0,3}mehr', 'ne (?:\\w+ ){1,2}plus\\b', 'plus aucun', 'niet meer', 'geen (?:\\w+ ){0,3}meer', 'non (?:\\w+ ){0,3}piu\\b', 'ya no', 'ja nao', 'nao (?:\\w+ ){0,3}mais', 'juz nie', 'inte (?:\\w+ ){0,2}langre', 'slutat'],
  },
  {
    id: 'every-time',
    gist: 'happens every time',
    prior: { 'bug-report': 1.0 },
    cues: ['every (?:single )?time', 'each time', 'whenever i', 'jedes mal', 'jedesmal', 'immer wenn', 'chaque fois', 'a chaque', 'elke keer', 'iedere keer', 'telkens', 'ogni volta', 'cada vez', 'siempre que', 'toda vez', 'sempre que', 'za kazdym razem', 'zawsze gdy', 'varje gang', 'sa fort jag', 'since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|this morning|last week|\\w+ days)', 'seit (?:gestern|heute|montag|dienstag|mittwoch|donnerstag|freitag|\\w+ tagen)', 'depuis (?:hier|ce matin|lundi|une semaine|\\w+ jours)', 'sinds (?:gisteren|vanochtend|maandag|\\w+ dagen)', 'da (?:ieri|stamattina|lunedi|\\w+ giorni)', 'desde (?:ayer|hace|esta manana|el lunes)', 'desde (?:ontem|hoje|segunda)', 'od (?:wczoraj|rana|poniedzialku|\\w+ dni)', 'sedan (?:igar|i morse|i mandags)'],
  },
  {
    id: 'duplicated-content',
    gist: 'content shows up twice',
    prior: { 'bug-report': 1.6, 'refund-request': -0.8 },
    cues: ['(?:appear|show)\\w* (?:up )?twice', '(?:cards|decks) (?:are )?duplicated', 'doppelt (?:da|angezeigt|vorhanden)', 'apparaissent (?:deux fois|en double)', 'en double', '(?:verschijnen|staan) (?:\\w+ )?dubbel', 'appaiono (?:\\w+ )?due volte', 'aparecen (?:\\w+ )?dos veces', 'aparecem (?:\\w+ )?duas vezes', 'pojawiaja sie (?:\\w+ )?(?:dwa razy|podwojnie)', 'visas (?:tva ganger|dubbelt)', 'syns (?:tva ganger|dubbelt)'],
  },
  {
    id: 'amount',
    gist: 'mentions an amount of money',
    prior: { 'refund-request': 0.8, 'product-question': -0.2 },
    cues: ['\\d+[.,]\\d{2}\\b', '(?:eur|euro|chf|usd|gbp|pln|sek|franken|francs?|zl|kr|zloty)\\b', '\\d+ ?(?:€|\\$|£)', '(?:€|\\$|£) ?\\d+'],
  },
  {
    id: 'feature-area',
    prior: { 'bug-report': 0.4, 'product-question': 0.2 },
    cues: [
      'upload', 'sync', 'login', 'log in', 'sign in', 'generat', 'loading', 'quiz', 'export', 'import',
      'hochlad', 'hochgelad', 'synchron', 'anmeld', 'einlogg', 'generier', 'erstell', 'laden', 'ladt',
      'telecharg', 'televers', 'synchronis', 'connecter', 'connexion', 'generer', 'chargement',
      'uploaden', 'synchroniseer', 'inloggen', 'genereren', 'laden',
      'caricar', 'sincronizz', 'accedere', 'accesso', 'login', 'generar', 'genera', 'caricamento',
      'subir', 'sincroniz', 'iniciar sesion', 'cargando', 'carga',
      'carregar', 'entrar na', 'gerar', 'carregando',
      'przeslac', 'wgrac', 'wgrywa', 'synchroniz', 'zalogowac', 'logowan', 'generowa', 'eksport',
      'ladda upp', 'synkroniser', 'synka', 'logga in', 'inloggning', 'skapa', 'laddar',
    ],
  },
  // ---------- questions about the product ----------
  {
    id: 'how',
    gist: 'asks how something works',
    prior: { 'product-question': 1.6 },
    cues: [
      'how (?:do|can|does|to|would|should|much|many|long)', 'is (?:it|there) (?:possible|a way|an option)', 'can i\\b', 'do you (?:offer|have)', 'what (?:happens|is the difference)', 'where (?:can|do) i',
      'wie (?:kann|konnen|funktioniert|geht|viel|lange|entscheidet|mache|ist)', 'gibt es', 'kann (?:ich|man) (?:\\w+ )?(?:meine|das|auch|irgendwo|irgendwie|dann)', 'wo (?:kann|finde|mach)', 'ist es moglich', 'bieten sie',
      'comment (?:puis|faire|fonctionne|est|modifier|changer|on)', 'est-ce que', 'est-il possible', 'puis-je', 'peut-on', 'combien', 'proposez-vous', 'ou (?:puis|trouver)',
      'hoe (?:kan|werkt|doe|moet|lang|veel)', 'is het mogelijk', 'is er (?:een )?(?:manier|mogelijkheid|optie)', 'y a-t-il (?:un moyen|une option)', 'existe-t-il', 'c.e un modo', 'hay (?:alguna )?(?:forma|manera|opcion)', 'existe (?:alguna )?(?:forma|opcion|alguma)', 'ha (?:alguma )?(?:forma|maneira|opcao)', 'is there (?:a way|an option|any way)', 'kan ik (?:ook|mijn|de|het)', 'kunnen jullie', 'bieden jullie', 'waar (?:kan|vind)',
      'come (?:posso|funziona|faccio|si)', 'e possibile', 'si puo', 'posso (?:\\w+ )?(?:anche|usare|condividere|pagare)', 'quanto', 'offrite', 'dove (?:posso|trovo)',
      'como (?:puedo|funciona|se|hago|posso|faco)', 'es posible', 'se puede', 'puedo (?:\\w+ )?(?:usar|cambiar|compartir|pagar)', 'cuanto', 'ofreceis', 'ofrecen', 'donde (?:puedo|se)',
      'e possivel', 'posso (?:usar|mudar|partilhar|compartilhar)', 'quanto custa', 'onde (?:posso|encontro)', 'tem como',
      'jak (?:moge|dziala|to|mozna|zmienic|ustawic)', 'czy (?:moge|mozna|jest|istnieje|oferujecie|da sie)', 'ile (?:kosztuje|to)', 'gdzie (?:moge|znajde)',
      'hur (?:gor|kan|fungerar|andrar|mycket|lange)', 'kan jag', 'finns det', 'gar det att', 'var (?:hittar|kan)',
      'comment ca (?:marche|fonctionne)', 'hur (?:funkar|fungerar)', 'weiss (?:jemand|ihr|man)', 'wollte (?:\\w+ )?(?:fragen|wissen)', '(?:i was |i.m |am )?wondering', 'je me demandais', 'j.aimerais savoir', 'vroeg me af', 'zou graag willen weten', 'mi chiedevo', 'vorrei sapere', 'me preguntaba', 'quisiera saber', 'me gustaria saber', 'queria saber', 'gostaria de saber', 'zastanawiam sie', 'chcial\\w* (?:sie )?(?:zapytac|wiedziec)', 'undrar', 'does (?:the app|it|studyflash) (?:support|work with|have)', 'unterstutzt', 'prend(?:s)? en charge', 'ondersteunt', 'supporta', 'admite', 'soporta', 'suporta', 'obsluguje', 'stoder',
    ],
  },
  {
    id: 'price',
    gist: 'prices/plans',
    prior: { 'product-question': 1.6 },
    cues: ['price', 'pricing', 'cost', 'how much', 'discount', 'student (?:price|discount)', 'plans', 'free plan', 'free version', 'preis', 'kosten', 'kostet', 'rabatt', 'studentenrabatt', 'gratis-version', 'kostenlose(?:n)? (?:plan|version)', 'free-plan', 'prix', 'coute', 'tarif', 'reduction', 'version gratuite', 'prijs', 'kost ', 'kosten', 'korting', 'gratis account', 'prezzo', 'costa', 'sconto', 'versione gratuita', 'precio', 'cuesta', 'descuento', 'version gratuita', 'preco', 'custa', 'desconto', 'versao gratuita', 'cena', 'kosztuje', 'znizk', 'rabat', 'darmow', 'pris', 'kostar', 'studentrabatt', 'gratisversion'],
  },
  {
    id: 'cancel',
    gist: 'cancel the subscription',
    prior: { 'product-question': 1.0, 'refund-request': 0.3 },
    cues: ['cancel', 'unsubscribe from (?:premium|the plan)', 'stop (?:the )?(?:subscription|renewal)', 'auto.?renew', 'kundig', 'kuendig', 'abbestell', 'abo beenden', 'verlanger', 'resili', 'annul', 'desabonn', 'renouvel', 'opzeg', 'stopzetten', 'verlenging', 'disdi', 'disdett', 'annull', 'rinnovo', 'cancelar', 'darme de baja', 'dar de baja', 'baja de', 'renovacion', 'cancelamento', 'renovacao', 'anulow', 'rezygn', 'wypowiedz', 'odnowien', 'avsluta', 'saga upp', 'sa upp', 'sagt upp', 'fornyelse', 'fornyas', '(?:end|stop|quit|terminate|beend\\w*|stopp\\w*|arret\\w*|mettre fin|stop\\w*|beeindig\\w*|interromp\\w*|termina\\w*|finaliz\\w*|encerr\\w*|parar|zakoncz\\w*|przerwa\\w*|zrezygn\\w*|stoppa|avsluta)\\b.{0,30}\\b(?:subscription|plan|membership|premium|abo\\w*|abonnement|abbonamento|suscripcion|assinatura|subskrypcj\\w*|abonament\\w*|abonnemang\\w*|prenumeration\\w*)', '(?:subscription|plan|membership|premium|abo\\w*|abonnement|abbonamento|suscripcion|assinatura|subskrypcj\\w*|abonament\\w*|abonnemang\\w*|prenumeration\\w*)\\b.{0,20}\\b(?:end|stop|quit|terminate|beend\\w*|stopp\\w*|arret\\w*|mettre fin|stop\\w*|beeindig\\w*|interromp\\w*|termina\\w*|finaliz\\w*|encerr\\w*|parar|zakoncz\\w*|przerwa\\w*|zrezygn\\w*|stoppa|avsluta)', 'zrezygn'],
  },
  {
    id: 'subscription',
    prior: { 'product-question': 0.2, 'refund-request': 0.3 },
    cues: ['subscription', 'premium', 'plan\\b', 'yearly', 'monthly', 'annual', 'abos?\\b', 'abonnement', 'jahresabo', 'monatsabo', 'mitgliedschaft', 'abonnement', 'annuel', 'mensuel', 'jaarabonnement', 'abonnement', 'abbonamento', 'annuale', 'mensile', 'suscripcion', 'anual', 'mensual', 'assinatura', 'mensal', 'subskrypcj', 'abonament', 'roczn', 'miesieczn', 'abonnemang', 'arsabonnemang', 'manadsabonnemang', 'prenumeration'],
  },
  {
    id: 'settings',
    gist: 'account settings',
    prior: { 'product-question': 1.0 },
    cues: ['setting', 'change (?:my )?(?:email|e-mail|password|language|name)', 'einstellung', 'andern', 'parametre', 'reglage', 'modifier', 'changer', 'instelling', 'wijzigen', 'veranderen', 'impostazion', 'modificar', 'cambiare', 'configuracion', 'ajustes', 'cambiar', 'definic', 'configurac', 'alterar', 'mudar', 'ustawien', 'zmienic', 'installning', 'byta', 'andra (?:mitt|min|mina|sprak|losenord|e-?post|namn)'],
  },
  {
    // Account nouns alone: as common in login failures as in settings questions, so they weigh little.
    id: 'account-word',
    prior: { 'product-question': 0.4 },
    cues: ['password', 'language', 'passwort', 'sprache', 'mot de passe', 'langue', 'wachtwoord', 'taal', 'lingua', 'contrasena', 'idioma', 'senha', 'haslo', 'jezyk', 'losenord', 'sprak'],
  },
  {
    id: 'invoice',
    gist: 'asks for an invoice/receipt',
    prior: { 'product-question': 1.4 },
    cues: ['invoice', 'receipt', 'rechnung', 'quittung', 'beleg', 'une facture', 'ma facture', 'la facture', 'recu\\b', 'factuur', 'fattura', 'ricevuta', 'factura\\b', 'recibo', 'fatura\\b', 'faktur', 'rachunek', 'paragon', 'kvitto'],
  },
  {
    id: 'feature',
    gist: 'feature/usage question',
    prior: { 'product-question': 1.0 },
    cues: ['feature', 'function(?:s|ality)?\\b', 'option', 'offline', 'share', 'export', 'devices', 'limit', 'spaced repetition', 'interval', 'funktion(?:en|s)?\\b', 'teilen', 'gerat', 'grenze', 'begrenz', 'limit', 'intervall', 'fonction(?:s|nalite\\w*)?\\b', 'partager', 'appareil', 'limite', 'functie', 'delen', 'apparat', 'limiet', 'funzion(?:e|i|alita)\\b', 'condivid', 'dispositiv', 'limite', 'funcion(?:es)?\\b', 'compartir', 'repeticion espaciada', 'funcionalidad\\w*', 'funcionalidade\\w*', 'partilhar', 'compartilhar', 'limite', 'funkcj', 'udostepni', 'urzadzen', 'limit', 'funktion(?:er|en)?\\b', 'dela\\b', 'delning', 'enhet', 'grans'],
  },
  {
    id: 'question-mark',
    prior: { 'product-question': 0.5 },
    cues: [], // detected directly: a "?" anywhere (see conceptsIn)
  },
  // ---------- not a support request ----------
  {
    id: 'partnership',
    gist: 'partnership/collaboration proposal',
    prior: { other: 3.0 },
    cues: ['partnership', 'partner with', 'partners?\\b', 'collaborat', 'cooperation', 'kooperation', 'zusammenarbeit', 'partnerschaft', 'partenariat', 'collaboration', 'samenwerking', 'partnerschap', 'collaborazion', 'partnership', 'colaboracion', 'alianza', 'parceria', 'colaboracao', 'wspolprac', 'partnerstw', 'samarbet', 'partnerskap', 'ambassador', 'affiliate', 'work together', 'zusammenarbeiten', 'travailler ensemble', 'samenwerken', 'lavorare insieme', 'trabajar juntos', 'trabalhar juntos', 'wspolpracowac', 'jobba tillsammans', 'followers', 'tiktok', 'instagram', 'youtube', 'creator', 'influenc', 'would (?:love|like) to work with you'],
  },
  {
    id: 'sponsor',
    gist: 'sponsoring request',
    prior: { other: 3.0 },
    cues: ['sponsor', 'sponsring', 'patrocin', 'sponsoraggio', 'sponsorowa'],
  },
  {
    id: 'press',
    gist: 'press/media inquiry',
    prior: { other: 3.0 },
    cues: ['press\\b', 'press (?:inquiry|request)', 'journalist', 'interview', 'article (?:about|on)', 'reporter', 'magazine', 'podcast', 'presse', 'journaliste', 'artikel (?:uber|zum|zu|over|om)', 'magazin', 'redaktion', 'pers\\b', 'journalist', 'stampa\\b', 'giornalist', 'intervista', 'articolo su', 'prensa', 'periodista', 'entrevista', 'articulo sobre', 'imprensa', 'jornalista', 'artigo sobre', 'prasa', 'dziennikar', 'wywiad', 'artykul o', 'article sur', 'redaccion', 'redacao', 'redakcj', 'tidning', 'journalist', 'reportage', 'intervju'],
  },
  {
    id: 'school',
    gist: 'school/university/B2B licence',
    prior: { other: 3.0, 'product-question': -0.8 },
    cues: ['school licen', 'licen[cs]es? for', 'for (?:our|the whole|all (?:our|the)) (?:school|class|faculty|university|students|pupils)', 'b2b', 'institution', 'faculty', 'schullizenz', 'lizenzen', 'rahmenvertrag', 'schulerinnen', 'licences', 'etablissement', 'licenties', 'onderwijsinstelling', 'licenze', 'istituto', 'licencias', 'centros educativos', 'alumnos de', 'licencas', 'instituicao', 'licencj', 'wydzial', 'licenser', '(?:our|unsere[nm]?|nos|onze|nostri|nostre|nuestros|nuestras|nossos|nossas|naszych|vara) (?:\\w+ )?\\d+ (?:students|pupils|schuler\\w*|eleves|etudiants|leerlingen|studenten|studenti|alunni|estudiantes|alumnos|alunos|estudantes|uczniow|studentow|elever|studenter)', '(?:for|fur|pour|voor|per|para|dla|for) (?:about |around |approximately |ca\\.? |circa |environ |ongeveer |unos |cerca de |okolo |ungefar |ok\\.? )?\\d+ (?:students|pupils|schuler\\w*|eleves|etudiants|leerlingen|studenten|studenti|alunni|estudiantes|alumnos|alunos|estudantes|uczniow|studentow|elever|studenter)', '(?:tarif|preis|prijs|prezz|precio|preco|cen)\\w* (?:fur|pour|voor|per|para|dla) (?:schulen|etablissements|scholen|scuole|escuelas|colegios|escolas|szkol|skolor)', '(?:licen\\w*|lizenz\\w*)\\b.{0,25}\\b(?:class|klasse|classe|klas|clase|turma|klass|kurs|course|cours|corso|curso)\\w*', 'for my (?:class|students|pupils)', 'fur meine (?:klasse|schuler\\w*|studierenden)', 'pour mes (?:eleves|etudiants)', 'pour ma classe', 'voor mijn (?:klas|leerlingen|studenten)', 'per i miei (?:studenti|alunni)', 'per la mia classe', 'para mis (?:alumnos|estudiantes)', 'para mi clase', 'para (?:os )?meus (?:alunos|estudantes)', 'para a minha turma', 'dla moich (?:uczniow|studentow)', 'dla mojej klasy', 'for (?:mina )?elever', 'for min klass'],
  },
  {
    id: 'school-word',
    prior: { other: 0.8 },
    cues: ['schools?\\b', 'schule', 'gymnasium', 'hochschule', 'ecole', 'lycee', 'hogeschool', 'scuola', 'colegio', 'escuela', 'escola', 'szkol', 'skola', 'uczelni', 'universit', 'teacher', 'lehrer', 'enseignant', 'docent', 'insegnant', 'profesor', 'professor', 'nauczyciel', 'larare', 'director', 'directeur', 'directrice', 'direktor', 'dyrektor', 'rektor', 'schulleit\\w*', 'preside', 'rector', 'coordinat', 'principal\\b', 'head ?teacher', 'lehrkraft', 'leerkracht', 'docente'],
  },
  {
    id: 'job',
    gist: 'job application',
    prior: { other: 3.0 },
    cues: ['job (?:application|opening|offer)', 'apply for', 'application for', 'applying for', 'internship', 'my resume', '\\bcv\\b', 'career', 'open position', 'bewerb', 'werkstudent', 'praktikum', 'lebenslauf', 'stellenangebot', 'offene stelle', 'initiativ', 'candidature', 'stage\\b.{0,20}(?:chez|dans|au sein)', 'emploi', 'alternance', 'sollicit', 'vacature', 'stageplek', 'stagiair', 'candidatura', 'candidarmi', 'tirocinio', 'curriculum', 'empleo', 'practicas', 'estagio', 'vaga de', 'portfolio', 'rekrutac', 'praktyk', 'staz', 'jobb', 'ansok', 'tjanst', 'praktikplats', '(?:are you|you.re) hiring', 'hiring', 'position (?:as|of)', 'stelle als', 'stellt ihr (?:\\w+ )?ein', 'recrut\\w*', 'embauch\\w*', 'poste (?:de|d.)', 'afstudeerstage', 'meeloopstage', 'stage (?:bij|lopen)', 'op zoek naar (?:een )?(?:stage|baan)', 'vacature', 'assum\\w+ (?:personale|sviluppator|designer)', 'posizione (?:di|aperta)', 'contratando', 'puesto de', 'vaga\\b', 'zatrudnia\\w*', 'oferta pracy', 'stanowisk\\w*', 'anstaller', 'anstalla', 'rekryter\\w*', 'tjanst som', 'lediga tjanster', 'join your team', 'part of your team', 'rejoindre (?:votre|ton) equipe', 'bij jullie (?:werken|aan de slag|solliciteren)', 'deel uitmaken van (?:jullie|uw) team', 'lavorare (?:con|per) voi', 'far parte del vostro team', 'trabajar (?:con|para) (?:vosotros|ustedes)', 'formar parte de (?:vuestro|su) equipo', 'trabalhar (?:com|para) (?:voces|vos)', 'fazer parte da (?:vossa|sua) equip\\w*', 'pracowac (?:u was|dla was|z wami)', 'u was pracowac', 'dolaczyc do (?:waszego |twojego )?zespolu', 'jobba (?:hos|for|med) er', 'bli en del av (?:ert|ditt) team', 'bei euch (?:arbeiten|anfangen|einsteigen)', 'teil (?:eures|ihres|des) teams'],
  },
  {
    id: 'gdpr',
    gist: 'GDPR/legal request',
    prior: { other: 3.2 },
    cues: ['gdpr', 'dsgvo', 'rgpd', '\\bavg\\b', 'rodo', 'dataskydd', 'art\\.? ?1[5-7]', 'artikel 1[5-7]', 'personal data', 'right to (?:be forgotten|erasure|access)', 'data protection', 'personenbezogen', 'datenschutz', 'auskunftsersuchen', 'auskunft (?:nach|gem|uber (?:alle|meine|die) )', 'loschung', 'loeschung', 'donnees personnelles', 'droit (?:a l.oubli|d.acces)', 'persoonsgegevens', 'recht op (?:inzage|vergetelheid|verwijdering)', 'dati personali', 'diritto all.oblio', 'datos personales', 'derecho (?:al olvido|de acceso|de supresion)', 'dados pessoais', 'direito ao esquecimento', 'dane osobowe', 'danych osobowych', 'prawo do (?:usuniecia|bycia zapomnianym)', 'personuppgifter', 'ratt att bli bortglomd', '(?:delete|erase|remove|wipe)\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)', '(?:losch(?:t|en|e)?|entfern(?:t|en)?)\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)', '(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)\\b.{0,20}\\b(?:losch(?:en|t)|entfern(?:en|t))\\b', 'supprim(?:ez|er)\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)', 'verwijder(?:en)?\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)', '(?:cancellate|eliminate|cancellare|eliminare|rimuovete|rimuovere)\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)', '(?:borrad|borrar|borren|eliminad|eliminar|eliminen|suprimir|suprimid)\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)', '(?:apaguem|apagar|eliminem|eliminar|excluam|excluir|removam|remover)\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)', '(?:usuncie|usunac|usuniecie|skasuj\\w*)\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)', '(?:radera|ta bort|tabort)\\b.{0,30}\\b(?:data|information|details|personal|daten|donnees|informations|gegevens|dati|datos|dados|dane|danych|uppgifter|personuppgifter)'],
  },
  {
    id: 'praise',
    gist: 'praise/thanks',
    prior: { other: 2.2 },
    cues: ['love (?:the|your|this|studyflash)', 'amazing', 'awesome', 'great app', 'thank you for (?:making|building|this app|creating)', 'passed (?:my|the) (?:exam|test)', 'keep (?:it )?up', 'keep going', 'just wanted to (?:say|tell|let|thank)', 'einfach mal danke', '(?:habe|hab|ist|wurde)\\b.{0,60}\\bbestanden', 'compliment', 'just wanted', 'wollte (?:nur|einfach)', 'je voulais (?:juste|simplement)', 'ik wilde (?:alleen|even|gewoon)', 'so queria', 'solo queria', 'chcial(?:em|am) (?:tylko|po prostu)', 'ville bara', 'daros las gracias', 'dar las gracias', 'me gusta\\b', 'me encanta', 'i love', 'ich liebe', 'j.adore', 'adoro', 'uwielbiam', 'jag alskar', '(?:tentamen|examen|vakken|alles) (?:\\w+ )?gehaald', 'salvou', 'salvato', 'salvo mi', 'gerettet', 'sauve mon', 'macht weiter so', 'wollte (?:euch|ihnen) (?:nur )?(?:mal )?(?:kurz )?(?:sagen|schreiben|danken)', 'genial', 'super app', 'continuez', 'j.ai reussi', 'bravo', 'geweldig', 'ga zo door', 'geslaagd', 'complimenti', 'continuate cosi', 'ho superato', 'volevo solo', 'segui(?:d|r) asi', 'aprobe', 'increible', 'continuem', 'passei', 'incrivel', 'zdal(?:em|am)', 'tak trzymac', 'swietn', 'fortsatt sa', 'klarade', 'fantastisk', 'alskar', '(?:you(?: guys| all)? (?:are|re)|you.re|ihr seid|sie sind|vous etes|jullie zijn|siete|sois|voces sao|sao|jestescie|ni ar)\\b.{0,12}\\b(?:the best|amazing|awesome|great|brilliant|rock|super|toll|klasse|spitze|genial|die besten|geniaux|top|formidables|les meilleurs|geweldig|de beste|grandi|fantastic\\w*|mitici|i migliori|los mejores|geniales|increibles|demais|os melhores|incriveis|najlepsi|wspaniali|bast|grymma|fantastiska|fenomenal\\w*)', 'you (?:guys )?rock'],
  },
  {
    id: 'marketing',
    gist: 'marketing/spam offer',
    prior: { other: 3.0 },
    cues: ['seo\\b', 'backlink', 'guest post', 'our agency', 'marketing agency', 'influencer', 'lead generation', 'boost your', 'we offer', 'our services', 'agentur', 'unsere agentur', 'sichtbarkeit', 'notre agence', 'nos services', 'ons bureau', 'onze diensten', 'la nostra agenzia', 'nostri servizi', 'agencia', 'nuestros servicios', 'a nossa agencia', 'nossos servicos', 'nasza agencja', 'nasze uslugi', 'var byra', 'vara tjanster', 'crypto', 'casino', 'webinar', 'free quote', 'we speciali[sz]e', 'sales department', 'your (?:website|app) (?:is|could|would)', 'unverbindlich', 'kostenlose(?:n)? (?:erstanalyse|beratung|analyse)', 'wir bieten ihnen', 'ihre website', 'devis gratuit', 'nous proposons', 'votre site', 'vrijblijvend', 'wij bieden', 'uw website', 'preventivo gratuito', 'offriamo', 'vostro sito', 'presupuesto (?:gratis|gratuito|sin compromiso)', 'ofrecemos', 'su (?:sitio )?web', 'orcamento gratuito', 'oferecemos', 'seu site', 'nasze biuro', 'oferujemy', 'zapraszamy do (?:kontaktu|wspolpracy)', 'bezplatn\\w* wycen', 'dzial sprzedazy', 'panstwa (?:aplikacj|stron)', 'kostnadsfri offert', 'vi erbjuder', 'er webbplats', 'lokali[sz]', 'specjalizuje', 'newsletter', 'placement', 'advertis\\w*', 'our rates', 'media ?kit', 'sponsored (?:post|content)', 'translation (?:agency|services)', 'click here', 'limited (?:time )?offer', 'special offer', 'werbung', 'werbeplatz', 'werbeanzeige', 'unser angebot', 'ubersetzungsburo', 'publicite', 'annonceurs?', 'notre offre', 'agence de traduction', 'advertentie', 'adverteren', 'ons aanbod', 'vertaalbureau', 'pubblicita', 'inserzion\\w*', 'la nostra offerta', 'agenzia di traduzion\\w*', 'publicidad', 'anunci(?:o|ar)', 'nuestra oferta', 'agencia de traduccion', 'publicidade', 'a nossa oferta', 'agencia de traducao', 'reklam(?:a|y|ie|owa\\w*|en|er)?\\b', 'nasz\\w* ofert\\w*', 'kredyt\\w* (?:dla|bez)', 'biuro tlumacz\\w*', 'annons\\w*', 'vart erbjudande', 'oversattningsbyra', 'loans?\\b', 'kredite? (?:fur|ohne)', 'leningen', 'prestiti', 'prestamos', 'emprestimos'],
  },
  {
    id: 'feedback',
    gist: 'feedback/suggestion',
    prior: { other: 1.2, 'product-question': 0.3 },
    cues: ['feedback', 'suggestion', 'feature request', 'would be nice', 'vorschlag', 'anregung', 'ware schon', 'ware toll', 'suggestion', 'ce serait bien', 'suggestie', 'zou fijn zijn', 'suggeriment', 'sarebbe bello', 'sugerencia', 'estaria bien', 'sugestao', 'seria bom', 'sugesti', 'byloby fajnie', 'forslag', 'vore bra', 'an idea', 'eine idee', 'une idee', 'een (?:klein )?idee', 'un.?idea', 'uma ideia', 'pomysl', 'en ide\\b', 'would be (?:nice|great|handy|useful|helpful)', 'ware (?:praktisch|hilfreich|super|cool)', 'serait (?:pratique|utile|bien|genial)', 'zou (?:handig|fijn|mooi|leuk) zijn', 'sarebbe (?:utile|bello|comodo)', 'seria (?:util|genial|bom|bueno|otimo)', 'byloby (?:fajnie|super|przydatne)', 'vore (?:smidigt|kul|praktiskt)', 'ugly', 'hasslich', 'moche', 'lelijk', 'brutt[oa]', 'fe[oa]s?\\b', 'feio', 'brzydk\\w*', 'ful\\b', 'was (?:much |way )?better (?:before)?', 'war (?:\\w+ )?(?:schoner|besser)', 'c.etait mieux', 'was (?:veel )?(?:mooier|beter)', 'era (?:molto )?meglio', 'era (?:mucho )?mejor', 'era (?:muito )?melhor', 'bylo (?:duzo )?lepiej', 'var (?:mycket )?(?:battre|snyggare)', '(?:don.?t|do not) like the new', 'gefallt mir (?:\\w+ )?nicht', 'n.aime pas (?:le|la) nouv', 'vind (?:de|het) nieuwe', 'non mi piace', 'no me gusta', 'nao gosto', 'nie podoba mi sie', 'gillar inte', 'new design', 'neue(?:s|n)? design', 'nouveau design', 'nieuwe (?:design|ontwerp)', 'nuovo design', 'nuevo diseno', 'novo design', 'nowy (?:design|wyglad)', 'nya (?:designen|utseendet)'],
  },
  {
    id: 'research',
    gist: 'research/thesis/survey request',
    prior: { other: 2.6 },
    cues: [
      'survey',
      'questionnaire',
      'thesis',
      'dissertation',
      'research (?:project|study|paper)',
      'umfrage',
      'fragebogen',
      'bachelorarbeit',
      'masterarbeit',
      'abschlussarbeit',
      'seminararbeit',
      'forschungsprojekt',
      'enquete',
      'sondage',
      'mon memoire',
      'un memoire (?:de|sur)',
      'ma these\\b',
      'une these\\b',
      'projet de recherche',
      'vragenlijst',
      'enquete',
      'scriptie',
      'afstudeeronderzoek',
      'sondaggio',
      'questionario',
      'tesi\\b',
      'tesina',
      'ricerca (?:universitaria|accademica)',
      'progetto di ricerca',
      'encuesta',
      'cuestionario',
      '\\btfg\\b',
      '\\btfm\\b',
      'tesis\\b',
      'investigacion (?:sobre|academica)',
      'questionario',
      '\\btcc\\b',
      'tese\\b',
      'dissertacao',
      'pesquisa (?:academica|sobre|de mestrado)',
      'ankiet\\w*',
      'kwestionariusz',
      'prac\\w* (?:licencjack|magistersk|dyplomow|inzyniersk)\\w*',
      'badani\\w* (?:nad|naukow|dotycz)\\w*',
      'enkat\\w*',
      'uppsats\\w*',
      'examensarbete',
      'forskning\\w*',
    ],
  },
  {
    id: 'purchase-not-applied',
    gist: 'paid but Premium not unlocked',
    prior: { 'bug-report': 3.0, 'refund-request': -0.4 },
    cues: [
      'still (?:says|shows|showing|on (?:the )?(?:free|basic)|locked|free|the free|has the free|in the free)',
      '(?:not|isn.?t|wasn.?t|never) (?:been )?(?:unlocked|activated)',
      'restore purchase',
      'premium (?:is |was )?(?:not|isn.?t) (?:active|activated|working|unlocked|showing)',
      'immer noch (?:gesperrt|free|kostenlos|gratis|die (?:gratis|free|kostenlose))',
      'nicht freigeschaltet',
      'kaufe wiederherstellen',
      'weiterhin (?:gesperrt|free|kostenlos)',
      'toujours (?:bloque|en (?:version )?gratuit|la version gratuite|gratuit)',
      'pas (?:active|debloque)',
      'restaurer (?:les |mes )?achats',
      'nog steeds (?:gratis|op gratis|vergrendeld|geblokkeerd|de gratis)',
      'niet (?:geactiveerd|ontgrendeld)',
      'aankopen herstellen',
      'ancora (?:bloccat|gratuit|la versione gratuita|in versione)',
      'non (?:sbloccat|attivat|si sblocca|si attiva)',
      'ripristina(?:re)? (?:gli )?acquisti',
      'sigue (?:bloquead|en (?:la version )?gratu|apareciendo|diciendo|como gratis)',
      'no se (?:desbloquea|activa|activo)',
      'restaurar compras',
      'continua (?:bloquead|gratis|gratuito|no plano gratuito|aparecendo)',
      'nao (?:desbloque|ativ|liberou|foi liberad)\\w*',
      'ainda (?:aparece|mostra|esta|consta) (?:como )?(?:o )?(?:plano )?(?:gratis|gratuito|bloquead|free)',
      'nadal (?:zablokowan|darmow|pokazuje|mam darmow|jest darmow|widze darmow)\\w*',
      'nie (?:zostal\\w* )?(?:odblokowan|aktywowan)\\w*',
      'przywroc\\w* zakup\\w*',
      'fortfarande (?:last|gratis|gratisversionen|ingen premium)',
      'inte (?:upplast|aktiverad|aktiverat)',
      'aterstall\\w* kop',
    ],
  },
  {
    id: 'help-me',
    gist: 'asks for help with a problem',
    prior: { 'bug-report': 0.6, 'product-question': -1.0 },
    cues: [
      'what (?:can|should|do) i do',
      'what now',
      'can you (?:please )?(?:help|fix|check|look)',
      'please (?:help|fix|check)',
      'was (?:kann|soll) ich (?:da )?(?:tun|machen)',
      '(?:konnt|konnen) (?:ihr|sie) (?:mir )?(?:\\w+ )?(?:helfen|das (?:beheben|prufen|anschauen))',
      'bitte (?:um )?(?:hilfe|beheben)',
      'que (?:puis|dois)-je faire',
      'que faire',
      'pouvez-vous (?:m.aider|corriger|regarder|verifier|reparer)',
      'aidez-moi',
      'wat (?:kan|moet) ik (?:nu )?doen',
      'kunnen jullie (?:mij |me )?(?:helpen|kijken|dit oplossen|het oplossen|dit fixen)',
      'cosa (?:posso|devo) fare',
      'come posso (?:fare|risolvere)',
      'potete (?:aiutarmi|controllare|sistemare|risolvere|verificare)',
      'aiutatemi',
      'que (?:puedo|debo) hacer',
      '(?:podeis|pueden|podrian) (?:ayudarme|revisar|arreglar|mirar|solucionar)\\w*',
      'ayudadme',
      'ayudenme',
      'o que (?:posso|devo) fazer',
      '(?:podem|poderiam) (?:me )?(?:ajudar|verificar|corrigir|resolver|ver)\\w*',
      'me ajudem',
      'co (?:moge|mam|powinienem|powinnam) (?:\\w+ )?zrobic',
      '(?:mozecie|moglibyscie) (?:mi )?(?:pomoc|sprawdzic|naprawic)',
      'pomocy',
      'vad (?:kan|ska|bor) jag gora',
      '(?:kan|kunde) ni (?:hjalpa|kolla|fixa|titta|losa)',
      'hjalp mig',
    ],
  },
  {
    id: 'escalation',
    gist: 'threatens bank/consumer/legal steps',
    prior: { 'refund-request': 1.2, other: 0.3 },
    cues: [
      'contact (?:my|the) bank',
      'report (?:this|it|you) to (?:my|the) bank',
      '(?:to|with|through|via) my bank',
      'my bank (?:will|to)\\b',
      'consumer (?:protection|rights)',
      'lawyer',
      'legal action',
      'small claims',
      'bei (?:meiner|der) bank',
      '(?:uber|an|zur) (?:meine|die) bank',
      'zur bank',
      'verbraucherzentrale',
      'anwalt',
      'rechtsanwalt',
      'rechtliche schritte',
      'aupres de (?:ma|la) banque',
      'ma banque',
      'porter plainte',
      'plainte',
      'avocat',
      'association de consommateurs',
      'naar (?:mijn|de) bank',
      'mijn bank',
      'consumentenbond',
      'geschillencommissie',
      'advocaat',
      '(?:con|alla|presso) (?:la )?(?:mia )?banca',
      'denuncia',
      'avvocato',
      'associazione (?:dei )?consumatori',
      '(?:al|mi|con el|con mi) banco',
      'oficina del consumidor',
      'abogado',
      'consumo',
      '(?:no|ao|o meu|meu|com o) banco',
      'procon',
      'reclame aqui',
      'advogado',
      'defesa do consumidor',
      '(?:do|w) (?:moim |moj\\w* )?bank\\w*',
      'rzecznik\\w* konsument\\w*',
      'uokik',
      'prawnik',
      '(?:min|till|med) bank\\w*',
      '\\barn\\b',
      'konsumentverket',
      'advokat',
    ],
  },
];

export interface CompiledConcept extends Concept {
  re: RegExp;
}

export const COMPILED: CompiledConcept[] = CONCEPTS.filter((c) => c.cues.length > 0).map((c) => ({
  ...c,
  re: new RegExp(`\\b(?:${c.cues.join('|')})`),
}));

/** Concept ids present in folded text. */
export function conceptsIn(folded: string): Set<string> {
  const found = new Set<string>();
  for (const c of COMPILED) if (c.re.test(folded)) found.add(c.id);
  if (folded.includes('?')) found.add('question-mark');
  // Combinations that carry more meaning than their parts.
  if (found.has('twice') && found.has('charged')) found.add('double-charge');
  if (found.has('cancel') && found.has('charged')) found.add('cancel+charged');
  if (found.has('crash') || found.has('error') || found.has('not-working')) found.add('any-breakage');
  // "after cancelling / after the trial" is a refund signal only when money was actually taken;
  // without that it is a question about what happens then ("what happens after the trial?").
  if (found.has('after-cancel') && !['charged', 'amount', 'refund', 'twice'].some((c) => found.has(c))) {
    found.delete('after-cancel');
    found.add('cancel-timing');
  }
  return found;
}

/** Priors for the combination concepts (they have no cues of their own). */
export const DERIVED_PRIORS: Record<string, Partial<Record<Category, number>>> = {
  'double-charge': { 'refund-request': 2.4 },
  'cancel+charged': { 'refund-request': 1.2, 'product-question': -0.6 },
  'any-breakage': { 'bug-report': 0.6 },
  'cancel-timing': { 'product-question': 0.4 },
};

/** Stable fingerprint of the lexicon, stored in model.json so a stale model is detected. */
export function lexiconFingerprint(): string {
  return JSON.stringify([CONCEPTS.map((c) => [c.id, c.cues, c.prior]), DERIVED_PRIORS]);
}

/** Product areas named in the summary and gist ("upload", "sync", …), by folded cue. */
export const AREAS: { area: string; re: RegExp }[] = [
  { area: 'upload', re: /(?:^|[^a-z])(?:upload|hochlad|hochgelad|televers|telecharg|uploaden|caricar|subir|subo\b|carregar|carreguei|przesl|wgra|ladda upp)/ },
  { area: 'sync', re: /(?:^|[^a-z])(?:sync|synchron|synchronis|sincroniz|synkroniser|synka)/ },
  { area: 'login', re: /(?:^|[^a-z])(?:log ?in|sign in|anmeld|einlogg|connecter|connexion|inlogg|accedere|accesso|iniciar sesion|entrar|zalogowa|logowan|logga in|inloggning)/ },
  { area: 'quiz', re: /(?:^|[^a-z])quiz/ },
  { area: 'summaries', re: /(?:^|[^a-z])(?:summar|zusammenfass|resume|samenvatting|riassunt|resumen|resumo|podsumowan|sammanfattning)/ },
  { area: 'flashcards', re: /(?:^|[^a-z])(?:flashcard|karteikart|karten\b|cartes\b|fiches|kaart|tarjetas|cartoes|cartas\b|fiszk|kort\b|korten|stapel|decks?\b|mazo|paquet)/ },
  { area: 'subscription/billing', re: /(?:^|[^a-z])(?:subscription|premium|abo\b|abonnement|abbonament|suscripcion|assinatura|subskrypcj|abonament|abonnemang|payment|zahlung|paiement|betaling|pagament|pago|platnos|betalning|invoice|rechnung|facture|factuur|fattura|factura|fatura|faktur)/ },
  { area: 'account', re: /(?:^|[^a-z])(?:account|konto|compte|cuenta|conta\b|password|passwort|mot de passe|wachtwoord|contrasena|senha|haslo|losenord|e-?mail)/ },
];

export function areasIn(folded: string): string[] {
  return AREAS.filter((a) => a.re.test(folded)).map((a) => a.area);
}
