#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader: case files are TypeScript imported at run time.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
