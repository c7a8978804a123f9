import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { InputTooLarge, readFdAtMostSync } from '../bounded-read.js';
import { describeFileType, describeFsError } from '../files.js';

// Every .gitignore comes from the repository under review, so it gets the scanned files' guards,
// synchronously (the walk loads one on entering each directory): the open never blocks (a FIFO
// would wedge the gate, deaf to SIGTERM), only a regular file is read (a link to /dev/zero would
// fill memory), and at most MAX_AUX_BYTES of it. (The baseline has its own async reader.)

export const MAX_AUX_BYTES = 1024 * 1024;

/** Why a file could not be read, in words ("it is a named pipe", "larger than 1 MiB"). */
export class AuxUnreadable extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'AuxUnreadable';
  }
}

/**
 * A regular file's text, read with the guards above; `noFollow`: a symbolic link at `path` is
 * refused too (git does not follow a linked .gitignore). ENOENT is passed on as it is (an absent
 * file is not an error for every caller); anything else becomes AuxUnreadable.
 */
export function readRegularText(path: string, noFollow = false): string {
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0),
    );
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    throw new AuxUnreadable(describeFsError(e));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new AuxUnreadable(`it is ${describeFileType(st)}, not a regular file`);
    if (st.size > MAX_AUX_BYTES) throw new AuxUnreadable('larger than 1 MiB');
    return readFdAtMostSync(fd, { limit: MAX_AUX_BYTES, what: path }).toString('utf8');
  } catch (e) {
    if (e instanceof AuxUnreadable) throw e;
    if (e instanceof InputTooLarge) throw new AuxUnreadable('larger than 1 MiB');
    throw new AuxUnreadable(describeFsError(e));
  } finally {
    closeSync(fd);
  }
}
