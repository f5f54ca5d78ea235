# Sourced by .ci/run: installs what the test suite needs beyond npm packages (one apt-get update for all).
# Each block is best-effort; the tests that need a missing service say so visibly and skip.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  need=""
  command -v redis-server >/dev/null 2>&1 || need="$need redis-server"
  command -v dbus-run-session >/dev/null 2>&1 || need="$need dbus dbus-x11"
  command -v gnome-keyring-daemon >/dev/null 2>&1 || need="$need gnome-keyring"
  command -v secret-tool >/dev/null 2>&1 || need="$need libsecret-tools"
  if [ -n "$need" ]; then
    echo "ci: apt-get install$need" >&2
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null; } ||
      echo "ci: WARNING: could not install$need; the tests that need them will be skipped" >&2
  fi
fi
. .ci/redis.sh
. .ci/keyring.sh
