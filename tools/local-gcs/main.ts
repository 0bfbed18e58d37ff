// CLI: node --import tsx tools/local-gcs/main.ts --data DIR --port N — runs the local GCS-compatible server until
// interrupted and prints its URL.
import { parseArgs } from 'node:util';
import { FAULTS_PATH, startLocalGcs } from './server.ts';

const USAGE = `Usage: node --import tsx tools/local-gcs/main.ts [options]

  --data DIR          folder holding one sub-folder per bucket (default ./data)
  --port N            port to listen on; 0 picks a free one (default 4443)
  --host HOST         address to listen on (default 127.0.0.1)
  --token TOKEN       require "Authorization: Bearer TOKEN"; repeat to accept several (default: no auth)
  --no-auto-create    answer 404 for buckets whose folder does not exist instead of creating it on first write
  --error-rate R      answer a share R (0 to 1) of requests with 503, chosen by a generator seeded with --seed
  --seed N            seed for --error-rate (default 1)
  --latency MS        wait MS milliseconds before handling each request
  --outage            answer every request with 503
  -h, --help          this text

While it runs, PUT a JSON object like {"errorRate":0.1,"latencyMs":50,"outage":false} to ${FAULTS_PATH} to change faults.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) fail(`--${name} must be a number, got '${value}'.`);
  return parsed;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      data: { type: 'string', default: './data' },
      port: { type: 'string', default: '4443' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string', multiple: true, default: [] },
      'no-auto-create': { type: 'boolean', default: false },
      'error-rate': { type: 'string' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      outage: { type: 'boolean', default: false },
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

const port = numberOption('port', values.port);
if (!Number.isInteger(port) || port! < 0 || port! > 65535) fail(`--port must be a port number from 0 to 65535, got '${values.port}'.`);

let server;
try {
  server = await startLocalGcs({
    dataDir: values.data,
    port: port!,
    host: values.host,
    tokens: values.token,
    autoCreateBuckets: !values['no-auto-create'],
    faults: {
      errorRate: numberOption('error-rate', values['error-rate']),
      seed: numberOption('seed', values.seed),
      latencyMs: numberOption('latency', values.latency),
      outage: values.outage,
    },
  });
} catch (error) {
  console.error(`local-gcs could not start: ${(error as Error).message}`);
  process.exit(1);
}

console.log(
  [
    `local-gcs listening on ${server.url}`,
    `  data folder: ${server.dataDir} (objects at <data>/<bucket>/<object name>)`,
    `  auth: ${values.token.length > 0 ? `Bearer token required (${values.token.length} accepted)` : 'none'}`,
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
