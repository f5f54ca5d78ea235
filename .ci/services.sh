# Sourced by .ci/run: installs and starts what the test suite needs beyond npm packages.
# Each block is best-effort; the tests that need a service say so visibly when it is missing.
:
