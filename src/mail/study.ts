// The hook for the study's mails (research): the study's schedule calls this when a wave opens
// for a teacher or closes soon. Each (kind, wave, teacher) is written once, however often it is called.
import type { OutboxStore } from '../db/outbox';
import { studyWaveClosingMail, studyWaveOpenMail } from './compose';

export interface StudyWaveMail {
  kind: 'open' | 'closing';
  /** Identifies the wave; with the kind and the teacher it makes the message unique. */
  waveId: string;
  userId: number;
  to: string;
  name: string | null;
  studyTitle: string;
  waveTitle: string;
  /** The last day, in words ("vrijdag 12 juni"); required for 'closing'. */
  closesOn: string | null;
  /** Where the teacher fills in the wave. */
  link: string;
  baseUrl: string;
}

/** Writes the wave mail to the outbox (call it inside the transaction that decided it). False when it was written before. */
export function queueStudyWaveMail(outbox: OutboxStore, m: StudyWaveMail): boolean {
  const ctx = { platform: 'steun', baseUrl: m.baseUrl, to: m.to, name: m.name, studyTitle: m.studyTitle, waveTitle: m.waveTitle, link: m.link };
  const mail = m.kind === 'open' ? studyWaveOpenMail({ ...ctx, closesOn: m.closesOn }) : studyWaveClosingMail({ ...ctx, closesOn: m.closesOn ?? '' });
  return outbox.enqueue(mail, { userId: m.userId, dedupeKey: `study-wave:${m.kind}:${m.waveId}:${m.userId}` });
}
