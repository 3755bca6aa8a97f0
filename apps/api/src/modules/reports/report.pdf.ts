import PDFDocument from 'pdfkit';
import type { ProgramReport, RegionReport, ReportCommon, ReportCount, ReportMap, ReportOutcomeRow, ReportTrend } from '@credpulse/contracts';
import { drawRegionMap, mapFill, MAP_NO_DATA } from './report-map.js';

// Server-side PDFs drawn with pdfkit: text stays text (searchable, extractable) and charts are
// vector paths drawn from the same report object the web page renders. Every block (chart or
// table) measures itself first and moves to a new page rather than split.

type Doc = PDFKit.PDFDocument;
const INK = '#1f2933';
const MUTED = '#52606d';
const BAR = '#2f6f9f';
const GAP = '#c2410c';
const RULE = '#cbd2d9';
const NATION = '#e69f00';

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

  /** A shaded box with a bold title and lines of text (notices, "how to read this"). */
  box(title: string, lines: string[], fill = '#f0f4f8', ink = INK): void {
    const doc = this.doc;
    doc.font('Helvetica').fontSize(8.5);
    const textH = lines.reduce((h, l) => h + doc.heightOfString(safe(l), { width: this.width - 20 }) + 2, 0);
    const h = textH + 30;
    this.ensure(h + 6);
    const top = doc.y;
    doc.rect(this.left, top, this.width, h).fill(fill);
    doc.font('Helvetica-Bold').fontSize(9.5).fillColor(ink).text(safe(title), this.left + 10, top + 8, { width: this.width - 20 });
    let y = top + 23;
    doc.font('Helvetica').fontSize(8.5).fillColor(ink);
    for (const l of lines) {
      doc.text(safe(l), this.left + 10, y, { width: this.width - 20 });
      y = doc.y + 2;
    }
    doc.y = top + h + 6;
    doc.x = this.left;
  }

  /** Numbered findings: a bold headline, then the sentence with its number, period and comparison. */
  findings(items: { headline: string; text: string; section: string }[], omitted: { rule: string; reason: string }[]): void {
    const doc = this.doc;
    if (!items.length) this.para('No key finding can be stated for this region and period: every rule below lacked published figures or a large enough sample.', 9.5, MUTED);
    items.forEach((f, i) => {
      const head = `${i + 1}. ${f.headline}`;
      doc.font('Helvetica-Bold').fontSize(10);
      const h1 = doc.heightOfString(safe(head), { width: this.width });
      doc.font('Helvetica').fontSize(9);
      const h2 = doc.heightOfString(safe(f.text), { width: this.width - 12 });
      this.ensure(h1 + h2 + 16);
      doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(safe(head), this.left, doc.y, { width: this.width });
      doc.font('Helvetica').fontSize(9).fillColor(INK).text(safe(f.text), this.left + 12, doc.y + 1, { width: this.width - 12 });
      doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(safe(`See: ${f.section}`), this.left + 12, doc.y + 1, { width: this.width - 12 });
      doc.moveDown(0.5);
    });
    if (omitted.length) this.para(`Not stated: ${omitted.map((o) => `${o.rule} (${o.reason})`).join('; ')}.`, 7.5, MUTED);
  }

  /** The region's map with the figure mapped (vector paths) and its legend. */
  map(title: string, m: ReportMap): void {
    const doc = this.doc;
    const h = 250;
    this.ensure(h + 60);
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(safe(title), this.left, doc.y, { width: this.width });
    const top = doc.y + 4;
    const box = { x: this.left, y: top, w: this.width, h };
    const drawn = drawRegionMap(doc as unknown as Parameters<typeof drawRegionMap>[0], m, box);
    let y = top + h + 6;
    // legend: one swatch per class with its range, then "no postings"
    let x = this.left;
    const items = drawn.breaks.map((b, i) => ({ fill: mapFill(b, false, drawn.breaks), label: `${i === 0 ? 'up to ' : `${int(drawn.breaks[i - 1] + 1)}-`}${int(b)}` }));
    items.push({ fill: MAP_NO_DATA, label: 'none' });
    doc.font('Helvetica').fontSize(7.5);
    for (const it of items) {
      const w = doc.widthOfString(safe(it.label)) + 22;
      if (x + w > this.left + this.width) {
        x = this.left;
        y += 12;
      }
      doc.rect(x, y, 10, 8).fillAndStroke(it.fill, '#9aa5b1');
      doc.fillColor(INK).text(safe(it.label), x + 13, y, { lineBreak: false });
      x += w;
    }
    doc.y = y + 14;
    doc.x = this.left;
    const top3 = [...m.areas].filter((a) => a.value !== null && a.value > 0).sort((a, b) => b.value! - a.value!).slice(0, 3);
    this.para(
      `${m.measure} by ${m.level}; ${drawn.drawn} of ${m.areas.length} ${m.level === 'state' ? 'states' : 'counties'} have any.` +
        (top3.length ? ` Most: ${top3.map((a) => `${a.name} (${int(a.value!)})`).join(', ')}.` : ''),
      8,
      MUTED,
    );
  }

  /** A line chart of the region beside the nation; partial periods drawn as hollow points on a dashed segment. */
  lineChart(t: ReportTrend): void {
    const doc = this.doc;
    const h = 150;
    this.ensure(h + 58);
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(safe(t.title), this.left, doc.y, { width: this.width });
    const top = doc.y + 6;
    const axisW = 44;
    const x0 = this.left + axisW;
    const w = this.width - axisW - 10;
    const vals = t.points.flatMap((p) => [p.region, p.nation]).filter((v): v is number => v !== null);
    if (!vals.length) {
      doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('No data for this period.', this.left, top + 4);
      doc.y = top + 24;
      doc.x = this.left;
      return;
    }
    let lo = Math.min(...vals);
    let hi = Math.max(...vals);
    if (hi === lo) {
      hi += Math.abs(hi) * 0.1 || 1;
      lo -= Math.abs(lo) * 0.1 || 1;
    }
    const padV = (hi - lo) * 0.1;
    lo -= padV;
    hi += padV;
    if (t.kind === 'share') lo = Math.max(0, lo);
    const X = (i: number) => x0 + (t.points.length === 1 ? w / 2 : (i / (t.points.length - 1)) * w);
    const Y = (v: number) => top + h - ((v - lo) / (hi - lo)) * h;
    const fmt = (v: number) => (t.kind === 'share' ? `${(v * 100).toFixed(0)}%` : v.toFixed(0));
    doc.lineWidth(0.4).strokeColor(RULE);
    for (let i = 0; i <= 4; i++) {
      const v = lo + ((hi - lo) * i) / 4;
      doc.moveTo(x0, Y(v)).lineTo(x0 + w, Y(v)).stroke();
      doc.font('Helvetica').fontSize(7).fillColor(MUTED).text(fmt(v), this.left, Y(v) - 3, { width: axisW - 4, align: 'right', lineBreak: false });
    }
    t.points.forEach((p, i) => {
      if (t.points.length <= 12 || i % Math.ceil(t.points.length / 12) === 0) doc.font('Helvetica').fontSize(7).fillColor(p.partial ? MUTED : INK).text(safe(p.partial ? `${p.period}*` : p.period), X(i) - 25, top + h + 4, { width: 50, align: 'center', lineBreak: false });
    });
    const series: { key: 'region' | 'nation'; color: string }[] = [
      { key: 'region', color: BAR },
      { key: 'nation', color: NATION },
    ];
    for (const s of series) {
      for (let i = 1; i < t.points.length; i++) {
        const a = t.points[i - 1][s.key];
        const b = t.points[i][s.key];
        if (a === null || b === null) continue;
        const partial = t.points[i].partial || t.points[i - 1].partial;
        doc.lineWidth(partial ? 1 : 1.8).strokeColor(s.color).strokeOpacity(partial ? 0.6 : 1);
        if (partial) doc.dash(2, { space: 3 });
        doc.moveTo(X(i - 1), Y(a)).lineTo(X(i), Y(b)).stroke();
        doc.undash().strokeOpacity(1);
      }
      t.points.forEach((p, i) => {
        const v = p[s.key];
        if (v === null) return;
        if (p.partial) doc.lineWidth(1).circle(X(i), Y(v), 2.5).fillAndStroke('#ffffff', s.color);
        else doc.circle(X(i), Y(v), 2).fill(s.color);
      });
    }
    let y = top + h + 16;
    let x = this.left;
    for (const s of series) {
      if (!t.points.some((p) => p[s.key] !== null)) continue;
      doc.lineWidth(1.8).strokeColor(s.color).moveTo(x, y + 4).lineTo(x + 16, y + 4).stroke();
      doc.font('Helvetica').fontSize(8).fillColor(INK).text(s.key === 'region' ? 'Region' : 'Nation', x + 20, y, { lineBreak: false });
      x += 80;
    }
    const partial = t.points.filter((p) => p.partial);
    y += 12;
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(
      safe(t.note + (partial.length ? ` * Partial: ${partial.map((p) => `${p.period} (${p.months} of ${p.monthsInPeriod} months of data)`).join(', ')}; hollow points on a dashed line, not a drop.` : '')),
      this.left,
      y,
      { width: this.width },
    );
    doc.y = doc.y + 6;
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

/** Everything that opens a report: notices, key findings, how to read it. */
function opening(w: Writer, r: ReportCommon): void {
  if (r.notices.length) w.box('What this report cannot show', r.notices, '#fde8e8', '#7f1d1d');
  w.heading('Key findings');
  w.findings(r.findings, r.omittedFindings);
  w.box('How to read this', r.howToRead);
  if (r.coverage.partial) {
    w.para(`The data covers ${r.coverage.months} of the ${r.coverage.monthsInPeriod} months of this period (loaded data runs ${r.coverage.firstMonth ?? '?'} to ${r.coverage.lastMonth ?? '?'}); totals cover those months only.`, 8.5, MUTED);
  }
}

function mapsAndTrends(w: Writer, r: ReportCommon): void {
  w.ensure(340); // the heading stays with its map
  w.heading('Where: the region on a map');
  w.map(`${r.map.measure} by ${r.map.level}, ${r.from} to ${r.to}`, r.map);
  w.ensure(240); // the heading stays with its first chart
  w.heading('Trends: the region beside the nation');
  for (const t of r.trends) w.lineChart(t);
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
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc.font('Helvetica').fontSize(6).fillColor(MUTED).text(safe(vintages(r)), doc.page.margins.left, doc.page.height - 44, { width, align: 'center', lineBreak: false, ellipsis: true, height: 8 });
    doc.text(safe(`Methods: ${Object.values(r.methodVersions).join(', ')}`), doc.page.margins.left, doc.page.height - 37, { width, align: 'center', lineBreak: false, ellipsis: true, height: 8 });
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(safe(`${r.regionName} - ${r.from} to ${r.to}${r.demo ? ' - DEMO DATA' : ''} - page ${i + 1} of ${range.count}`), doc.page.margins.left, doc.page.height - 28, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** Data vintages: loaded months, when, and the taxonomy versions (page footers). */
function vintages(r: ReportCommon): string {
  const tax = Object.entries(r.taxonomyVersions)
    .filter(([k]) => ['naics', 'soc', 'cip', 'cip_soc', 'county', 'cbsa', 'onet_occupation', 'esco_skill', 'oews_national'].includes(k))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  // An install with public data only (a dean's) has no postings or awards: say so, not "? to ?".
  const months = r.coverage.firstMonth === null && r.coverage.lastMonth === null ? 'No postings or awards loaded; data' : `Data ${r.coverage.firstMonth ?? '?'} to ${r.coverage.lastMonth ?? '?'}`;
  return `${months}, as of ${r.dataAsOf ? r.dataAsOf.slice(0, 10) : 'unknown'}${tax ? `; taxonomies: ${tax}` : ''}`;
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

/** A table's columns: the row's label (`labelWidth` of the page), then right-aligned figures sharing the rest. */
function figureColumns(label: string, labelWidth: number, figures: readonly string[]): Parameters<Writer['table']>[1] {
  return [{ label, width: labelWidth }, ...figures.map((f) => ({ label: f, width: (1 - labelWidth) / figures.length, align: 'right' as const }))];
}

/** The report's first table: each headline measure and its value. */
function headlineFigures(w: Writer, rows: string[][]): void {
  w.heading('Headline figures');
  w.table('', figureColumns('Measure', 0.7, ['Value']), rows);
}

export function regionReportPdf(r: RegionReport): Promise<Buffer> {
  return render(r, (w) => {
    opening(w, r);
    headlineFigures(w, [
      ['Unique job postings', int(r.headline.uniquePostings)],
      ['Total postings (with repeats)', int(r.headline.totalPostings)],
      ['Median advertised annual wage', usd(r.headline.medianAnnualWage)],
      ["Postings requiring a bachelor's degree or higher", pct(r.headline.degreeRequirementShare)],
      ['Skills-first postings (no degree, or degree in lieu)', pct(r.headline.skillsFirstShare)],
    ]);
    mapsAndTrends(w, r);
    w.heading('Skills in demand and the largest gaps');
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
    w.heading('Recognition over the period');
    w.table(
      'Credentials whose recognition moved most (share of postings in their target occupations naming them)',
      figureColumns('Credential', 0.52, ['Earlier half', 'Later half', 'Change (points)']),
      r.recognitionChange.map((c) => [c.label, pct(c.earlier), pct(c.later), `${c.later >= c.earlier ? '+' : ''}${((c.later - c.earlier) * 100).toFixed(1)}`]),
    );
    w.heading('Industries naming micro-credentials');
    w.table(
      'Share of each industry\'s unique postings naming any micro-credential',
      figureColumns('Industry (NAICS sector)', 0.52, ['Postings', 'Naming one', 'Share']),
      r.industryNaming.map((i) => [`${i.label} (${i.naics})`, int(i.postings), int(i.naming), pct(i.rate)]),
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
    opening(w, r);
    headlineFigures(w, [
      ['Postings in the occupations this program leads to', int(r.headline.openings)],
      ['Openings per year', int(r.headline.openingsPerYear)],
      [`Completions per year (averaged over ${r.headline.years} years)`, people(r.headline.completionsPerYear)],
      ['Annual gap (openings - completions)', r.headline.gapPerYear === null ? 'n/a' : int(r.headline.gapPerYear)],
    ]);
    if (r.publicDemand) publicDemandSection(w, r.publicDemand, r.k);
    mapsAndTrends(w, r);
    w.heading('Occupations');
    w.bars('Postings by occupation (SOC)', r.occupations.map((o) => ({ label: `${o.title} (${o.soc})`, value: o.openings })));
    w.table(
      'Openings and completions allocated in proportion to openings',
      figureColumns('Occupation (SOC)', 0.6, ['Openings', 'Allocated completions']),
      r.occupations.map((o) => [`${o.title} (${o.soc})`, int(o.openings), o.allocatedCompletions === null ? 'suppressed / n/a' : o.allocatedCompletions.toFixed(1)]),
    );
    w.heading('Outcomes');
    outcomesTable(w, r.outcomes);
  });
}

const GAP_TEXT: Record<string, string> = { gap: 'gap', balanced: 'balanced', surplus: 'surplus' };
const num = (n: number | null | undefined): string => (n === null || n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));
const dollars = (n: number | null | undefined): string => (n === null || n === undefined ? 'n/a' : `$${Math.round(n).toLocaleString('en-US')}`);
const count = (c: { value: number | null; suppressed: boolean }, k: number): string => (c.suppressed ? `suppressed (<${k})` : num(c.value));

/** The program card: IPEDS completions by award level and year, openings, postings, wages, gap label, occupations, neighbours, micro-credentials. */
function publicDemandSection(w: Writer, d: NonNullable<ProgramReport['publicDemand']>, k: number): void {
  w.heading('Supply and demand by award level (IPEDS, OEWS, BLS projections)');
  const latest = d.basis.completionsYears.at(-1);
  w.table(
    `Completions ${latest ?? ''} against annual openings, by award level (label: gap below 0.8 x openings, surplus above 1.25 x)`,
    [
      { label: 'Award level', width: 0.28 },
      { label: 'Completions', width: 0.14, align: 'right' },
      { label: 'Openings / yr', width: 0.14, align: 'right' },
      { label: 'Gap', width: 0.1, align: 'right' },
      { label: 'Label', width: 0.1 },
      { label: 'Postings', width: 0.1, align: 'right' },
      { label: 'Median wage', width: 0.14, align: 'right' },
    ],
    d.rows.map((x) => [x.label, count(x.completions, k), num(x.openings), x.completions.suppressed ? 'n/a' : num(x.gap), x.gapLabel ? GAP_TEXT[x.gapLabel] : 'n/a', num(x.postings), dollars(x.medianWage)]),
  );
  if (d.basis.completionsYears.length > 1) {
    const years = d.basis.completionsYears;
    w.table(
      'Completions by award level and IPEDS year',
      figureColumns('Award level', 0.4, years.map(String)),
      d.rows.map((x) => [x.label, ...years.map((y) => {
        const t = x.completionsTrend.find((c) => c.year === y);
        return t ? count(t, k) : '0';
      })]),
    );
  }
  if (d.occupations.length)
    w.table(
      'Occupations behind the program (annual openings in the region, all programs)',
      [
        { label: 'Occupation (SOC)', width: 0.46 },
        { label: 'Tier', width: 0.12 },
        { label: 'Employment', width: 0.14, align: 'right' },
        { label: 'Openings / yr', width: 0.14, align: 'right' },
        { label: 'Median wage', width: 0.14, align: 'right' },
      ],
      d.occupations.map((o) => [`${o.title} (${o.soc})`, o.tier, num(o.employment), num(o.openings), dollars(o.medianWage)]),
    );
  if (d.institutions.length)
    w.table(
      `Neighbouring institutions: completions of the same CIP, ${latest ?? ''}`,
      [
        { label: 'Institution', width: 0.5 },
        { label: 'Completions', width: 0.15, align: 'right' },
        { label: 'By award level', width: 0.35 },
      ],
      d.institutions.map((i) => [i.name, count(i.completions, k), i.byAwardLevel.map((l) => `${l.label} ${count(l.completions, k)}`).join('; ')]),
    );
  if (d.credentials.length)
    w.table(
      'Micro-credentials aligned with the program\'s occupations',
      figureColumns('Credential', 0.6, ['Postings naming it', 'Awards']),
      d.credentials.map((c) => [c.name, num(c.postingMentions), count(c.awards, k)]),
    );
  for (const n of d.basis.notes) w.para(n, 8.5);
  w.para(`Methods: ${d.methods.proportional} (openings shared by completions); ${d.methods.fullCredit} (full credit). Completions are graduates, not entrants to the local labour market; openings are projections.`, 8.5);
}
