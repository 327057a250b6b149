import { transcriptParagraphs } from '../../../src/course/transcript';

test('a transcript has the spoken text only: no header, cue numbers, timecodes, notes or markup', () => {
  const vtt = [
    'WEBVTT',
    '',
    'NOTE written by the author',
    '',
    '1',
    '00:00:00.000 --> 00:00:03.168 align:start',
    'Deze leerkracht geeft les',
    'aan <i>groep 7</i>.',
    '',
    '2',
    '00:00:03.518 --> 00:00:07.382',
    '<v Lara>Zelf groeide ze op &amp; zweeg.</v>',
  ].join('\r\n');
  expect(transcriptParagraphs(vtt)).toEqual(['Deze leerkracht geeft les aan groep 7. Zelf groeide ze op & zweeg.']);
});

test('a pause of two seconds starts a new paragraph; a long paragraph ends at a sentence end', () => {
  const cue = (from: number, to: number, text: string) => `00:00:${String(from).padStart(2, '0')}.000 --> 00:00:${String(to).padStart(2, '0')}.000\n${text}`;
  const long = 'Een heel lange zin over de klas die maar doorgaat. '.repeat(9).trim();
  const vtt = ['WEBVTT', cue(0, 2, 'Eerste deel.'), cue(5, 8, long), cue(8, 9, 'Nieuwe alinea.'), cue(9, 10, 'Nog een zin')].join('\n\n');
  expect(transcriptParagraphs(vtt)).toEqual(['Eerste deel.', long, 'Nieuwe alinea. Nog een zin']);
});

test('captions without cues give no paragraphs', () => {
  expect(transcriptParagraphs('WEBVTT\n\n')).toEqual([]);
});
