# Sourced by .ci/run. Makes `redis-server` available for the rate-limit tests, which start their own
# throw-away instance on a free localhost port (test/support/redis.ts); nothing is started here.
# Best-effort: if the install fails, the Redis tests print "redis-server not found: Redis tests SKIPPED".
if ! command -v redis-server >/dev/null 2>&1; then
  echo "ci: installing redis-server (apt-get)" >&2
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null &&
      apt-get install -y -qq --no-install-recommends redis-server >/dev/null ||
      echo "ci: WARNING: could not install redis-server; Redis tests will be skipped" >&2
  else
    echo "ci: WARNING: redis-server missing and apt-get unavailable (or not root); Redis tests will be skipped" >&2
  fi
fi
if command -v redis-server >/dev/null 2>&1; then
  echo "ci: $(redis-server --version | cut -d' ' -f1-3)" >&2
fi
