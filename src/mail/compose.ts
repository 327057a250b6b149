// Every e-mail steun sends, composed as plain data: Dutch text plus simple HTML with the
// platform's name and one link. Pure: no database, no SMTP, no clock.
import type { OutgoingMail } from '../db/outbox';

export const MAIL_KINDS = [
  'invitation',
  'password-reset',
  'welcome',
  'account-exists',
  'invited-existing',
  'certificate-ready',
  'reminder',
  'study-wave-open',
  'study-wave-closing',
  'inactive-notice',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** What every message knows: the platform's name, its address, and the recipient. */
export interface MailContext {
  platform: string;
  baseUrl: string;
  to: string;
  /** The recipient's name when known (an invitation does not know it yet). */
  name?: string | null;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** One message from paragraphs and one call to action; the HTML is a plain version of the same text. */
function message(kind: MailKind, ctx: MailContext, subject: string, paragraphs: string[], action: { label: string; url: string }, after: string[] = [], signature = ctx.platform): OutgoingMail {
  const greeting = ctx.name ? `Beste ${ctx.name},` : 'Hallo,';
  const footer = `Deze e-mail komt van ${ctx.platform} (${ctx.baseUrl}).`;
  const text = [greeting, ...paragraphs, `${action.label}:\n${action.url}`, ...after, `Groet,\n${signature}`, '--', footer].join('\n\n') + '\n';
  const p = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const html = [
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>' + escapeHtml(subject) + '</title></head>',
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em">',
    p(greeting),
    ...paragraphs.map(p),
    `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:.5em 1em;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>`,
    `<p style="font-size:.9em">Werkt de knop niet? Kopieer dan deze link in je browser:<br>${escapeHtml(action.url)}</p>`,
    ...after.map(p),
    p(`Groet,\n${signature}`),
    `<hr><p style="font-size:.8em;color:#555">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { kind, to: ctx.to.trim().toLowerCase(), subject, text, html };
}

/** What an invitation says about the course, so it reads as the school's and not as an unknown sender's. */
export interface InvitationCourse {
  courseTitle: string;
  /** "vijf korte modules, ongeveer 2 uur" */
  courseSize: string;
  /** Who invites (a coordinator's name), when a person does. */
  inviter: string | null;
}

export function invitationMail(ctx: MailContext & InvitationCourse & { schoolName: string | null; link: string; validDays: number }): OutgoingMail {
  const who = ctx.inviter ? `${ctx.inviter}${ctx.schoolName ? ` van ${ctx.schoolName}` : ''} nodigt je uit` : ctx.schoolName ? `${ctx.schoolName} nodigt je uit` : 'Je bent uitgenodigd';
  return message(
    'invitation',
    ctx,
    `Uitnodiging: online nascholing ‘${ctx.courseTitle}’${ctx.schoolName ? ` (${ctx.schoolName})` : ''}`,
    [
      `${who} voor de online nascholing ‘${ctx.courseTitle}’: ${ctx.courseSize}, in je eigen tempo en op je eigen apparaat.`,
      'Met de link hieronder vul je je naam in en kies je een wachtwoord; daarna kun je meteen beginnen.',
      `De link werkt één keer en is ${ctx.validDays} dagen geldig.`,
    ],
    { label: 'Account activeren', url: ctx.link },
    [`Verwachtte je deze uitnodiging niet? Vraag het na bij ${ctx.inviter ?? 'de coördinator van je school'}, of negeer deze e-mail.`],
    ctx.courseTitle,
  );
}

export function passwordResetMail(ctx: MailContext & { link: string }): OutgoingMail {
  return message(
    'password-reset',
    ctx,
    `Nieuw wachtwoord voor ${ctx.platform}`,
    [
      `Iemand (hopelijk jij) heeft gevraagd om een nieuw wachtwoord voor je account op ${ctx.platform}.`,
      'De link werkt één keer en is een uur geldig. Als je een nieuw wachtwoord kiest, word je op andere apparaten uitgelogd.',
    ],
    { label: 'Nieuw wachtwoord kiezen', url: ctx.link },
    ['Heb je dit niet zelf gevraagd? Dan kun je deze e-mail negeren: je wachtwoord blijft hetzelfde.'],
  );
}

/** After registering: welcome, and (when registration goes by mail) the link that finishes it. */
export function welcomeMail(ctx: MailContext & { schoolName: string; link: string; linkSetsPassword: boolean }): OutgoingMail {
  return message(
    'welcome',
    ctx,
    `Welkom bij ${ctx.platform}`,
    ctx.linkSetsPassword
      ? [`Welkom bij de cursus van ${ctx.schoolName}! Je bent er bijna: kies met de link hieronder je wachtwoord. De link werkt één keer en is 7 dagen geldig.`]
      : [`Welkom bij de cursus van ${ctx.schoolName}! Je account is klaar. Je kunt altijd verder waar je gebleven was.`],
    ctx.linkSetsPassword ? { label: 'Wachtwoord kiezen', url: ctx.link } : { label: 'Naar de cursus', url: ctx.link },
  );
}

/** Someone registered with an address that has an account: the owner hears it, nobody else learns it. */
export function accountExistsMail(ctx: MailContext & { link: string }): OutgoingMail {
  return message(
    'account-exists',
    ctx,
    `Je hebt al een account bij ${ctx.platform}`,
    [
      `Iemand (hopelijk jij) probeerde met dit e-mailadres een nieuw account te maken op ${ctx.platform}. Je hebt daar al een account, dus er is niets veranderd.`,
      'Weet je je wachtwoord niet meer? Vraag dan met de link hieronder een nieuw wachtwoord aan.',
    ],
    { label: 'Wachtwoord vergeten', url: ctx.link },
    ['Was jij dit niet? Dan kun je deze e-mail negeren.'],
  );
}

/**
 * A coordinator invited an address that already has an account (in another school, or not as a
 * teacher). The owner hears it; the coordinator's screen says the same as for a new address.
 */
export function invitedExistingMail(ctx: MailContext & { schoolName: string; link: string }): OutgoingMail {
  return message(
    'invited-existing',
    ctx,
    `Uitnodiging van ${ctx.schoolName} op ${ctx.platform}`,
    [
      `${ctx.schoolName} heeft je uitgenodigd voor de cursus op ${ctx.platform}. Je hebt daar al een account met dit e-mailadres, dus je hoeft niets nieuws aan te maken: log in zoals je gewend bent.`,
      `Werk je nu op ${ctx.schoolName} en wil je dat je voortgang daar meetelt? Vraag dan de beheerder van ${ctx.platform} om je account over te zetten.`,
    ],
    { label: 'Inloggen', url: ctx.link },
    ['Verwachtte je deze uitnodiging niet? Dan kun je deze e-mail negeren.'],
  );
}

export function certificateReadyMail(ctx: MailContext & { courseTitle: string; link: string }): OutgoingMail {
  return message(
    'certificate-ready',
    ctx,
    `Je certificaat voor ${ctx.courseTitle} staat klaar`,
    [`Gefeliciteerd! Je hebt de cursus ${ctx.courseTitle} helemaal afgerond. Je certificaat staat voor je klaar.`],
    { label: 'Certificaat downloaden', url: ctx.link },
    ['Je reflecties kun je altijd teruglezen onder "Mijn reflecties".'],
  );
}

export function reminderMail(ctx: MailContext & { courseTitle: string; quietDays: number; nextStep: string; link: string; settingsLink: string }): OutgoingMail {
  return message(
    'reminder',
    ctx,
    `Ga je verder met ${ctx.courseTitle}?`,
    [
      `Je bent al ${ctx.quietDays} dagen niet meer bezig geweest met ${ctx.courseTitle}. Je voortgang is bewaard: je gaat verder waar je gebleven was.`,
      `Je volgende stap: ${ctx.nextStep}.`,
    ],
    { label: 'Verder met de cursus', url: ctx.link },
    [`Je krijgt deze herinnering één keer. Wil je helemaal geen herinneringen meer? Zet ze uit bij Mijn gegevens: ${ctx.settingsLink}`],
  );
}

/** For the study (research): a measurement wave opened for this teacher. */
export function studyWaveOpenMail(ctx: MailContext & { studyTitle: string; waveTitle: string; closesOn: string | null; link: string }): OutgoingMail {
  return message(
    'study-wave-open',
    ctx,
    `${ctx.waveTitle} van het onderzoek staat open`,
    [
      `De vragenlijst "${ctx.waveTitle}" van ${ctx.studyTitle} staat voor je open.${ctx.closesOn ? ` Je kunt hem invullen tot en met ${ctx.closesOn}.` : ''}`,
      'Meedoen is vrijwillig; je kunt altijd stoppen.',
    ],
    { label: 'Vragenlijst invullen', url: ctx.link },
  );
}

/** For the study (research): a wave the teacher has not filled in closes soon. */
export function studyWaveClosingMail(ctx: MailContext & { studyTitle: string; waveTitle: string; closesOn: string; link: string }): OutgoingMail {
  return message(
    'study-wave-closing',
    ctx,
    `Nog even: ${ctx.waveTitle} sluit ${ctx.closesOn}`,
    [`De vragenlijst "${ctx.waveTitle}" van ${ctx.studyTitle} sluit op ${ctx.closesOn}. Je hebt hem nog niet ingevuld.`, 'Meedoen is vrijwillig; je kunt altijd stoppen.'],
    { label: 'Vragenlijst invullen', url: ctx.link },
  );
}

/** A teacher inactive for INACTIVE_ERASE_DAYS: the account will be erased on `eraseOn` unless they sign in before. */
export function inactiveNoticeMail(ctx: MailContext & { inactiveDays: number; eraseOn: string; link: string; exportLink: string }): OutgoingMail {
  return message(
    'inactive-notice',
    ctx,
    `Je account bij ${ctx.platform} wordt gewist`,
    [
      `Je hebt ${ctx.inactiveDays} dagen niet ingelogd bij ${ctx.platform}. We bewaren gegevens niet langer dan nodig, daarom wissen we je account op ${ctx.eraseOn}, met alles wat erbij hoort: je voortgang, reflecties, antwoorden en certificaat.`,
      'Wil je je account houden? Log dan voor die datum in; dan blijft alles zoals het is.',
    ],
    { label: 'Inloggen', url: ctx.link },
    [`Wil je eerst een kopie van je gegevens? Log in en download ze bij Mijn gegevens: ${ctx.exportLink}. Kun je niet meer inloggen, vraag het dan de coördinator van je school.`],
  );
}
