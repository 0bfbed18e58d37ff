// `npm start`: brings up as much of the local pipeline as exists. Today that is the template build; the local sGTM,
// the local GCS and the demo site join here as they land (see README "Status").
import { parseArgs } from 'node:util';
import { main } from './gtm/cli.ts';

const { values } = parseArgs({
  options: { data: { type: 'string', default: './data' }, port: { type: 'string', default: '8080' } },
  allowPositionals: false,
});

const status = await main(['build']);
console.log(`
Templates built. The local stack (sGTM on port ${values.port}, GCS-compatible storage in ${values.data},
demo site and event inspector) is not part of this version yet; see README "Status".`);
process.exitCode = status;
