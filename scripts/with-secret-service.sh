#!/usr/bin/env bash
# Run a command inside a private D-Bus session with a throw-away, unlocked gnome-keyring, so the
# keychain tests talk to a real Secret Service without touching the user's own keyring.
#   scripts/with-secret-service.sh npm test
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-secret-service: dbus-run-session and gnome-keyring-daemon are needed (apt-get install dbus gnome-keyring libsecret-tools)" >&2
  exit 3
fi
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
mkdir -m 700 "$D/run" "$D/data"
export XDG_RUNTIME_DIR="$D/run" XDG_DATA_HOME="$D/data"
unset DBUS_SESSION_BUS_ADDRESS
export FIBONACCI_TEST_SECRET_SERVICE=1
# The daemons' stderr is filtered below (a harmless dbus-daemon complaint); the command's is not: it
# gets the caller's own stderr back as fd 3, so a terminal stays a terminal (the CLI prints its
# success lines only when stderr is one) and nothing the command says passes through a pipe.
exec 3>&2
# Not exec'd: the EXIT trap above must outlive the session to remove the keyring it made.
rc=0
dbus-run-session -- bash -c '
  set -euo pipefail
  printf %s test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 3>&-
  # The daemon forks before it owns its bus name: wait for it, or the first client starts a second one.
  for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      break
    fi
    sleep 0.05
  done
  exec "$@" 2>&3 3>&-
' with-secret-service "$@" 2> >(grep -v "Failed to set fd limit" >&2) || rc=$?
exit "$rc"
