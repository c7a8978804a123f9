import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of everything the emulator keeps in its data directory. */
export interface DataPaths {
  dir: string;
  db: string;
  ownerKey: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export function dataPaths(dir: string): DataPaths {
  return {
    dir,
    db: join(dir, 'emulator.db'),
    ownerKey: join(dir, 'owner-key'),
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server-key.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client-key.pem'),
  };
}

/** Create the data directory (0700: it holds private keys and the owner key). */
export function ensureDataDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}
