import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../src/csv.js';

describe('csvCell', () => {
  it('prefixes text a spreadsheet would run as a formula with a quote mark', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('leaves numbers and ordinary names as they are', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-0.25')).toBe('-0.25');
    expect(csvCell('+1e3')).toBe('+1e3');
    expect(csvCell('Lo Wu')).toBe('Lo Wu');
    expect(csvCell('罗湖, 深圳')).toBe('"罗湖, 深圳"');
  });

  it('defuses port names in a whole table', () => {
    expect(toCsv([{ port: '=1+1', count: 3 }], ['port', 'count'])).toBe("port,count\n'=1+1,3\n");
  });
});
