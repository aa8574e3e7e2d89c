import { describe, expect, it } from 'vitest';
import { statusOf } from '../../src/api/errors.js';
import { CrossingsError } from '../../src/messages.js';
import { SqlError } from '../../src/sql/errors.js';

describe('statusOf', () => {
  it('maps each kind of CrossingsError to its status, and anything else to 500', () => {
    expect(statusOf(new CrossingsError('x'))).toBe(422);
    expect(statusOf(new CrossingsError('x', 'not_found'))).toBe(404);
    expect(statusOf(new CrossingsError('x', 'conflict'))).toBe(409);
    expect(statusOf(new CrossingsError('x', 'unavailable'))).toBe(503);
    expect(statusOf(new Error('x'))).toBe(500);
  });

  it('keeps an explicit status, as the SQL workbench sets one per reason', () => {
    const busy = new SqlError('busy', 'x');
    expect(busy.kind).toBe('unavailable');
    expect(statusOf(busy)).toBe(429);
    expect(statusOf(new SqlError('syntax', 'x'))).toBe(400);
  });
});
