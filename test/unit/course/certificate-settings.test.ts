// The `certificate:` block of course.yml, with its optional signatory; problems in Dutch at their line.
import fs from 'node:fs';
import { compileCourse } from '../../../src/course/compile';
import { formatDiagnostic } from '../../../src/course/format';
import { makeCourse } from '../../fixtures/course-builder';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const compile = (courseYml: string) => {
  const dir = makeCourse({ 'course.yml': `title: X\nlanguage: nl\ndescription: d\n${courseYml}` });
  made.push(dir);
  return compileCourse(dir);
};

test('a signatory with name and role is kept; without a role it is null; without the block there is none', async () => {
  expect((await compile('certificate:\n  hours: 2\n  issuer: Y\n  signatory:\n    name: Drs. A. de Wit\n    role: directeur\n')).course!.certificate).toEqual({ hours: 2, issuer: 'Y', signatory: { name: 'Drs. A. de Wit', role: 'directeur' } });
  expect((await compile('certificate:\n  hours: 2\n  issuer: Y\n  signatory:\n    name: A. de Wit\n')).course!.certificate!.signatory).toEqual({ name: 'A. de Wit', role: null });
  expect((await compile('certificate:\n  hours: 2\n  issuer: Y\n')).course!.certificate!.signatory).toBeNull();
});

test('a signatory without a name, or with an empty role, is an error at its line', async () => {
  expect((await compile('certificate:\n  hours: 2\n  issuer: Y\n  signatory:\n    role: directeur\n')).diagnostics.map(formatDiagnostic)).toEqual([
    'course.yml:7: error: certificate.signatory.name is verplicht (de naam onder de handtekeningregel)',
  ]);
  expect((await compile('certificate:\n  hours: 2\n  issuer: Y\n  signatory:\n    name: A\n    role: ""\n')).diagnostics.map(formatDiagnostic)).toEqual([
    'course.yml:9: error: certificate.signatory.role mag niet leeg zijn',
  ]);
  expect((await compile('certificate:\n  hours: 2\n  issuer: Y\n  signatory: Jan\n')).diagnostics.map(formatDiagnostic)).toEqual([
    'course.yml:7: error: certificate.signatory moet een name hebben (en mag een role hebben)',
  ]);
});
