import PDFDocument from 'pdfkit';
import type { BuiltWorkbook } from '../export/workbook.js';
import { provenanceLines } from '../export/workbook.js';

// A dashboard view as a PDF for a scheduled delivery: the tables of its charts (the workbook's
// sheets, so the same suppressed figures) and its provenance. Charts are drawn by the browser; the
// reports (region, program) have their own PDFs with vector charts.

const safe = (s: string) => s.replace(/[\u2013\u2014]/g, '-').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
const MAX_ROWS = 40;
const MAX_COLS = 6;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 4 });
  return safe(String(v)).slice(0, 40);
}

export function viewPdf(wb: BuiltWorkbook): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 48, info: { Title: safe(wb.provenance.title), Creator: 'Credential Pulse' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 96;
  doc.font('Helvetica-Bold').fontSize(16).text(safe(wb.provenance.title));
  doc.font('Helvetica').fontSize(9).fillColor('#52606d');
  const filters = Object.entries(wb.provenance.filters).map(([k, v]) => `${k} ${v}`).join(', ');
  doc.text(safe(`Filters: ${filters || 'none'}. Data as of ${wb.provenance.dataAsOf ?? 'n/a'}. Generated ${wb.provenance.generatedAt}.`));
  doc.fillColor('#1f2933');
  wb.sheets.forEach((s, i) => {
    const rows = s.rows as unknown[][];
    const meta = wb.provenance.sheets[i];
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(safe(meta?.title ?? s.name));
    doc.font('Helvetica').fontSize(8).fillColor('#52606d').text(safe(`${rows.length} rows${rows.length > MAX_ROWS ? `, the first ${MAX_ROWS} shown (all in the workbook)` : ''}; ${meta?.source ?? ''}`));
    doc.fillColor('#1f2933');
    const cols = s.columns.slice(0, MAX_COLS);
    const w = width / Math.max(cols.length, 1);
    const line = (vals: unknown[], bold: boolean) => {
      if (doc.y > doc.page.height - 72) doc.addPage();
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
      vals.forEach((v, j) => doc.text(cell(v), 48 + j * w, y, { width: w - 4, lineBreak: false, ellipsis: true }));
      doc.x = 48;
      doc.y = y + 11;
    };
    line(cols, true);
    for (const r of rows.slice(0, MAX_ROWS)) line(r.slice(0, MAX_COLS), false);
  });
  doc.addPage().font('Helvetica-Bold').fontSize(12).text('Provenance');
  doc.font('Helvetica').fontSize(8);
  for (const [field, value] of provenanceLines(wb.provenance)) doc.text(safe(`${field}: ${value === null ? 'n/a' : String(value)}`), { width });
  doc.end();
  return done;
}
