import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StartupError } from '../../errors';

/** The MCP SDK lines secure-mcp knows: `1` is `@modelcontextprotocol/sdk`, `2` the split `@modelcontextprotocol/server` packages. */
export type SdkLineId = '1' | '2';

/** One line as found in the user's project. */
export interface InstalledLine {
  line: SdkLineId;
  /** The package that identifies the line. */
  package: string;
  version: string;
}

interface LineSpec {
  package: string;
  /** A module of the package that resolves from CommonJS (1.x has no `.` entry point). */
  entry: string;
  /** Lowest supported version (same major), as [major, minor, patch]. */
  minimum: [number, number, number];
}

// The versions this build was tested with; a lower minor of the same major lacks APIs we call.
const LINES: Record<SdkLineId, LineSpec> = {
  '1': {
    package: '@modelcontextprotocol/sdk',
    entry: '@modelcontextprotocol/sdk/server/index.js',
    minimum: [1, 32, 0],
  },
  '2': { package: '@modelcontextprotocol/server', entry: '@modelcontextprotocol/server', minimum: [2, 4, 0] },
};
const NEWEST_FIRST: SdkLineId[] = ['2', '1'];

const supportedText = (id: SdkLineId) =>
  `${LINES[id].package} >=${LINES[id].minimum.join('.')} <${LINES[id].minimum[0] + 1}`;

/**
 * Finds which SDK lines are installed where `from` resolves packages (the framework's own location by
 * default, which is how a user's `node_modules` is searched). Reads each package's own package.json, found
 * by walking up from its resolved entry point, since the 2.x packages do not export `./package.json`.
 */
export function installedLines(from: string = __dirname): InstalledLine[] {
  const found: InstalledLine[] = [];
  for (const line of NEWEST_FIRST) {
    const version = installedVersion(LINES[line], from);
    if (version) found.push({ line, package: LINES[line].package, version });
  }
  return found;
}

/**
 * Picks the SDK line to run on: the one installed, or when both are, `requested` (default: the newer).
 * Throws a {@link StartupError} naming both packages when neither is installed, when the requested line is
 * not installed, or when the installed version is outside the supported range.
 */
export function selectLine(installed: InstalledLine[], requested?: SdkLineId): InstalledLine {
  if (requested !== undefined && !(requested in LINES)) {
    throw new StartupError(`sdk: '${String(requested)}' is not an MCP SDK line; use '1' or '2'`);
  }
  if (installed.length === 0) {
    throw new StartupError(
      `No MCP SDK found. Install one: npm install ${LINES['2'].package} (the 2.x line) or npm install ` +
        `${LINES['1'].package} (the 1.x line). secure-mcp supports ${supportedText('2')} and ${supportedText('1')}.`,
    );
  }
  const chosen = requested
    ? installed.find((i) => i.line === requested)
    : NEWEST_FIRST.map((line) => installed.find((i) => i.line === line)).find(Boolean);
  if (!chosen) {
    const present = installed.map((i) => `${i.package}@${i.version}`).join(', ');
    throw new StartupError(
      `createServer({ sdk: '${requested}' }) asks for ${LINES[requested!].package}, which is not installed ` +
        `(found ${present}). Install it, or drop the sdk option.`,
    );
  }
  if (!supports(chosen)) {
    throw new StartupError(
      `${chosen.package}@${chosen.version} is not supported. secure-mcp supports ${supportedText('2')} and ` +
        `${supportedText('1')}; install one of those.`,
    );
  }
  return chosen;
}

function supports({ line, version }: InstalledLine): boolean {
  const [major, minor, patch] = version.split(/[.+-]/).map(Number) as [number, number, number];
  const min = LINES[line].minimum;
  if (major !== min[0]) return false;
  return minor > min[1] || (minor === min[1] && patch >= min[2]);
}

function installedVersion({ package: name, entry: module }: LineSpec, from: string): string | undefined {
  let entry: string;
  try {
    entry = require.resolve(module, { paths: [from] });
  } catch {
    return undefined;
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === name) return pkg.version;
    } catch {
      // No package.json at this level (a dist/ folder): keep walking up.
    }
  }
  return undefined;
}
