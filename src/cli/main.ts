#!/usr/bin/env node
import { processDeps } from './deps';
import { runCli } from './program';

runCli(process.argv.slice(2), processDeps()).then((code) => {
  process.exitCode = code;
});
