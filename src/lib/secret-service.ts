/**
 * The Linux Secret Service spoken directly over D-Bus, for what @napi-rs/keyring cannot do: see and
 * replace every item of one entry. Why it is needed: an item matches an entry when it has the entry's
 * `service` and `username` attributes, whatever else it has. The Python SDK's keyring writes
 * `{application: "Python keyring library", service, username}` and replaces only an item with those
 * exact attributes; @napi-rs/keyring writes `{service, username}` and refuses ("Entry is matched by 2
 * credentials") whenever two items match. So after the CLI wrote the entry, the SDK's next write added
 * a second item instead of replacing it, and every later CLI read, write and delete failed.
 * Here the CLI writes the item the SDK writes (its attributes and label), so each replaces the other's
 * in place, and merges the duplicates an older version left: the newest item's key is the entry's.
 * Secrets travel in a `plain` session: the session bus is this user's, and any program of this user
 * may read an unlocked collection anyway.
 */
import { connect } from 'node:net';

const BUS_NAME = 'org.freedesktop.secrets';
const SERVICE_PATH = '/org/freedesktop/secrets';
const SERVICE = 'org.freedesktop.Secret.Service';
const ITEM = 'org.freedesktop.Secret.Item';
const NO_PROMPT = '/';

/** The attributes and label Python's keyring (SecretService backend) gives the items it writes. */
export function sdkAttributes(service: string, account: string): Array<[string, string]> {
  return [
    ['application', 'Python keyring library'],
    ['service', service],
    ['username', account],
  ];
}
const sdkLabel = (service: string, account: string) => `Password for '${account}' on '${service}'`;

/** The Secret Service could not be used for this (no bus, locked, an error reply). */
export class SecretServiceError extends Error {
  override name = 'SecretServiceError';
}

type Reply = unknown[];
interface Bus {
  invoke(msg: Record<string, unknown>, cb: (err: unknown, ...body: unknown[]) => void): void;
  connection: { end(): void; on(event: 'error' | 'end', cb: (e?: Error) => void): void };
}

/** The socket path of a `unix:path=…` or `unix:abstract=…` address (the first usable one). */
export function busSocket(address: string | undefined): string {
  for (const entry of (address ?? '').split(';')) {
    const [family, params = ''] = entry.split(/:(.*)/s);
    if (family !== 'unix') continue;
    const kv = new Map(params.split(',').map((p) => p.split(/=(.*)/s) as [string, string]));
    const path = kv.get('path');
    if (path) return path;
    // Linux's abstract namespace: a name that starts with a NUL byte.
    const abstract = kv.get('abstract');
    if (abstract) return `\0${abstract}`;
  }
  throw new SecretServiceError('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS)');
}

/** One D-Bus connection to the Secret Service; `close()` it (an open socket keeps the process alive). */
export class SecretServiceClient {
  private session: string | undefined;
  /** Calls waiting for a reply: failed at once when the connection fails, never left hanging. */
  private readonly pending = new Set<(e: Error) => void>();
  private broken: Error | undefined;

  private constructor(private readonly bus: Bus) {
    const fail = (e?: Error) => {
      this.broken ??= new SecretServiceError(`D-Bus: ${e?.message ?? 'the connection closed'}`);
      for (const reject of this.pending) reject(this.broken);
      this.pending.clear();
    };
    bus.connection.on('error', fail);
    bus.connection.on('end', fail);
  }

  static async open(address: string | undefined, signal: AbortSignal): Promise<SecretServiceClient> {
    const socket = busSocket(address);
    // Its typings leave createClient out; a stream of our own skips its address parsing, which
    // would require an optional native module for abstract sockets.
    const dbus = (await import('@homebridge/dbus-native')).default as unknown as {
      createClient(opts: { stream: unknown }): Bus;
    };
    const stream = connect(socket);
    const bus = dbus.createClient({ stream });
    const client = new SecretServiceClient(bus);
    // A bus that never answers never ends the connection either: it is cut, and every call fails.
    signal.addEventListener('abort', () => stream.destroy(), { once: true });
    return client;
  }

  close(): void {
    this.bus.connection.end();
  }

  private call(path: string, iface: string, member: string, signature = '', body: unknown[] = []) {
    return new Promise<Reply>((resolve, reject) => {
      if (this.broken) {
        reject(this.broken);
        return;
      }
      this.pending.add(reject);
      const msg = { destination: BUS_NAME, path, interface: iface, member, signature, body };
      this.bus.invoke(msg, (err, ...reply) => {
        this.pending.delete(reject);
        if (!err) resolve(reply);
        else {
          const e = err as { message?: string; name?: string };
          reject(new SecretServiceError(`${member}: ${e.message || e.name || String(err)}`));
        }
      });
    });
  }

  private async property(path: string, name: string): Promise<unknown> {
    const [variant] = await this.call(path, 'org.freedesktop.DBus.Properties', 'Get', 'ss', [ITEM, name]);
    // A variant arrives as [signature, [value]].
    return (variant as [unknown, unknown[]])[1][0];
  }

  private async openSession(): Promise<string> {
    this.session ??= (
      await this.call(SERVICE_PATH, SERVICE, 'OpenSession', 'sv', ['plain', ['s', '']])
    )[1] as string;
    return this.session;
  }

  /** The items of an entry, newest first (a tie keeps the service's order: the one the SDK reads). */
  async find(service: string, account: string): Promise<Array<{ path: string; key: string }>> {
    const attrs = [
      ['service', service],
      ['username', account],
    ];
    const [unlocked, locked] = (await this.call(SERVICE_PATH, SERVICE, 'SearchItems', 'a{ss}', [attrs])) as [
      string[],
      string[],
    ];
    if (locked.length > 0) throw new SecretServiceError('the keyring is locked');
    if (unlocked.length === 0) return [];
    const session = await this.openSession();
    const [secrets] = (await this.call(SERVICE_PATH, SERVICE, 'GetSecrets', 'aoo', [unlocked, session])) as [
      Array<[string, [string, Buffer, Buffer, string]]>,
    ];
    const keys = new Map(secrets.map(([path, secret]) => [path, secret[2].toString('utf8')]));
    if (unlocked.length === 1) return unlocked.map((path) => ({ path, key: keys.get(path) ?? '' }));
    const items = await Promise.all(
      unlocked.map(async (path, order) => ({
        path,
        order,
        key: keys.get(path) ?? '',
        modified: Number(await this.property(path, 'Modified')),
      })),
    );
    items.sort((a, b) => b.modified - a.modified || a.order - b.order);
    return items.map(({ path, key }) => ({ path, key }));
  }

  /**
   * Make `key` the entry's only item: written with the SDK's attributes into the default collection
   * (replacing the SDK's own item in place), then every other item of the entry deleted.
   */
  async store(service: string, account: string, key: string): Promise<void> {
    const before = await this.find(service, account);
    const [collection] = (await this.call(SERVICE_PATH, SERVICE, 'ReadAlias', 's', ['default'])) as [string];
    if (collection === NO_PROMPT) throw new SecretServiceError('there is no default keyring');
    const session = await this.openSession();
    const properties = [
      [`${ITEM}.Label`, ['s', sdkLabel(service, account)]],
      [`${ITEM}.Attributes`, ['a{ss}', sdkAttributes(service, account)]],
    ];
    const secret = [session, Buffer.alloc(0), Buffer.from(key, 'utf8'), 'text/plain'];
    const [item, prompt] = (await this.call(
      collection,
      'org.freedesktop.Secret.Collection',
      'CreateItem',
      'a{sv}(oayays)b',
      [properties, secret, true],
    )) as [string, string];
    if (prompt !== NO_PROMPT) throw new SecretServiceError('the keyring is locked');
    for (const old of before) if (old.path !== item) await this.deleteItem(old.path);
  }

  /** Throws unless there is a default keyring to store into (a locked new one has none yet). */
  async checkDefaultKeyring(): Promise<void> {
    const [collection] = (await this.call(SERVICE_PATH, SERVICE, 'ReadAlias', 's', ['default'])) as [string];
    if (collection === NO_PROMPT) throw new SecretServiceError('there is no default keyring');
  }

  /** Delete every item of the entry; how many there were. */
  async deleteAll(service: string, account: string): Promise<number> {
    const items = await this.find(service, account);
    for (const { path } of items) await this.deleteItem(path);
    return items.length;
  }

  private async deleteItem(path: string): Promise<void> {
    const [prompt] = await this.call(path, ITEM, 'Delete');
    if (prompt !== NO_PROMPT) throw new SecretServiceError('the keyring is locked');
  }
}
