// Mail in over SMTP (nodemailer as the customer's mail server): what Exchange surfaces for it,
// conversation threading across our own sent reply, unique body, attachments, refused recipients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { MockGraph } from './server.js';
import { sdkClient, startTestGraph } from './testkit.js';

let graph: MockGraph;
let client: Client;
let smtp: Transporter;
let me: string;
const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };
type Msg = Record<string, unknown> & { id: string; conversationId: string; internetMessageId: string };

async function byMessageId(internetMessageId: string, select?: string): Promise<Msg> {
  let req = client.api(`${me}/messages`).headers(IMMUTABLE).filter(`internetMessageId eq '${internetMessageId}'`);
  if (select) req = req.select(select);
  const res = (await req.get()) as { value: Msg[] };
  if (res.value.length !== 1) throw new Error(`expected one message ${internetMessageId}, got ${res.value.length}`);
  return res.value[0]!;
}

beforeAll(async () => {
  graph = await startTestGraph({ smtpPort: 0, limits: false });
  client = sdkClient(graph);
  me = `/users/${graph.mailbox}`;
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: graph.smtpPort!, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  smtp.close();
  await graph.close();
});

describe('SMTP intake', () => {
  it('files mail for the mailbox into the Inbox as Exchange surfaces it', async () => {
    await smtp.sendMail({
      from: '"Lena Müller" <lena@example.com>',
      to: 'support@studyflash.test',
      cc: 'mama@example.com',
      replyTo: 'lena.privat@example.com',
      subject: 'Karteikarten verschwunden',
      html: '<p>Hallo, meine <b>Karteikarten</b> sind weg.</p>',
      messageId: '<smtp-1@example.com>',
      headers: { 'X-Mailer': 'Thunderbird' },
      attachments: [{ filename: 'screenshot.png', content: Buffer.from('png-bytes') }],
    });
    const m = await byMessageId('<smtp-1@example.com>', 'id,subject,from,sender,toRecipients,ccRecipients,replyTo,body,bodyPreview,hasAttachments,isRead,categories,internetMessageHeaders,conversationId,conversationIndex,receivedDateTime,parentFolderId');
    expect(m).toMatchObject({
      subject: 'Karteikarten verschwunden',
      from: { emailAddress: { name: 'Lena Müller', address: 'lena@example.com' } },
      sender: { emailAddress: { address: 'lena@example.com' } },
      toRecipients: [{ emailAddress: { address: 'support@studyflash.test' } }],
      ccRecipients: [{ emailAddress: { address: 'mama@example.com' } }],
      replyTo: [{ emailAddress: { address: 'lena.privat@example.com' } }],
      body: { contentType: 'html', content: expect.stringContaining('<b>Karteikarten</b>') },
      bodyPreview: 'Hallo, meine Karteikarten sind weg.',
      hasAttachments: true,
      isRead: false,
      categories: [],
      receivedDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(Buffer.from(m.conversationIndex as string, 'base64').length).toBe(22);
    expect(m.internetMessageHeaders).toEqual(expect.arrayContaining([{ name: 'X-Mailer', value: 'Thunderbird' }, { name: 'Message-ID', value: '<smtp-1@example.com>' }]));
    const inbox = (await client.api(`${me}/mailFolders/inbox`).get()) as { id: string };
    expect(m.parentFolderId).toBe(inbox.id);
    const raw = (await client.api(`${me}/messages/${m.id}/$value`).get()) as string;
    expect(raw).toMatch(/^Message-ID: <smtp-1@example\.com>$/m);
    expect(graph.stats().smtpAccepted).toBeGreaterThanOrEqual(1);
  });

  it('counts only real attachments: an inline image alone is no attachment', async () => {
    await smtp.sendMail({
      from: 'a@example.com', to: 'support@studyflash.test', subject: 'Logo', messageId: '<smtp-inline@example.com>',
      html: '<p>Logo: <img src="cid:logo@x"></p>',
      attachments: [{ filename: 'logo.png', content: Buffer.from('png'), cid: 'logo@x' }],
    });
    expect((await byMessageId('<smtp-inline@example.com>', 'hasAttachments')).hasAttachments).toBe(false);
  });

  it('threads a customer reply to our sent reply into the same conversation, with a unique body without the quote', async () => {
    await smtp.sendMail({ from: 'tom@example.com', to: 'support@studyflash.test', subject: 'Abo kündigen', text: 'Wie kündige ich?', messageId: '<thread-1@example.com>' });
    const first = await byMessageId('<thread-1@example.com>');
    const draft = (await client.api(`${me}/messages/${first.id}/createReply`).headers(IMMUTABLE).post({ comment: 'In den Einstellungen.' })) as Msg;
    await client.api(`${me}/messages/${draft.id}/send`).post(null);
    const sent = (await client.api(`${me}/messages/${draft.id}`).headers(IMMUTABLE).get()) as Msg;

    await smtp.sendMail({
      from: 'tom@example.com', to: 'support@studyflash.test', subject: 'RE: Abo kündigen', messageId: '<thread-3@example.com>',
      inReplyTo: sent.internetMessageId, references: ['<thread-1@example.com>', sent.internetMessageId],
      text: 'Danke, hat geklappt!\n\nAm Montag schrieb Studyflash Support <support@studyflash.test>:\n> In den Einstellungen.\n',
    });
    const followUp = await byMessageId('<thread-3@example.com>', 'conversationId,conversationIndex,uniqueBody,body');
    expect(followUp.conversationId).toBe(first.conversationId);
    expect((followUp.uniqueBody as { content: string }).content).toBe('Danke, hat geklappt!');
    expect((followUp.body as { content: string }).content).toContain('In den Einstellungen.');
    expect(Buffer.from(followUp.conversationIndex as string, 'base64').length).toBeGreaterThan(22);

    const unrelated = await smtp.sendMail({ from: 'x@example.com', to: 'support@studyflash.test', subject: 'Abo kündigen', text: 'Neu', messageId: '<thread-9@example.com>' });
    expect(unrelated.accepted).toHaveLength(1);
    expect((await byMessageId('<thread-9@example.com>')).conversationId).not.toBe(first.conversationId);
  });

  it('refuses recipients other than the mailbox with 550', async () => {
    await expect(smtp.sendMail({ from: 'a@example.com', to: 'someone-else@studyflash.test', subject: 'x', text: 'x' }))
      .rejects.toMatchObject({ responseCode: 550 });
    const partly = await smtp.sendMail({ from: 'a@example.com', to: ['support@studyflash.test', 'nobody@example.com'], subject: 'teils', text: 'x', messageId: '<partly@example.com>' });
    expect(partly.rejected).toEqual(['nobody@example.com']);
    expect((await byMessageId('<partly@example.com>')).subject).toBe('teils');
  });
});
