# Sourced by .ci/run: what the real OS-keychain tests (test/integration/keychain) need on Debian/Ubuntu:
# a D-Bus session (dbus-run-session), gnome-keyring as the Secret Service, secret-tool to cross-check.
# Best-effort: when this fails the tests skip with a visible warning instead of passing silently.
if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1; then
  if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1 ||
    ! command -v secret-tool >/dev/null 2>&1; then
    echo "keyring.sh: installing gnome-keyring dbus dbus-x11 libsecret-tools" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      gnome-keyring dbus dbus-x11 libsecret-tools >/dev/null; } ||
      echo "keyring.sh: install failed; the real keychain tests will be skipped" >&2
  fi
fi
