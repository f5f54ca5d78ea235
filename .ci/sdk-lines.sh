# Sourced by .ci/run after `npm test`. Both MCP SDK lines are installed here, so every run above used the
# default, the newer line (2.x, @modelcontextprotocol/server). This re-runs the suites that drive a real
# server (in memory, stdio, HTTP, conformance, client features, hardening) on the 1.x line.
echo "ci: integration suites on MCP SDK line 1 (SECURE_MCP_SDK_LINE=1)" >&2
SECURE_MCP_SDK_LINE=1 "$(command -v node)" node_modules/jest/bin/jest.js --ci \
  test/integration/foundation.test.ts test/integration/security.test.ts test/integration/stdio.test.ts \
  test/integration/http test/integration/conformance.test.ts test/integration/client-features \
  test/integration/hardening test/integration/sdk-lines test/integration/surface test/integration/examples.test.ts
# Every template generated with `--sdk 1` (npm test above ran them all on 2.x, and minimal on 1.x).
echo "ci: templates generated on MCP SDK line 1 (SECURE_MCP_E2E_SDK_LINES=1)" >&2
SECURE_MCP_E2E_SDK_LINES=1 "$(command -v node)" node_modules/jest/bin/jest.js --ci --runInBand \
  test/e2e/scaffold/templates.test.ts
