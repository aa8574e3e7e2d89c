import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROFILE_TABLE, defaultProfile, learnProfiles, normaliseShares, PORT_KINDS, profileSlots, resolveProfiles, validateProfileTable,
} from '../../src/reports/profiles.js';
import type { HourlyCount } from '../../src/reports/profiles.js';
import { staffingMessages as msg } from '../../src/messages.js';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('default profiles', () => {
  it('are valid and every kind × direction × day type sums to 1 in 60- and 30-minute slots', () => {
    expect(validateProfileTable(DEFAULT_PROFILE_TABLE)).toEqual([]);
    for (const kind of PORT_KINDS) {
      for (const direction of ['arrival', 'departure']) {
        for (const dayType of ['normal', 'holiday'] as const) {
          const shares = defaultProfile(kind, direction, dayType);
          expect(shares).toHaveLength(24);
          expect(sum(shares)).toBeCloseTo(1, 12);
          expect(profileSlots(shares, 30)).toHaveLength(48);
          expect(sum(profileSlots(shares, 30))).toBeCloseTo(1, 12);
        }
      }
    }
  });

  it('give land ports a morning and an evening peak, and air a flatter day', () => {
    const land = defaultProfile('land', 'departure', 'normal');
    const air = defaultProfile('air', 'arrival', 'normal');
    const at = (xs: number[], h: number) => xs[h] ?? NaN;
    expect(at(land, 9)).toBeGreaterThan(at(land, 13));
    expect(at(land, 18)).toBeGreaterThan(at(land, 13));
    expect(at(land, 3)).toBeLessThan(0.01);
    expect(Math.max(...air) / Math.min(...air)).toBeLessThan(Math.max(...land) / Math.min(...land));
  });

  it('names an unknown kind and a malformed profile', () => {
    expect(() => defaultProfile('tunnel', 'arrival', 'normal', DEFAULT_PROFILE_TABLE, 'X')).toThrow(
      msg.unknownPortKind('X', 'tunnel', Object.keys(DEFAULT_PROFILE_TABLE)),
    );
    expect(() => normaliseShares([1, 2, 3], 'land/arrival/normal')).toThrow(msg.badProfile('land/arrival/normal', 'it has 3 values'));
    expect(validateProfileTable({ land: { any: { normal: new Array<number>(24).fill(0) } } })).toEqual([
      msg.badProfile('land/any/normal', 'the weights add up to 0'),
    ]);
  });
});

describe('learned profiles', () => {
  // Ten normal days peaking at 08:00 and two holidays peaking at 20:00.
  const rows: HourlyCount[] = [];
  for (let d = 1; d <= 12; d++) {
    const date = `2025-03-${String(d).padStart(2, '0')}`;
    const peak = d <= 10 ? 8 : 20;
    for (let hour = 0; hour < 24; hour++) rows.push({ port_id: 'LW', direction: 'arrival', date, hour, count: hour === peak ? 300 : 100 });
  }
  const holidays = new Set(['2025-03-11', '2025-03-12']);

  it('learns shares per day type that sum to 1, weighting by counts', () => {
    const learned = learnProfiles(rows, holidays, 2);
    const normal = learned.find((p) => p.day_type === 'normal');
    const holiday = learned.find((p) => p.day_type === 'holiday');
    expect(normal?.days).toBe(10);
    expect(sum(normal?.shares ?? [])).toBeCloseTo(1, 12);
    expect(normal?.shares[8]).toBeCloseTo(300 / 2600, 12);
    expect(holiday?.shares[20]).toBeCloseTo(300 / 2600, 12);
  });

  it('falls back: holiday → own normal profile → default of the port kind', () => {
    const learned = learnProfiles(rows, holidays, 5); // two holidays are too few
    const resolved = resolveProfiles([{ port_id: 'LW', kind: 'land' }, { port_id: 'AP', kind: 'air' }], ['arrival', 'departure'], learned);
    const find = (port: string, direction: string, dayType: string) =>
      resolved.find((p) => p.port_id === port && p.direction === direction && p.day_type === dayType);
    expect(resolved).toHaveLength(8);
    expect(find('LW', 'arrival', 'normal')?.source).toBe('learned');
    expect(find('LW', 'arrival', 'holiday')?.source).toBe('learned-normal');
    expect(find('LW', 'arrival', 'holiday')?.shares[8]).toBeCloseTo(300 / 2600, 12);
    expect(find('LW', 'departure', 'normal')?.source).toBe('default');
    expect(find('AP', 'arrival', 'holiday')?.shares).toEqual(defaultProfile('air', 'arrival', 'normal'));
    for (const p of resolved) expect(sum(p.shares)).toBeCloseTo(1, 12);
  });
});
