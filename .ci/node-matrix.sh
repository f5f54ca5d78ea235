# Sourced by .ci/run after `npm test` (which ran jest on the machine's Node): re-runs jest on Node 22 and 24.
# Binaries come from the devDependencies `node` (node@22) and `node24` (npm:node@24), so a machine with
# only Node 20 still tests the versions users run. Each run puts its binary first on PATH, so children the
# tests spawn by name (`node`) run on the same version as jest. `build/` and `dist/` from `npm test` are reused.
ci_jest_on() { # ci_jest_on MAJOR BINARY [JEST ARGS...]
  local want=$1 bin=$2 got
  shift 2
  if [ ! -x "$bin" ]; then
    echo "ci: FAIL: no Node $want binary at $bin (npm ci should have installed it)" >&2
    return 1
  fi
  got=$("$bin" -p 'process.versions.node')
  if [ "${got%%.*}" != "$want" ]; then
    echo "ci: FAIL: $bin is Node $got, expected Node $want" >&2
    return 1
  fi
  echo "ci: jest on Node $got" >&2
  PATH="$(dirname "$bin"):$PATH" "$bin" node_modules/jest/bin/jest.js --ci "$@"
}
[ -n "${CI_NODE_MATRIX_DEFINE_ONLY:-}" ] && return 0
ci_jest_on 22 "$PWD/node_modules/node/bin/node"
ci_jest_on 24 "$PWD/node_modules/node24/bin/node"
