// Spanish sample mails (ES; a few students abroad).
import type { LanguageSet } from '../spec.js';

export const es: LanguageSet = {
  language: 'es',
  mails: [
    {
      slug: 'no-sincroniza-movil',
      category: 'bug-report',
      from: ['Lucía García', 'lucia.garcia@example.es'],
      date: '2026-03-02 17:33 +0100',
      subject: 'Las tarjetas de la web no aparecen en el móvil',
      mailer: 'gmail',
      html: 'auto',
      account: {
        plan: 'premium-monthly', status: 'active', signupDate: '2025-10-08', country: 'ES', platform: 'android', renewalDate: '2026-04-08', recordings: 5,
        sentryIssues: [
          { title: 'SyncError: 409 Conflict on PUT /v2/decks/{id}/cards', culprit: 'ch.studyflash.app.sync.SyncWorker in pushChanges', count: 22, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `Hola,

Ayer creé dos mazos nuevos desde el ordenador (Derecho Civil II, temas 5 y 6) y en la app del móvil no aparecen. He cerrado sesión y he vuelto a entrar, pero siguen sin salir. Los mazos antiguos sí se ven en los dos sitios.

Tengo un Pixel 7 con la última versión de la app. ¿Podéis revisarlo?

Un saludo,
Lucía
`,
    },
    {
      slug: 'cargo-no-reconocido',
      category: 'refund-request',
      from: ['Javier Martínez', 'javier.martinez@example.es'],
      date: '2026-03-03 12:10 +0100',
      subject: 'Cargo que no reconozco en mi tarjeta',
      mailer: 'outlook',
      account: { plan: 'premium-yearly', status: 'active', signupDate: '2025-03-02', country: 'ES', platform: 'web', renewalDate: '2027-03-02', recordings: 0 },
      text: `Buenos días:

En el extracto de mi tarjeta aparece un cargo de 59,99 € con el concepto "STUDYFLASH" del 2 de marzo. No recuerdo haber contratado nada este mes. Es posible que hace un año probara la aplicación, pero no sabía que se renovaba sola.

Solicito la devolución del importe. Si no es posible, tendré que abrir una reclamación con mi banco.

Atentamente,
Javier Martínez
`,
    },
    {
      slug: 'cancelar-renovacion-ios',
      category: 'product-question',
      from: ['Carmen López', 'carmen.lopez@mail.test'],
      date: '2026-03-04 19:45 +0100',
      subject: '¿Cómo cancelo la renovación?',
      mailer: 'iphone',
      notes: 'cancel without refund',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2026-01-04', country: 'ES', platform: 'ios', renewalDate: '2026-04-04', recordings: 1 },
      text: `Hola, quiero quitar la renovación automática de Premium porque en verano no voy a estudiar. No quiero que me devolváis nada, solo que no me vuelvan a cobrar. Lo pagué desde el iPhone. ¿Si cancelo ahora pierdo Premium en ese momento o puedo usarlo hasta abril?

Gracias

Enviado desde mi iPhone
`,
    },
    {
      slug: 'resumen-cortado-catalan',
      category: 'bug-report',
      from: ['Pau Serra', 'pau.serra@example.cat'],
      date: '2026-03-05 10:02 +0100',
      subject: 'El resum/resumen se corta a la mitad',
      mailer: 'thunderbird',
      notes: 'Spanish with Catalan words',
      account: {
        plan: 'premium-yearly', status: 'active', signupDate: '2025-09-27', country: 'ES', platform: 'web', renewalDate: '2026-09-27', recordings: 2,
        sentryIssues: [
          { title: 'GenerationError: model output truncated (max_tokens reached)', culprit: 'workers/generate/summary.ts in collectStream', count: 37, lastSeenDaysAgo: 0, level: 'warning' },
        ],
      },
      text: `Bon dia / buenos días,

Los resúmenes que genero de los apuntes de Economía de la Empresa se cortan a la mitad de una frase. Por ejemplo, el del tema 3 termina en "la estructura organizativa divisional permet" y ya no hay nada más. Passa amb tots els documents llargs, los cortos salen bien.

¿Hay algún límite de longitud o es un error?

Gràcies,
Pau
`,
    },
    {
      slug: 'modo-sin-conexion',
      category: 'product-question',
      from: ['Diego Fernández', 'diego.fernandez@example.es'],
      date: '2026-03-06 08:21 +0100',
      subject: 'Estudiar sin internet',
      mailer: 'android',
      account: { plan: 'free', status: 'active', signupDate: '2026-02-07', country: 'ES', platform: 'android', recordings: 1 },
      text: `Hola!

La semana que viene tengo un viaje largo en tren y en avión y querría aprovechar para repasar. ¿Funciona la app sin conexión? ¿Tengo que descargar los mazos antes de alguna manera? ¿Y el progreso se guarda y se sincroniza luego cuando vuelva a tener internet?

Gracias,
Diego
`,
    },
    {
      slug: 'agradecimiento-selectividad',
      category: 'other',
      from: ['Marta Sánchez', 'marta.sanchez@example.es'],
      date: '2026-03-07 21:18 +0100',
      subject: 'Gracias!!',
      mailer: 'gmail',
      html: 'auto',
      notes: 'praise',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2025-11-15', country: 'ES', platform: 'ios', renewalDate: '2026-03-15', recordings: 0 },
      text: `Hola equipo de Studyflash,

Solo quería daros las gracias. Estoy en segundo de bachillerato y llevo desde noviembre preparando la selectividad con vuestra app. Hoy nos han dado las notas del segundo trimestre y he subido casi dos puntos en historia y en biología respecto al primero.

Lo que más me gusta es que puedo subir las fotos de los apuntes de clase y en cinco minutos tengo las tarjetas hechas. Mis amigas ya se la han descargado también.

Un abrazo,
Marta
`,
    },
    {
      slug: 'cargo-no-reconocido-datos',
      category: 'refund-request',
      from: ['Javier Martínez', 'javier.martinez@example.es'],
      date: '2026-03-06 09:40 +0100',
      subject: 'RE: Cargo que no reconozco en mi tarjeta',
      mailer: 'outlook',
      followUp: {
        of: 'cargo-no-reconocido',
        via: 'support',
        supportAgent: 'Elena García',
        supportAfterMinutes: 1700,
        supportReply: `Hola Javier:

Gracias por escribirnos. Para localizar el pago, ¿podrías indicarnos los cuatro últimos dígitos de la tarjeta y si el cargo se hizo en euros o en francos suizos? No es necesario que nos envíes el número completo.

Un saludo,
Elena García
Soporte Studyflash`,
      },
      text: `Hola Elena:

La tarjeta termina en 4471 y el cargo aparece en euros, 59,99 €. He revisado el correo y efectivamente encontré el registro de marzo del año pasado, pero nunca recibí ningún aviso de renovación. No he usado la aplicación en todo el año, así que sigo pidiendo que me devolváis el importe.

Gracias,
Javier
`,
    },
    {
      slug: 'academia-oposiciones',
      category: 'other',
      from: ['Raquel Navarro', 'direccion@academia-example.es'],
      date: '2026-03-09 12:45 +0100',
      subject: 'Licencias para alumnos de academia de oposiciones',
      mailer: 'outlook',
      html: 'auto',
      notes: 'schools/B2B',
      account: null,
      text: `Estimados señores:

Dirijo una academia de preparación de oposiciones en Valencia (justicia y administración general) con unos 220 alumnos. Estamos buscando una herramienta para que los alumnos repasen el temario con tarjetas y tests, y varios profesores nos han hablado de Studyflash.

Nos gustaría saber si ofrecen licencias para centros, con facturación a la academia, y si es posible que los profesores preparen mazos oficiales que luego se compartan con todos los alumnos de un grupo.

Quedo a la espera de su respuesta.

Un cordial saludo,
Raquel Navarro
Directora
`,
    },
    {
      slug: 'limite-paginas-premium',
      category: 'product-question',
      from: ['Álvaro Ruiz', 'alvaro.ruiz@mail.test'],
      date: '2026-03-10 16:06 +0100',
      subject: 'Límite de páginas con Premium',
      mailer: 'webmail',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2026-02-28', country: 'ES', platform: 'web', renewalDate: '2026-03-28', recordings: 1 },
      text: `Buenas tardes,

Tengo el plan Premium mensual. ¿Cuál es el número máximo de páginas o el tamaño máximo de un PDF que puedo subir? Quiero subir el manual de Farmacología entero (unas 900 páginas) y no sé si es mejor dividirlo por capítulos. ¿Las tarjetas salen mejor si subo capítulos más cortos?

Saludos,
Álvaro Ruiz
`,
    },
    {
      slug: 'quiz-pantalla-blanca',
      category: 'bug-report',
      from: ['Sergio Torres', 'sergio.torres@example.es'],
      date: '2026-03-11 23:36 +0100',
      subject: 'quiz en blanco',
      mailer: 'iphone',
      html: 'auto',
      attachments: [{ kind: 'png', filename: 'IMG_7730.PNG', caption: 'blank quiz screen' }],
      account: {
        plan: 'free', status: 'active', signupDate: '2026-02-02', country: 'ES', platform: 'ios', recordings: 2,
        sentryIssues: [
          { title: 'WKWebView: JavaScript exception "undefined is not an object (evaluating \'q.options.map\')"', culprit: 'Studyflash/Quiz/QuizWebView.swift in userContentController', count: 5, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `hola, cuando le doy a "Empezar quiz" en el mazo de anatomía se queda la pantalla en blanco y no sale ninguna pregunta, os mando captura. en otros mazos funciona. tengo iphone 13

gracias
`,
    },
  ],
};
