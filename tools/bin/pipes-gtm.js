#!/usr/bin/env node
// The toolchain is TypeScript; tsx lets it run without a separate compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../gtm/cli.ts');
process.exitCode = await main(process.argv.slice(2));
