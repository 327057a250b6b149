import fs from 'node:fs';
import { compileCourse } from '../../../src/course/compile';
import { formatDiagnostic, summarize } from '../../../src/course/format';
import type { CompileResult } from '../../../src/course/model';
import { makeCourse, type Files } from '../../fixtures/course-builder';
import { STUDY, STUDY_YML, KEUZE_MD, RELATIE_MD } from '../../fixtures/study';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function compile(files: Files): Promise<CompileResult> {
  const dir = makeCourse(files, { media: false });
  made.push(dir);
  return compileCourse(dir);
}
const errors = (r: CompileResult) => r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);

describe('a course with a study', () => {
  test('compiles the waves, questionnaires, pages and items', async () => {
    const r = await compile(STUDY);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const study = r.course!.study!;
    expect(study.waves.map((w) => [w.id, w.opens, w.beforeCourse, w.closesAfterDays])).toEqual([
      ['t0', { kind: 'start' }, false, 21],
      ['t1', { kind: 'after-wave', wave: 't0', days: 28 }, true, 21],
      ['t2', { kind: 'after-course', days: 90 }, false, null],
    ]);
    expect(study.pupils).toEqual({ min: 1, max: 2, label: 'leerling' });
    const [keuze, relatie] = study.questionnaires;
    expect(keuze!.items.map((i) => [i.variable, i.kind, i.page, i.optional])).toEqual([
      ['keuze.jaren', 'number', 0, false],
      ['keuze.groep', 'choice', 0, false],
      ['keuze.gedaan', 'multiple', 1, false],
      ['keuze.reden', 'text', 1, true],
    ]);
    expect(keuze!.items[0]).toMatchObject({ min: 0, max: 50 });
    expect(keuze!.items[1]!.options).toEqual(['Groep 1-2', 'Groep 3-5', 'Groep 6-8']);
    expect(keuze!.pages.map((p) => p.title)).toEqual(['Jij', 'Wat je deed']);
    expect(relatie!.about).toBe('pupil');
    expect(relatie!.subscales).toEqual(['nabijheid', 'conflict']);
    expect(relatie!.items.find((i) => i.id === 'rustig')).toMatchObject({ kind: 'scale', reverse: true, subscale: 'conflict', options: ['Helemaal niet', 'Niet', 'Neutraal', 'Wel', 'Helemaal wel'] });
    expect(relatie!.items[0]!.html).toContain('{pupil}');
    expect(relatie!.introHtml).toContain('Denk aan {pupil}.');
  });

  test('reads date bounds, school holidays, the AVG parts of the consent and an instrument', async () => {
    const yml = STUDY_YML.replace('days: 90 }', 'days: 90, notAfter: 2027-06-14 }\n    lastDay: 2027-07-09') + 'holidays:\n  - { name: Meivakantie, from: 2027-04-24, to: 2027-05-02 }\n';
    const relatie = RELATIE_MD.replace('placeholder: true', 'instrument: { name: Relatievragenlijst, source: "Auteur (2020)", licence: met toestemming van de auteur, version: 2 }');
    const r = await compile({ ...STUDY, 'research/study.yml': yml, 'research/02-relatie.md': relatie });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const study = r.course!.study!;
    expect(study.waves[2]).toMatchObject({ opens: { kind: 'after-course', days: 90 }, notBefore: null, notAfter: '2027-06-14', lastDay: '2027-07-09' });
    expect(study.holidays).toEqual([{ name: 'Meivakantie', from: '2027-04-24', to: '2027-05-02' }]);
    expect(study.consent).toMatchObject({ controller: 'Testuniversiteit, afdeling Onderwijsonderzoek', contact: 'Dr. T. Tester, onderzoek@test.example', dpo: expect.stringContaining('fg@test.example'), retention: expect.stringContaining('2032') });
    expect(study.questionnaires[1]).toMatchObject({ placeholder: false, instrument: { name: 'Relatievragenlijst', source: 'Auteur (2020)', licence: 'met toestemming van de auteur', version: '2' } });
    expect(study.questionnaires[0]).toMatchObject({ placeholder: true, instrument: null });
  });

  test('a questionnaire with neither a source nor the placeholder mark is a warning', async () => {
    const r = await compile({ ...STUDY, 'research/01-keuze.md': KEUZE_MD.replace('placeholder: true\n', '') });
    expect(r.course?.study).toBeTruthy();
    expect(r.diagnostics.map(formatDiagnostic)).toContain('research/01-keuze.md:2: warning: noem de bron van deze vragenlijst (instrument: name, source, licence) of markeer hem als voorlopige versie (placeholder: true)');
  });

  test('the summary counts research waves and questionnaires', async () => {
    const r = await compile(STUDY);
    expect(summarize(r.course!)).toMatch(/, 3 research waves, 2 questionnaires$/);
  });

  test('a course without a research folder has no study and the summary says nothing of it', async () => {
    const r = await compile({});
    expect(r.course!.study).toBeNull();
    expect(summarize(r.course!)).not.toContain('research');
  });
});

describe('every broken study is reported at path:line', () => {
  const cases: [string, Files, string][] = [
    ['a wave naming a questionnaire that does not exist', { 'research/study.yml': STUDY_YML.replace('[keuze, relatie]', '[keuze, relaties]') }, 'research/study.yml:18: error: meting "t0" noemt vragenlijst "relaties", maar research/ heeft geen bestand NN-relaties.md'],
    ['a wave after an unknown wave', { 'research/study.yml': STUDY_YML.replace('after: t0', 'after: t9') }, 'research/study.yml:23: error: meting "t1" opent na "t9", maar er is geen meting "t9" (noem een eerdere meting of course)'],
    ['a wave after a later wave', { 'research/study.yml': STUDY_YML.replace('after: t0', 'after: t2') }, 'research/study.yml:23: error: meting "t1" opent na "t2", maar dat is geen eerdere meting'],
    ['a duplicate wave id', { 'research/study.yml': STUDY_YML.replace('id: t2', 'id: t1') }, 'research/study.yml:26: error: meting-id "t1" wordt twee keer gebruikt; elke meting heeft een eigen id nodig'],
    ['a duplicate item id', { 'research/02-relatie.md': RELATIE_MD.replace('{#troost', '{#warm') }, 'research/02-relatie.md:14: error: vraag-id "warm" wordt ook gebruikt op regel 12; elke vraag in een vragenlijst heeft een eigen id nodig'],
    ['an item without an id', { 'research/02-relatie.md': RELATIE_MD.replace(' {#troost scale=nabijheid}', '') }, 'research/02-relatie.md:14: error: vraag "{pupil} komt naar mij toe als het moeilijk is." heeft geen id: eindig de kop met {#id}, bijvoorbeeld {#warm}'],
    ['reverse on an item that is not a scale item', { 'research/01-keuze.md': KEUZE_MD.replace('{#groep}', '{#groep reverse}') }, 'research/01-keuze.md:13: error: reverse kan alleen bij een schaalvraag; "groep" is een keuzevraag (met een lijst met opties)'],
    ['min above max', { 'research/01-keuze.md': KEUZE_MD.replace('min=0 max=50', 'min=60 max=50') }, 'research/01-keuze.md:11: error: vraag "jaren": min (60) is groter dan max (50)'],
    ['an option list under a text item', { 'research/01-keuze.md': KEUZE_MD + '\n- Een\n- Twee\n' }, 'research/01-keuze.md:29: error: vraag "reden" is een tekstvraag (text) en kan geen lijst met opties hebben'],
    ['an option list under a number item', { 'research/01-keuze.md': KEUZE_MD.replace('min=0 max=50}', 'min=0 max=50}\n\n- Een') }, 'research/01-keuze.md:13: error: vraag "jaren" is een getalvraag (number) en kan geen lijst met opties hebben'],
    ['about: pupil without pupils in study.yml', { 'research/study.yml': STUDY_YML.replace(/pupils:\n(  .*\n){3}/, '') }, 'research/02-relatie.md:1: error: about: pupil heeft pupils (min, max, label) in study.yml nodig'],
    ['a missing consent text', { 'research/study.yml': STUDY_YML.replace(/  text: \|\n    .*\n/, '') }, 'research/study.yml:2: error: consent.text is verplicht (wat het onderzoek wil weten en wat je vraagt)'],
    ['a missing consent version', { 'research/study.yml': STUDY_YML.replace('  version: v1\n', '') }, 'research/study.yml:2: error: consent.version is verplicht (een nieuwe versie vraagt iedereen opnieuw om toestemming)'],
    ['a subscale named like an item', { 'research/02-relatie.md': RELATIE_MD.replace('{#botsen scale=conflict}', '{#conflict scale=conflict}') }, 'research/02-relatie.md:18: error: subschaal "conflict" heeft de naam van een vraag (regel 18); in de gegevens zouden ze allebei relatie.conflict heten'],
    ['an opens date that does not exist', { 'research/study.yml': STUDY_YML.replace('opens: { after: course, days: 90 }', 'opens: 2027-02-31') }, 'research/study.yml:29: error: meting "t2" opent op "2027-02-31", maar die datum bestaat niet'],
    ['an opens that is neither start, a date nor after', { 'research/study.yml': STUDY_YML.replace('opens: { after: course, days: 90 }', 'opens: volgende week') }, 'research/study.yml:29: error: waves.2.opens moet start zijn, een datum (2027-03-15) of { after: <id van een eerdere meting of course>, days: N }'],
    ['an opens with an unknown key', { 'research/study.yml': STUDY_YML.replace('days: 90 }', 'weeks: 12 }') }, 'research/study.yml:29: error: waves.2.opens moet start zijn, een datum (2027-03-15) of { after: <id van een eerdere meting of course>, days: N }'],
    ['an empty after', { 'research/study.yml': STUDY_YML.replace('after: t0', "after: ''") }, 'research/study.yml:23: error: waves.1.opens.after moet de id van een eerdere meting zijn, of course'],
    ['closesAfterDays of 0', { 'research/study.yml': STUDY_YML.replace('closesAfterDays: 21\n  - id: t1', 'closesAfterDays: 0\n  - id: t1') }, 'research/study.yml:19: error: waves.0.closesAfterDays moet een heel getal zijn, 1 of meer'],
    ['a wave that is not a mapping', { 'research/study.yml': STUDY_YML.replace(/  - id: t2\n(    .*\n)+$/, '  - t2\n') }, 'research/study.yml:26: error: waves.2 moet een meting zijn (id, title, questionnaires)'],
    ['an empty pupil label', { 'research/study.yml': STUDY_YML.replace('label: leerling', "label: ''") }, 'research/study.yml:14: error: pupils.label mag niet leeg zijn'],
    ['a scale label that is a list', { 'research/02-relatie.md': RELATIE_MD.replace('scale: [Helemaal niet,', 'scale: [[Helemaal niet],') }, 'research/02-relatie.md:4: error: scale.0 moet tekst zijn (een antwoordlabel)'],
    ['a multiple item without options', { 'research/01-keuze.md': KEUZE_MD.replace(/- Gesproken.*\n- Een plan.*\n- Nog niets\n/, '') }, 'research/01-keuze.md:21: error: vraag "gedaan" is een meerkeuzevraag (multiple) maar heeft geen lijst met opties (regels - optie)'],
    ['an unknown item attribute', { 'research/01-keuze.md': KEUZE_MD.replace('{#groep}', '{#groep kleur=rood}') }, 'research/01-keuze.md:13: error: onbekend kenmerk "kleur=rood" bij een vraag (bekend: text, number, multiple, optional, reverse, scale=NAAM, min=N, max=N)'],
    ['a consent without a controller', { 'research/study.yml': STUDY_YML.replace(/  controller: .*\n/, '') }, 'research/study.yml:2: error: consent.controller is verplicht: de verwerkingsverantwoordelijke (de organisatie die verantwoordelijk is voor de gegevens)'],
    ['a consent without a contact', { 'research/study.yml': STUDY_YML.replace(/  contact: .*\n/, '') }, 'research/study.yml:2: error: consent.contact is verplicht: wie vragen over het onderzoek beantwoordt, met een e-mailadres'],
    ['a consent without a data protection officer', { 'research/study.yml': STUDY_YML.replace(/  dpo: .*\n/, '') }, 'research/study.yml:2: error: consent.dpo is verplicht: de functionaris gegevensbescherming van die organisatie en hoe je die bereikt'],
    ['a consent without a retention', { 'research/study.yml': STUDY_YML.replace(/  retention: .*\n/, "  retention: ''\n") }, 'research/study.yml:9: error: consent.retention mag niet leeg zijn: hoe lang de gegevens en de sleutel van code naar persoon bewaard blijven'],
    ['a consent that calls pseudonymised data anonymous', { 'research/study.yml': STUDY_YML.replace('We vragen je', 'Je antwoorden zijn anoniem. We vragen je') }, 'research/study.yml:4: error: de toestemmingstekst noemt de gegevens anoniem, maar ze zijn gepseudonimiseerd (een code in plaats van een naam): dat zijn volgens de AVG nog persoonsgegevens. Schrijf "onder een code" of "gepseudonimiseerd"'],
    ['a notAfter that is no date', { 'research/study.yml': STUDY_YML.replace('days: 90 }', 'days: 90, notAfter: 2027-06-31 }') }, 'research/study.yml:29: error: meting "t2": notAfter "2027-06-31" is geen bestaande datum'],
    ['a notAfter before notBefore', { 'research/study.yml': STUDY_YML.replace('days: 90 }', 'days: 90, notBefore: 2027-06-01, notAfter: 2027-05-01 }') }, 'research/study.yml:29: error: meting "t2": notAfter (2027-05-01) ligt vóór notBefore (2027-06-01)'],
    ['a lastDay before notAfter', { 'research/study.yml': STUDY_YML.replace('days: 90 }', 'days: 90, notAfter: 2027-06-14 }\n    lastDay: 2027-06-01') }, 'research/study.yml:30: error: meting "t2": lastDay (2027-06-01) ligt vóór notAfter (2027-06-14); zo gaat de meting misschien nooit open'],
    ['a lastDay in the wrong shape', { 'research/study.yml': STUDY_YML.replace('days: 90 }', 'days: 90 }\n    lastDay: 1 juli') }, 'research/study.yml:30: error: waves.2.lastDay moet een datum zijn, zoals 2027-07-01'],
    ['a holiday that ends before it starts', { 'research/study.yml': STUDY_YML + 'holidays:\n  - { name: Meivakantie, from: 2027-05-02, to: 2027-04-24 }\n' }, 'research/study.yml:31: error: vakantie "Meivakantie": to (2027-04-24) ligt vóór from (2027-05-02)'],
    ['a holiday without a name', { 'research/study.yml': STUDY_YML + 'holidays:\n  - { from: 2027-04-24, to: 2027-05-02 }\n' }, 'research/study.yml:31: error: holidays.0.name is verplicht (de naam van de vakantie)'],
    ['an item id the data reserve', { 'research/02-relatie.md': RELATIE_MD.replace('{#warm', '{#date') }, 'research/02-relatie.md:12: error: vraag-id "date" is gereserveerd: de gegevens hebben al een kolom relatie.date (de datum van de vragenlijst); kies een andere id'],
    ['an instrument without a licence', { 'research/02-relatie.md': RELATIE_MD.replace('placeholder: true', 'instrument: { name: LLRV, source: "Koomen e.a. (2012)" }') }, 'research/02-relatie.md:5: error: instrument.licence is verplicht (onder welke licentie of met wiens toestemming het wordt gebruikt)'],
    ['a placeholder that names an instrument', { 'research/02-relatie.md': RELATIE_MD.replace('placeholder: true', 'placeholder: true\ninstrument: { name: X, source: Y, licence: Z }') }, 'research/02-relatie.md:2: error: een vragenlijst is óf een voorlopige versie (placeholder: true) óf een instrument met bron en licentie (instrument), niet allebei'],
    ['no study.yml', { 'research/study.yml': null }, 'research/study.yml:1: error: study.yml niet gevonden: een map research/ heeft er een nodig (title, consent, waves)'],
  ];
  test.each(cases)('%s', async (_name, files, expected) => {
    const r = await compile({ ...STUDY, ...files });
    expect(r.course).toBeNull();
    expect(errors(r)).toContain(expected);
  });
});
