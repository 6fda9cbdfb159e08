// `npm run kaneo:dev [-- --port N]`: starts the Kaneo-compatible server and keeps it running until
// SIGINT/SIGTERM. The first line of output is `KANEO_URL=<url>` (child-process users, such as the
// e2e tests, read it); the seed credentials follow, one `NAME=value` per line.
import { startKaneoServer } from './server';

function parsePort(argv: string[]): number {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i === -1) return 0;
  const raw = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`kaneo-server: invalid --port ${String(raw)}`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const server = await startKaneoServer({ port: parsePort(process.argv.slice(2)) });
  const { seed } = server;
  process.stdout.write([
    `KANEO_URL=${server.url}`,
    `KANEO_API_URL=${server.apiUrl}`,
    `KANEO_EMAIL=${seed.email}`,
    `KANEO_PASSWORD=${seed.password}`,
    `KANEO_WORKSPACE_ID=${seed.workspaceId}`,
    `KANEO_PROJECT_ID=${seed.projectId}`,
    '',
  ].join('\n'));
  if (process.stdout.isTTY) {
    process.stdout.write(`\nSign in at ${server.url}/ (Ctrl-C stops the server)\n`);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(signal === 'SIGINT' ? 130 : 0));
    setTimeout(() => process.exit(1), 3000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('kaneo-server: failed to start:', error);
  process.exit(1);
});
