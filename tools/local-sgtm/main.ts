// CLI: node --import tsx tools/local-sgtm/main.ts --config FILE --port N — serves a container configuration as sGTM
// would, prints its URL, and shuts down gracefully on SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { ConfigError } from './config.ts';
import { startLocalSgtm } from './server.ts';

const USAGE = `Usage: node --import tsx tools/local-sgtm/main.ts --config FILE [options]

  --config FILE   container configuration, YAML or JSON (e.g. tools/local-sgtm/pipes-local.yaml);
                  \${NAME} in its values reads the environment
  --port N        port to listen on; 0 picks a free one (default 8080, as sGTM's PORT)
  --host HOST     address to listen on (default 127.0.0.1)
  --quiet         no line per request (template logs and errors are still printed)
  -h, --help      this text

Health checks: GET /healthz and /healthy answer 200 "ok". Bodies over 1 MiB are answered 413.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
} catch (error) {
  fail((error as Error).message);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.config === undefined) fail('--config is required: the container configuration file to serve.');
const port = Number(values.port);
if (values.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number from 0 to 65535, got '${values.port}'.`);

let server;
try {
  server = await startLocalSgtm({ container: values.config, port, host: values.host, quiet: values.quiet });
} catch (error) {
  console.error(error instanceof ConfigError ? `local-sgtm: the configuration has problems:\n${error.message}` : `local-sgtm could not start: ${(error as Error).message}`);
  process.exit(1);
}

const { containerVersion, clients, tags } = server.container;
console.log(
  [
    `local-sgtm listening on ${server.url}`,
    `  container ${containerVersion.containerId ?? '(no id)'}${containerVersion.version === undefined ? '' : ` version ${containerVersion.version}`} from ${values.config}`,
    `  clients: ${clients.map((c) => c.name).join(', ')}`,
    `  tags: ${tags.map((t) => t.name).join(', ') || '(none)'}`,
    `  health: ${server.url}/healthz`,
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`local-sgtm: ${signal}: finishing the requests in flight, then stopping (again to stop at once)`);
    process.once(signal, () => process.exit(1));
    void server.close().then(() => process.exit(0));
  });
}
