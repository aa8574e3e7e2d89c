#!/usr/bin/env node
// The `crossings` command runs the TypeScript sources directly (tsx), so `npx crossings` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv);
