// `npm start`: the local pipeline on one machine. The local GCS stands in for the bucket, the local sGTM runs the
// Pipes client template on the GTM sandbox emulator, and every URL is printed. Ctrl-C stops everything.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalGcs } from './local-gcs/server.ts';
import { startLocalSgtm } from './local-sgtm/server.ts';

const USAGE = `Usage: npm start -- [--data DIR] [--port N]

  --data DIR   where the local bucket's files live (default ./data)
  --port N     the local sGTM's port (default 8080); the local GCS listens on N+1`;

function options(): { data: string; port: number } {
  try {
    const { values } = parseArgs({
      options: { data: { type: 'string', default: './data' }, port: { type: 'string', default: '8080' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65534) throw new Error(`--port must be a port number, not "${values.port}"`);
    return { data: resolve(values.data), port };
  } catch (error) {
    console.error(`npm start: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

const { data, port } = options();
// A token of this run only: the local GCS refuses uploads without it, as GCS refuses them without credentials.
const token = randomUUID();
const gcs = await startLocalGcs({ dataDir: data, port: port + 1, tokens: [token] });
const example = writeExampleBatch(data);
const sgtm = await startLocalSgtm({
  port,
  container: resolve(import.meta.dirname, 'local-sgtm', 'pipes-local.yaml'),
  env: { ...process.env, GCS_URL: gcs.url, GCS_TOKEN: token, SITE_ORIGIN: process.env.SITE_ORIGIN ?? `http://localhost:${port}` },
});

console.log(`
Pipes local pipeline
  sGTM with the Pipes client  ${sgtm.url}
    collect                   ${sgtm.url}/p/collect
    tracker script            ${sgtm.url}/p/pipes.js
    health                    ${sgtm.url}/healthz
  local GCS (bucket pipes-local)  ${gcs.url}
  data folder                 ${data}
    stored events land in     ${resolve(data, 'pipes-local', 'pipes', 'events', 'v1')}

Send a batch:
  curl -i -X POST ${sgtm.url}/p/collect -H 'content-type: text/plain' --data-binary @${example}

Ctrl-C stops everything.
`);

/** schema/examples/batch.v1.json made current (the client rejects events older than its age limit), to try with curl. */
function writeExampleBatch(dir: string): string {
  const batch = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'schema', 'examples', 'batch.v1.json'), 'utf8'));
  const now = Date.now();
  batch.batch_id = randomUUID();
  batch.sent_at = new Date(now).toISOString();
  batch.events.forEach((event: { event_id: string; ts: string }, i: number) => {
    event.event_id = randomUUID();
    event.ts = new Date(now - 1000 + i).toISOString();
  });
  const file = resolve(dir, 'example-batch.json');
  writeFileSync(file, JSON.stringify(batch, null, 2));
  return file;
}

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) process.exit(1);
  stopping = true;
  console.log('\nstopping…');
  await sgtm.close();
  await gcs.close();
  console.log('stopped');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
