// Starts a TypeScript child process (see pool.ts): Node 20 cannot load .ts files by itself.
const { register } = await import('tsx/esm/api');
register();
await import(process.argv[2]);
