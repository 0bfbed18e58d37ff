// `npm start`: the local pipeline on one machine (local-stack/stack.ts) with every URL printed. Ctrl-C stops everything.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BUCKET, startLocalStack, type LocalStack } from './local-stack/stack.ts';

const USAGE = `Usage: npm start -- [--data DIR] [--port N]

  --data DIR   where the local bucket's files live (default ./data)
  --port N     the local sGTM's port (default 8080); the local GCS listens on N+1, the demo shop on N+2`;

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
let stack: LocalStack;
try {
  stack = await startLocalStack({ dataDir: data, port });
} catch (error) {
  const { code, port: taken } = error as NodeJS.ErrnoException & { port?: number };
  const inUse = code === 'EADDRINUSE' ? `port ${taken} is in use (the stack takes ${port}, ${port + 1} and ${port + 2}); choose others with --port N` : undefined;
  console.error(`npm start: ${inUse ?? (error as Error).message}`);
  process.exit(1);
}
const example = writeExampleBatch(data);
const sgtm = stack.sgtmUrl;

const urls: [string, string][] = [
  ['demo shop (the Pipes tag in a GTM container)', stack.demo.url],
  ['event inspector (what the bucket holds)', `${stack.demo.url}/inspector/`],
  ['sGTM with the Pipes client', sgtm],
  ['  collect', `${sgtm}/p/collect`],
  ['  tracker script', `${sgtm}/p/pipes.js`],
  ['  health', `${sgtm}/healthz`],
  [`local GCS (bucket ${BUCKET})`, stack.gcs.url],
  ['data folder', data],
  ['  stored events land in', stack.eventsDir],
];
const width = Math.max(...urls.map(([label]) => label.length)) + 2;
console.log(`
Pipes local pipeline
${urls.map(([label, url]) => `  ${label.padEnd(width)}${url}`).join('\n')}

Open the demo shop, accept analytics in the banner, click around; the inspector shows the events as they land.
Or send a batch yourself:
  curl -i -X POST ${sgtm}/p/collect -H 'content-type: text/plain' --data-binary @${example}

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
  await stack.close();
  console.log('stopped');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
