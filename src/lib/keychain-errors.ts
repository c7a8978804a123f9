import { CliError } from './errors.js';

/** The three ways out whenever the keychain cannot be used; the first one depends on the reason. */
const OTHER_WAYS = 'set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`';

export const KEYCHAIN_REMEDY = `unlock the keychain (Secret Service), ${OTHER_WAYS}`;

/**
 * Why the keychain could not be used, as far as its error says: no Secret Service at all (no
 * session bus, nothing owns org.freedesktop.secrets), locked (or no default keyring yet: a fresh
 * gnome-keyring that was never unlocked answers "no result found"), no answer in time, or else.
 */
export type KeychainFailure = 'absent' | 'locked' | 'timeout' | 'other';

const ABSENT =
  /DBUS_SESSION_BUS_ADDRESS|autolaunch|ServiceUnknown|not provided by any|NameHasNoOwner|no D-Bus session|Failed to connect|No such file or directory|ENOENT|ECONNREFUSED/i;
const LOCKED = /locked|no result found|no default keyring|dismissed/i;

export function classifyKeychainError(detail: string): KeychainFailure {
  if (ABSENT.test(detail)) return 'absent';
  if (LOCKED.test(detail)) return 'locked';
  return 'other';
}

/**
 * What the keychain was wanted for: a read command said "no keychain to keep the key in" when it
 * only wanted to read it (newcomer pass 12).
 */
export type KeychainUse = 'keep' | 'read' | 'remove';

const FOR: Record<KeychainUse, string> = {
  keep: 'to keep the key in',
  read: 'to read the key from',
  remove: 'to remove the key from',
};

function wording(
  reason: KeychainFailure,
  detail: string,
  use: KeychainUse,
): { message: string; hint: string } {
  switch (reason) {
    case 'absent':
      return {
        message: `no Secret Service is running, so there is no system keychain ${FOR[use]}`,
        hint: `start one (gnome-keyring or KeePassXC in your desktop session), ${OTHER_WAYS}`,
      };
    case 'locked':
      return {
        message: 'the system keychain is locked (or has no default keyring yet)',
        hint: `unlock it (log in to the desktop session, or \`gnome-keyring-daemon --unlock\`), ${OTHER_WAYS}`,
      };
    case 'timeout':
      return {
        message: `the system keychain did not answer: ${detail}`,
        hint: `unlock it if it is waiting for its password, ${OTHER_WAYS}`,
      };
    default:
      return { message: `the system keychain is not available: ${detail}`, hint: KEYCHAIN_REMEDY };
  }
}

/** The keychain could not be used; the message says why in plain words, the hint the remedies. */
export class KeychainUnavailableError extends CliError {
  readonly reason: KeychainFailure;
  /** The error's own words, kept to word it again for another use. */
  readonly detail: string;
  constructor(
    detail: string,
    reason: KeychainFailure = classifyKeychainError(detail),
    use: KeychainUse = 'keep',
  ) {
    const { message, hint } = wording(reason, detail, use);
    // Nowhere to keep a key (auth login) is this machine's setup, exit 3; nowhere to read one
    // from is no key at all, exit 4.
    super(use === 'keep' ? 'config' : 'auth', message, { hint });
    this.reason = reason;
    this.detail = detail;
  }
}
