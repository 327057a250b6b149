// The certificate as a PDF (pdfkit), streamed to whatever writable the caller gives: the teacher's
// name as the hero, what they completed and how long it took, who issues it, a signature line and a
// QR code that leads to the public verification page.
import type PDFKitDocument from 'pdfkit';
import type QRCodeModule from 'qrcode';
import type { Writable } from 'node:stream';
import { dutchDate } from '../learning/dates';
import { onFirstUse } from '../first-use';

// pdfkit with its fonts and qrcode take 130 ms to load: at the first certificate, not at start.
const pdfkit = onFirstUse(() => require('pdfkit') as typeof PDFKitDocument);
const qrcode = onFirstUse(() => require('qrcode') as typeof QRCodeModule);

export interface CertificateData {
  name: string;
  /** The teacher's school, when they have one. */
  school: string | null;
  courseTitle: string;
  hours: number;
  /** Titles of the modules completed, in course order. */
  modules: readonly string[];
  issuer: string;
  signatory: { name: string; role: string | null } | null;
  /** ISO date or timestamp of completion. */
  completedAt: string;
  code: string;
  verifyUrl: string;
}


/** 23 november 2026 */
export function dutchHours(hours: number): string {
  const text = Number.isInteger(hours) ? String(hours) : hours.toFixed(1).replace('.', ',');
  return `${text} uur`;
}

/** Lowercase ASCII words joined by dashes: "Zoë Çelik" -> "zoe-celik". */
export function fileSlug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'certificaat'
  );
}

/** certificaat-steun-in-het-onderwijs-joris-meijer.pdf */
export function certificateFileName(courseTitle: string, name: string): string {
  return `certificaat-${fileSlug(courseTitle)}-${fileSlug(name)}.pdf`;
}

const BLUE = '#1d5c8c';
const INK = '#1b1f23';
const GREY = '#5c6670';

export function writeCertificatePdf(data: CertificateData, out: Writable): void {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `Certificaat ${data.courseTitle} – ${data.name}`, Author: data.issuer, Subject: `Certificaat voor ${data.name}` },
    lang: 'nl-NL',
  });
  doc.pipe(out);
  const { width: W, height: H } = doc.page;
  doc.rect(24, 24, W - 48, H - 48).lineWidth(3).strokeColor(BLUE).stroke();
  doc.rect(32, 32, W - 64, H - 64).lineWidth(0.8).strokeColor(BLUE).stroke();

  const left = 80;
  const inner = W - 2 * left;
  // The name is the hero: as large as fits on one line, between 24 and 40 points.
  let nameSize = 40;
  doc.font('Helvetica-Bold');
  while (nameSize > 24 && doc.fontSize(nameSize).widthOfString(data.name) > inner) nameSize -= 1;

  type Line = { text: string; font: string; size: number; color: string; gap: number; spacing?: number };
  const lines: Line[] = [
    { text: 'CERTIFICAAT', font: 'Helvetica-Bold', size: 14, color: BLUE, gap: 0, spacing: 6 },
    { text: 'Hierbij verklaren wij dat', font: 'Helvetica', size: 13, color: GREY, gap: 26 },
    { text: data.name, font: 'Helvetica-Bold', size: nameSize, color: INK, gap: 8 },
    ...(data.school ? [{ text: data.school, font: 'Helvetica', size: 14, color: GREY, gap: 2 }] : []),
    { text: 'met goed gevolg de nascholing heeft afgerond', font: 'Helvetica', size: 13, color: INK, gap: 20 },
    { text: data.courseTitle, font: 'Helvetica-Bold', size: 22, color: BLUE, gap: 4 },
    { text: `Studiebelasting: ${dutchHours(data.hours)}      Afgerond op: ${dutchDate(data.completedAt)}`, font: 'Helvetica', size: 12.5, color: INK, gap: 16 },
  ];
  const heightOf = (l: Line) => doc.font(l.font).fontSize(l.size).heightOfString(l.text, { width: inner, characterSpacing: l.spacing ?? 0 });
  // Two columns when there are more than three modules, so the list stays short.
  const columns = data.modules.length > 3 ? 2 : 1;
  const perColumn = Math.ceil(data.modules.length / columns);
  const rowHeight = 17;
  const modulesHeight = data.modules.length ? 22 + 12 + perColumn * rowHeight : 0;
  const textHeight = lines.reduce((h, l) => h + l.gap + heightOf(l), 0) + modulesHeight;
  // Centre the text between the top border and the signature band, so no empty band opens up.
  const top = 56;
  const bandTop = H - 150;
  let y = top + Math.max(0, (bandTop - top - textHeight) / 2);
  for (const l of lines) {
    y += l.gap;
    doc.font(l.font).fontSize(l.size).fillColor(l.color).text(l.text, left, y, { width: inner, align: 'center', characterSpacing: l.spacing ?? 0 });
    y = doc.y;
    if (l.spacing) doc.moveTo(W / 2 - 30, y + 6).lineTo(W / 2 + 30, y + 6).lineWidth(1.2).strokeColor(BLUE).stroke();
  }

  if (data.modules.length) {
    y += 22;
    doc.font('Helvetica-Bold').fontSize(9).fillColor(GREY).text(data.modules.length === 1 ? 'DE MODULE' : `DE ${data.modules.length} MODULES`, left, y, { width: inner, align: 'center', characterSpacing: 1.5 });
    y = doc.y + 6;
    const colWidth = columns === 2 ? 250 : inner;
    const x0 = columns === 2 ? (W - 2 * colWidth - 24) / 2 : left;
    doc.font('Helvetica').fontSize(11.5).fillColor(INK);
    data.modules.forEach((title, i) => {
      const col = Math.floor(i / perColumn);
      const row = i % perColumn;
      doc.text(`${i + 1}.  ${title}`, x0 + col * (colWidth + 24), y + row * rowHeight, { width: colWidth, lineBreak: false, ellipsis: true, align: columns === 1 ? 'center' : 'left' });
    });
  }

  // Signature and verification share the bottom band.
  const lineY = H - 104;
  doc.moveTo(left, lineY).lineTo(left + 230, lineY).lineWidth(0.8).strokeColor(INK).stroke();
  let sy = lineY + 6;
  if (data.signatory) {
    doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(data.signatory.name, left, sy, { width: 260 });
    sy = doc.y;
    if (data.signatory.role) {
      doc.font('Helvetica').fontSize(10).fillColor(GREY).text(data.signatory.role, left, sy, { width: 260 });
      sy = doc.y;
    }
    doc.font('Helvetica').fontSize(10).fillColor(GREY).text(`namens ${data.issuer}`, left, sy, { width: 260 });
  } else {
    doc.font('Helvetica').fontSize(10).fillColor(GREY).text('Uitgereikt door', left, sy, { width: 260 });
    doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(data.issuer, left, doc.y, { width: 260 });
  }

  const qrSize = 84;
  const qrX = W - left - qrSize;
  const qrY = H - 56 - qrSize - 8;
  drawQr(doc, data.verifyUrl, qrX, qrY, qrSize);
  const textRight = qrX - 12;
  doc.font('Helvetica').fontSize(8.5).fillColor(GREY);
  doc.text('Echt? Scan de code of kijk op', textRight - 250, qrY + 18, { width: 250, align: 'right' });
  doc.text(data.verifyUrl, textRight - 250, doc.y + 1, { width: 250, align: 'right', link: data.verifyUrl });
  doc.font('Helvetica-Bold').fontSize(9).fillColor(INK).text(`Code ${data.code}`, textRight - 250, doc.y + 3, { width: 250, align: 'right' });
  doc.end();
}

/** The QR code as vector squares (sharp at any zoom and print size), with its quiet zone left white. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = qrcode().create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  doc.save().fillColor('#000000');
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell + 0.02, cell + 0.02);
    }
  }
  doc.fill();
  doc.restore();
}
