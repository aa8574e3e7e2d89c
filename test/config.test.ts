import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { forecastWorkers, loadConfig } from '../src/config.js';

describe('CROSSINGS_WORKERS', () => {
  it('defaults to one fitting worker per core and takes a whole number of at least 1', () => {
    expect(loadConfig({}).forecastWorkers).toBe(availableParallelism());
    expect(loadConfig({ CROSSINGS_WORKERS: '' }).forecastWorkers).toBe(availableParallelism());
    expect(loadConfig({ CROSSINGS_WORKERS: '3' }).forecastWorkers).toBe(3);
    expect(forecastWorkers({ CROSSINGS_WORKERS: '1' })).toBe(1);
  });

  it('refuses 0, fractions and words, naming the variable', () => {
    for (const bad of ['0', '1.5', 'all']) expect(() => forecastWorkers({ CROSSINGS_WORKERS: bad })).toThrow('CROSSINGS_WORKERS');
  });
});
