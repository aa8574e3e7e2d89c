import { describe, expect, it } from 'vitest';
import { diskFullError } from '../../src/store/db.js';
import { messages } from '../../src/messages.js';

describe('diskFullError', () => {
  it("turns DuckDB's full-disk failure into a message naming the file, and leaves other errors alone", () => {
    // The text DuckDB 1.x gives when a commit cannot write its WAL (seen on a 3 MB tmpfs).
    const duck = new Error('TransactionContext Error: Failed to commit: Could not write file "/mnt/small/s.duckdb.wal": No space left on device');
    expect(diskFullError(duck)?.message).toBe(messages.diskFull('/mnt/small/s.duckdb.wal'));
    expect(diskFullError(new Error('Binder Error: column x not found'))).toBeUndefined();
  });
});
