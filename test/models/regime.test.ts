import { describe, expect, it } from 'vitest';
import { detectRegimeStart, maskOutages } from '../../src/models/regime.js';
import { weeklySeries } from './synthetic.js';

describe('regime breaks and outages', () => {
  it('finds a planted closure and reopening without being told the dates', () => {
    const open1 = weeklySeries({ start: 0, n: 300, seed: 2 }).y;
    const y = new Float64Array(1000);
    y.set(open1, 0); // open, then closed for 400 days (zeros), then reopened at 700 at half the level
    const re = weeklySeries({ start: 700, n: 300, seed: 4, level: 5000 }).y;
    y.set(re, 700);
    y[500] = 300; // an isolated special opening inside the closure must not fool it
    expect(detectRegimeStart(y)).toBe(700);
  });
  it('keeps a series without a break whole', () => {
    expect(detectRegimeStart(weeklySeries({ start: 0, n: 500, seed: 9 }).y)).toBe(0);
  });
  it('masks a temporary closure and a typhoon day but not a closure that lasts until today', () => {
    const y = weeklySeries({ start: 0, n: 300, seed: 5 }).y;
    for (let i = 100; i < 160; i++) y[i] = 0;
    y[200] = 20;
    y[298] = 0;
    y[299] = 0;
    const m = maskOutages(y);
    expect(Number.isNaN(m[130]!)).toBe(true);
    expect(Number.isNaN(m[200]!)).toBe(true);
    expect(m[299]).toBe(0);
  });
});
