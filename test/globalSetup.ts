/**
 * Removes the API tests' template database when the run ends. The template is built by the first test file that
 * needs it, in a folder named after this (the main vitest) process, which is the parent of every test fork.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  return () => rmSync(join(tmpdir(), `crossings-api-template-${process.pid}`), { recursive: true, force: true });
}
