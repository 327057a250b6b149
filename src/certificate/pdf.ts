// The certificate as a PDF (pdfkit), streamed to whatever writable the caller gives.
import PDFDocument from 'pdfkit';
import type { Writable } from 'node:stream';

export interface CertificateData {
  name: string;
  courseTitle: string;
  hours: number;
  issuer: string;
  /** ISO date or timestamp of completion. */
  completedAt: string;
  code: string;
  verifyUrl: string;
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** 23 november 2026 */
export function dutchDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function dutchHours(hours: number): string {
  const text = Number.isInteger(hours) ? String(hours) : hours.toFixed(1).replace('.', ',');
  return `${text} uur`;
}

export function writeCertificatePdf(data: CertificateData, out: Writable): void {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `Certificaat ${data.courseTitle}`, Author: data.issuer, Subject: `Certificaat voor ${data.name}` },
    lang: 'nl-NL',
  });
  doc.pipe(out);
  const { width, height } = doc.page;
  const blue = '#1d5c8c';
  doc.rect(24, 24, width - 48, height - 48).lineWidth(3).strokeColor(blue).stroke();
  doc.rect(32, 32, width - 64, height - 64).lineWidth(0.8).strokeColor(blue).stroke();

  const center = { align: 'center' as const, width: width - 112 };
  doc.moveDown(2.5);
  doc.font('Helvetica').fontSize(14).fillColor('#444444').text('CERTIFICAAT', center);
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(30).fillColor(blue).text(data.courseTitle, center);
  doc.moveDown(1.2);
  doc.font('Helvetica').fontSize(14).fillColor('#222222').text('Hierbij verklaren wij dat', center);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(26).fillColor('#111111').text(data.name, center);
  doc.moveDown(0.6);
  doc
    .font('Helvetica')
    .fontSize(14)
    .fillColor('#222222')
    .text(`de cursus ${data.courseTitle} met succes heeft afgerond op ${dutchDate(data.completedAt)}.`, center)
    .moveDown(0.3)
    .text(`Studiebelasting: ${dutchHours(data.hours)}.`, center);
  doc.moveDown(2);
  doc.font('Helvetica-Bold').fontSize(13).text(data.issuer, center);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#444444')
    .text(`Verificatiecode: ${data.code}`, 56, height - 100, center)
    .text(`Controleer dit certificaat op ${data.verifyUrl}`, center);
  doc.end();
}
