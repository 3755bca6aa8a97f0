import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { normalizeCipCode, parseIpedsCompletions, parseProjections, type ProjectionRecord, type PublicEvent } from './parsers.js';

async function* chunks(s: string | Buffer): AsyncGenerator<Buffer> {
  yield Buffer.isBuffer(s) ? s : Buffer.from(s);
}

async function collect<R>(events: AsyncIterable<PublicEvent<R>>): Promise<PublicEvent<R>[]> {
  const out: PublicEvent<R>[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('IPEDS CIPCODE as files and spreadsheets write it', () => {
  it('restores leading and trailing zeros and recognises totals', () => {
    expect(normalizeCipCode('11.0701')).toBe('11.0701');
    expect(normalizeCipCode('1.0000')).toBe('01.0000');
    expect(normalizeCipCode('1.01')).toBe('01.0100');
    expect(normalizeCipCode('"51.3801"')).toBe('51.3801');
    expect(normalizeCipCode('99')).toBe('total');
    expect(normalizeCipCode('52')).toBe('total');
    expect(normalizeCipCode('abc')).toBeNull();
  });

  it('reads the year from the IPEDS file name and refuses counts that are not whole numbers', async () => {
    const csv = 'UNITID,CIPCODE,MAJORNUM,AWLEVEL,XCTOTALT,CTOTALT,XCTOTALM,CTOTALM\n100654,01.0000,1,5,R,12,R,6\n100654,01.0101,1,3,R,12,R,-1\n';
    const t = await parseIpedsCompletions(chunks(csv), 'C2023_A.csv');
    expect(t.vintage).toBe('2023');
    const ev = await collect(t.events);
    expect(ev[0]).toMatchObject({ kind: 'record', record: { cip: '01.0000', total: 12, men: 6, awardLevel: 5 } });
    expect(ev[1]).toEqual({ kind: 'reject', issue: { file: 'C2023_A.csv', line: 3, field: 'CTOTALM', reason: '"-1" is not a count (a whole number of awards)' } });
  });
});

describe('BLS employment projections tables', () => {
  it('reads the national Table 1.10 workbook: title rows above the header, summary rows skipped, the period from the header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Table 1.10');
    ws.addRow(['Table 1.10 Occupational separations and openings, projected 2023–33']);
    ws.addRow(['(Numbers in thousands)']);
    ws.addRow([
      '2023 National Employment Matrix title', '2023 National Employment Matrix code', 'Occupation type', 'Employment, 2023', 'Employment, 2033',
      'Employment change, numeric, 2023–33', 'Employment change, percent, 2023–33', 'Labor force exit rate, 2023–33', 'Occupational transfer rate, 2023–33',
      'Total occupational separations rate, 2023–33', 'Labor force exits, 2023–33', 'Occupational transfers, 2023–33', 'Total occupational separations, 2023–33', 'Occupational openings, 2023–33 annual average',
    ]);
    ws.addRow(['Total, all occupations', '00-0000', 'Summary', 167849.8, 172833.4, 4983.6, 3.0, 5.1, 6.1, 11.2, 8580, 10300, 18880, 19381]);
    ws.addRow(['Registered nurses', '29-1141', 'Line item', 3375.8, 3573.4, 197.6, 5.9, 2.9, 2.7, 5.6, 98.7, 91.5, 190.2, 194.5]);
    ws.addRow(['Footnotes:']);
    const t = await parseProjections(chunks(Buffer.from(await wb.xlsx.writeBuffer())), 'occupation.xlsx');
    expect(t.vintage).toBe('2023-2033');
    const ev = await collect(t.events);
    const rec = ev.filter((e): e is Extract<PublicEvent<ProjectionRecord>, { kind: 'record' }> => e.kind === 'record');
    expect(rec).toHaveLength(1);
    expect(rec[0].record).toMatchObject({ area: 'US', soc: '29-1141', baseYear: 2023, projYear: 2033, employmentBase: 3375.8, openings: 194.5, exits: 98.7, transfers: 91.5, change: 197.6 });
    expect(ev.filter((e) => e.kind === 'skip')).toHaveLength(2);
  });

  it('reads a state table in the Projections Central layout, one row per state', async () => {
    const csv = [
      'State FIPS,Area Name,Occupation Code,Occupation Name,Base Year,Base,Projected Year,Projection,Change,Percent Change,Average Annual Openings',
      '06,California,29-1141,Registered Nurses,2022,331000,2032,365000,34000,10.3,21000',
      '06,California,15-1252,Software Developers,2022,250000,2032,300000,50000,20,19000',
      '48,Texas,29-1141,Registered Nurses,2022,230000,2032,270000,40000,17.4,16000',
      '06,California,29-1141,Registered Nurses,2022,331000,2032,365000,34000,10.3,21000',
    ].join('\n');
    const t = await parseProjections(chunks(csv), 'long_term_2022_2032.csv');
    expect(t.vintage).toBe('2022-2032');
    const ev = await collect(t.events);
    expect(ev.filter((e) => e.kind === 'record').map((e) => (e as { record: ProjectionRecord }).record).map((r) => [r.area, r.soc, r.openings, r.employmentBase])).toEqual([
      ['06', '29-1141', 21000, 331000],
      ['06', '15-1252', 19000, 250000],
      ['48', '29-1141', 16000, 230000],
    ]);
    expect(ev[3]).toMatchObject({ kind: 'reject', issue: { line: 5, field: 'OCCUPATION CODE' } });
  });
});
