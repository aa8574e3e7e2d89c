#!/usr/bin/env node
// The `crossings` command runs the TypeScript sources directly (tsx), so `npx crossings` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
// `crossings ports list | head`: the reader closing the pipe is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv);
