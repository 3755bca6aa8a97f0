import PDFDocument from 'pdfkit';
import type { ProgramReport, RegionReport, ReportCommon, ReportCount, ReportOutcomeRow } from '@credpulse/contracts';

// Server-side PDFs drawn with pdfkit: text stays text (searchable, extractable) and charts are
// vector paths drawn from the same report object the web page renders. Every block (chart or
// table) measures itself first and moves to a new page rather than split.

type Doc = PDFKit.PDFDocument;
const INK = '#1f2933';
const MUTED = '#52606d';
const BAR = '#2f6f9f';
const GAP = '#c2410c';
const RULE = '#cbd2d9';

// The standard PDF fonts encode WinAnsi only: anything else would print as garbage.
const safe = (s: string) => s.replace(/[\u2013\u2014]/g, '-').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number | null) => (n === null ? 'n/a' : `${(n * 100).toFixed(1)}%`);
const usd = (n: number | null) => (n === null ? 'n/a' : `$${int(n)}`);
const people = (c: ReportCount) => (c.suppressed ? 'suppressed' : c.value === null ? 'n/a' : int(c.value));

class Writer {
  constructor(readonly doc: Doc) {}

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  /** Starts a new page when fewer than `h` points remain. */
  ensure(h: number): void {
    if (this.doc.y + h > this.doc.page.height - this.doc.page.margins.bottom - 20) this.doc.addPage();
  }

  heading(text: string, size = 14): void {
    this.ensure(size * 4);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor(INK).text(safe(text), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  para(text: string, size = 9.5, color = INK): void {
    this.doc.font('Helvetica').fontSize(size).fillColor(color);
    this.ensure(this.doc.heightOfString(safe(text), { width: this.width }) + 4);
    this.doc.text(safe(text), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  /** Horizontal bars with labels and values, as vector rectangles. */
  bars(title: string, items: { label: string; value: number; note?: string }[], color = BAR): void {
    const rowH = 15;
    const h = 22 + Math.max(1, items.length) * rowH + 8;
    this.ensure(h);
    const doc = this.doc;
    const top = doc.y;
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(safe(title), this.left, top, { width: this.width });
    const labelW = this.width * 0.42;
    const valueW = 70;
    const barX = this.left + labelW + 6;
    const barMax = this.width - labelW - valueW - 12;
    const max = Math.max(1, ...items.map((i) => i.value));
    let y = top + 18;
    if (items.length === 0) doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('No data for this period.', this.left, y);
    for (const it of items) {
      doc.font('Helvetica').fontSize(8.5).fillColor(INK).text(safe(it.label), this.left, y + 2, { width: labelW, height: rowH, ellipsis: true, lineBreak: false });
      doc.rect(barX, y + 2, Math.max(0.5, (it.value / max) * barMax), rowH - 5).fill(color);
      doc.font('Helvetica').fontSize(8.5).fillColor(INK).text(safe(it.note ?? int(it.value)), barX + barMax + 6, y + 2, { width: valueW, lineBreak: false });
      y += rowH;
    }
    doc.y = top + h;
    doc.x = this.left;
  }

  /** A table with a header row; widths are fractions of the text width. */
  table(title: string, columns: { label: string; width: number; align?: 'left' | 'right' }[], rows: string[][]): void {
    const doc = this.doc;
    const rowH = 14;
    const draw = (cells: string[], y: number, bold: boolean) => {
      let x = this.left;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).fillColor(INK);
      cells.forEach((c, i) => {
        const w = columns[i].width * this.width;
        doc.text(safe(c), x + 2, y + 3, { width: w - 4, align: columns[i].align ?? 'left', height: rowH, ellipsis: true, lineBreak: false });
        x += w;
      });
      doc.moveTo(this.left, y + rowH).lineTo(this.left + this.width, y + rowH).lineWidth(0.4).strokeColor(RULE).stroke();
    };
    // the title, header and first rows stay together; long tables continue with the header repeated
    this.ensure(22 + rowH * Math.min(rows.length + 1, 6));
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(safe(title), this.left, doc.y, { width: this.width });
    let y = doc.y + 4;
    draw(columns.map((c) => c.label), y, true);
    y += rowH;
    if (rows.length === 0) {
      doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('No data for this period.', this.left, y + 3);
      y += rowH;
    }
    for (const r of rows) {
      if (y + rowH > doc.page.height - doc.page.margins.bottom - 20) {
        doc.addPage();
        y = doc.y;
        draw(columns.map((c) => c.label), y, true);
        y += rowH;
      }
      draw(r, y, false);
      y += rowH;
    }
    doc.y = y + 6;
    doc.x = this.left;
  }
}

function header(w: Writer, r: ReportCommon): void {
  const doc = w.doc;
  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(safe(r.title), w.left, doc.page.margins.top, { width: w.width });
  doc.moveDown(0.2).font('Helvetica').fontSize(10.5).fillColor(MUTED).text(safe(r.subtitle), { width: w.width });
  doc.moveDown(0.2).text(`Period ${r.from} to ${r.to} - data as of ${r.dataAsOf ? r.dataAsOf.slice(0, 10) : 'unknown'} - disclosure threshold k = ${r.k}`, { width: w.width });
  if (r.demo) {
    doc.moveDown(0.5);
    const y = doc.y;
    doc.rect(w.left, y, w.width, 30).fill('#fff4e5');
    doc.font('Helvetica-Bold').fontSize(9.5).fillColor('#8a4b08').text('DEMO DATA: the postings, awards and outcomes in this report are synthetic. Do not use it for decisions.', w.left + 8, y + 9, { width: w.width - 16 });
    doc.y = y + 36;
  }
  doc.x = w.left;
}

function outcomesTable(w: Writer, rows: ReportOutcomeRow[]): void {
  w.table(
    'Outcomes of earners, 2 quarters after the award',
    [
      { label: 'Credential', width: 0.46 },
      { label: 'Earners', width: 0.16, align: 'right' },
      { label: 'Employed', width: 0.18, align: 'right' },
      { label: 'Median quarterly wage', width: 0.2, align: 'right' },
    ],
    rows.map((o) => [o.label, people(o.earners), pct(o.employmentRateQ2), usd(o.wageMedianQ2)]),
  );
}

function methodology(w: Writer, r: ReportCommon): void {
  w.heading('Methodology and sources', 12);
  for (const m of r.methodology) w.para(`- ${m}`, 8.5);
  w.para(`Method versions: ${Object.entries(r.methodVersions).map(([k, v]) => `${k} ${v}`).join('; ')}.`, 8.5, MUTED);
  w.para(`Taxonomies: ${Object.entries(r.taxonomyVersions).map(([k, v]) => `${k} ${v}`).join('; ') || 'none loaded'}.`, 8.5, MUTED);
  w.para(`Generated ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC by Credential Pulse.`, 8.5, MUTED);
}

function footers(doc: Doc, r: ReportCommon): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not add a page
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(safe(`${r.regionName} - ${r.from} to ${r.to}${r.demo ? ' - DEMO DATA' : ''} - page ${i + 1} of ${range.count}`), doc.page.margins.left, doc.page.height - 30, { width: doc.page.width - doc.page.margins.left - doc.page.margins.right, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

function render(r: ReportCommon, body: (w: Writer) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margins: { top: 54, bottom: 54, left: 54, right: 54 }, bufferPages: true, info: { Title: safe(r.title), Author: 'Credential Pulse', Subject: safe(r.subtitle) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc);
  header(w, r);
  body(w);
  methodology(w, r);
  footers(doc, r);
  doc.end();
  return done;
}

export function regionReportPdf(r: RegionReport): Promise<Buffer> {
  return render(r, (w) => {
    w.heading('Headline figures');
    w.table(
      '',
      [
        { label: 'Measure', width: 0.7 },
        { label: 'Value', width: 0.3, align: 'right' },
      ],
      [
        ['Unique job postings', int(r.headline.uniquePostings)],
        ['Total postings (with repeats)', int(r.headline.totalPostings)],
        ['Median advertised annual wage', usd(r.headline.medianAnnualWage)],
        ["Postings requiring a bachelor's degree or higher", pct(r.headline.degreeRequirementShare)],
        ['Skills-first postings (no degree, or degree in lieu)', pct(r.headline.skillsFirstShare)],
      ],
    );
    w.heading('Skills in demand');
    w.bars('Most demanded skills (unique postings naming the skill)', r.topSkills.map((s) => ({ label: s.label, value: s.demand })));
    w.bars(
      'Largest gaps: lowest supply per posting, among skills a catalogued credential teaches',
      r.largestGaps.map((g) => ({ label: g.label, value: Math.max(0, g.demand - (g.supply.value ?? 0)), note: `ratio ${g.ratio === null ? 'n/a' : g.ratio.toFixed(2)}` })),
      GAP,
    );
    w.table(
      'Supply and demand behind the gaps',
      [
        { label: 'Skill', width: 0.46 },
        { label: 'Postings', width: 0.14, align: 'right' },
        { label: 'Awards', width: 0.14, align: 'right' },
        { label: 'Ratio', width: 0.1, align: 'right' },
        { label: 'Reading', width: 0.16 },
      ],
      r.largestGaps.map((g) => [g.label, int(g.demand), people(g.supply), g.ratio === null ? 'n/a' : g.ratio.toFixed(2), (g.bucket ?? '').replace(/_/g, ' ')]),
    );
    w.bars(
      'In demand, no credential aligned (not ranked as gaps: no catalogued credential teaches these skills)',
      r.notAligned.map((s) => ({ label: s.label, value: s.demand })),
      MUTED,
    );
    w.heading('Credentials employers name most, by industry');
    for (const ind of r.credentialsByIndustry) {
      w.bars(
        `${ind.label} (NAICS ${ind.naics}; ${int(ind.postings)} unique postings)`,
        ind.credentials.map((c) => ({ label: c.label, value: c.naming, note: `${int(c.naming)} (${pct(c.rate)})` })),
      );
    }
    if (r.credentialsByIndustry.length === 0) w.para('No postings by industry in this period.');
    w.heading('Outcomes');
    outcomesTable(w, r.outcomes);
    w.heading('Program demand');
    w.table(
      'Programs by annual gap (openings per year in the occupations they lead to, minus completions per year)',
      [
        { label: 'Program (CIP)', width: 0.5 },
        { label: 'Openings', width: 0.16, align: 'right' },
        { label: 'Completions / yr', width: 0.17, align: 'right' },
        { label: 'Gap / yr', width: 0.17, align: 'right' },
      ],
      r.programDemand.map((p) => [`${p.title} (${p.cip})`, int(p.openings), people(p.completionsPerYear), p.gapPerYear === null ? 'n/a' : int(p.gapPerYear)]),
    );
  });
}

export function programReportPdf(r: ProgramReport): Promise<Buffer> {
  return render(r, (w) => {
    w.heading('Headline figures');
    w.table(
      '',
      [
        { label: 'Measure', width: 0.7 },
        { label: 'Value', width: 0.3, align: 'right' },
      ],
      [
        ['Postings in the occupations this program leads to', int(r.headline.openings)],
        ['Openings per year', int(r.headline.openingsPerYear)],
        [`Completions per year (averaged over ${r.headline.years} years)`, people(r.headline.completionsPerYear)],
        ['Annual gap (openings - completions)', r.headline.gapPerYear === null ? 'n/a' : int(r.headline.gapPerYear)],
      ],
    );
    w.heading('Occupations');
    w.bars('Postings by occupation (SOC)', r.occupations.map((o) => ({ label: `${o.title} (${o.soc})`, value: o.openings })));
    w.table(
      'Openings and completions allocated in proportion to openings',
      [
        { label: 'Occupation (SOC)', width: 0.6 },
        { label: 'Openings', width: 0.2, align: 'right' },
        { label: 'Allocated completions', width: 0.2, align: 'right' },
      ],
      r.occupations.map((o) => [`${o.title} (${o.soc})`, int(o.openings), o.allocatedCompletions === null ? 'suppressed / n/a' : o.allocatedCompletions.toFixed(1)]),
    );
    w.heading('Outcomes');
    outcomesTable(w, r.outcomes);
  });
}
