// The whole pipeline on one machine: the local GCS as the bucket, the local sGTM running the Pipes client, and the
// demo shop whose pages run the Pipes web tag through the local web container, with the event inspector beside it.
// `npm start` and the end-to-end tests start it the same way.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { startLocalGcs, type LocalGcs } from '../local-gcs/server.ts';
import { startLocalSgtm, type LocalSgtm } from '../local-sgtm/server.ts';
import { startDemoSite, type DemoSite } from '../demo/server.ts';
import { buildDemoContainer, type DemoContainerOptions } from '../demo/container.ts';
import { inspector } from '../inspector/index.ts';
import { openLocalStorage } from './bucket.ts';

// as in local-sgtm/pipes-local.yaml
export const BUCKET = 'pipes-local';
export const OBJECT_PREFIX = 'pipes';

export interface LocalStackOptions {
  /** where the local bucket's files live */
  dataDir: string;
  /** the sGTM's port; the local GCS takes port + 1 and the demo site port + 2. 0 (the default): free ports for all three */
  port?: number;
  /** the demo container's Pipes settings (consent mode, flush interval) */
  demo?: Omit<DemoContainerOptions, 'serverUrl'>;
  /** where the sGTM's request lines and template logs go (default console.log) */
  log?: (line: string) => void;
  /** no request lines */
  quiet?: boolean;
}

export interface LocalStack {
  sgtm: LocalSgtm;
  /** the sGTM as the pages reach it, http://localhost:PORT: on the site's host name, so that its cookies are first-party */
  sgtmUrl: string;
  gcs: LocalGcs;
  demo: DemoSite;
  /** the bearer token the local GCS accepts in this run */
  gcsToken: string;
  /** the folder stored events land in */
  eventsDir: string;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const port = options.port ?? 0;
  const next = (offset: number) => (port === 0 ? 0 : port + offset);
  // A token of this run only: the local GCS refuses requests without it, as GCS refuses them without credentials.
  const gcsToken = randomUUID();
  const started: { close(): Promise<void> }[] = [];
  const close = async () => {
    for (const part of started.reverse()) await part.close();
  };
  try {
    const gcs = await startLocalGcs({ dataDir: options.dataDir, port: next(1), tokens: [gcsToken] });
    started.push(gcs);
    const storage = openLocalStorage(gcs.url, gcsToken);
    let container: Promise<string> | undefined;
    const demo = await startDemoSite({
      port: next(2),
      // the pages ask for it only once the stack is up; it needs the sGTM's URL
      containerScript: () => container!,
      extend: (app) => void app.register(inspector, { prefix: '/inspector', storage, bucket: BUCKET, objectPrefix: OBJECT_PREFIX }),
    });
    started.push(demo);
    const sgtm = await startLocalSgtm({
      port,
      container: resolve(import.meta.dirname, '..', 'local-sgtm', 'pipes-local.yaml'),
      env: { ...process.env, GCS_URL: gcs.url, GCS_TOKEN: gcsToken, SITE_ORIGIN: demo.url },
      ...(options.log ? { log: options.log } : {}),
      quiet: options.quiet ?? false,
    });
    started.push(sgtm);
    const sgtmUrl = `http://localhost:${sgtm.port}`;
    // built now, so that an export the local container cannot run stops the stack with its message
    container = buildDemoContainer({ ...options.demo, serverUrl: sgtmUrl });
    await container;
    return { sgtm, sgtmUrl, gcs, demo, gcsToken, eventsDir: resolve(options.dataDir, BUCKET, OBJECT_PREFIX, 'events', 'v1'), close };
  } catch (error) {
    await close();
    throw error;
  }
}
