#!/usr/bin/env node
// The bin stays tiny: everything that touches Node lives under node/, where lint allows it.
import { runCli } from './node/cli/run.js';

void runCli(globalThis.process.argv.slice(2));
