#!/usr/bin/env node
// CommonJS on purpose: Node's ESM loader would cost more start-up time than the whole command.
require('../dist/cli.cjs').main();
