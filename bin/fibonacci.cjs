#!/usr/bin/env -S node --
// `node --` so that Node 20 does not read our own `--env-file` flag (secret set, emulator start)
// as its own and exit 9 when the file is missing.
// CommonJS on purpose: Node's ESM loader would cost more start-up time than the whole command.
require('../dist/cli.cjs').main();
