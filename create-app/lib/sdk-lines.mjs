// @ts-check
/**
 * The two MCP TypeScript SDK lines a generated project can run on, and which packages each one puts in the
 * project's package.json. A project lists one line only: secure-mcp runs on whichever is installed, and the
 * line is pinned by `sdk: '<line>'` in `src/server.ts` so a second SDK arriving later never switches it.
 *
 * The ranges follow the ones secure-mcp itself is tested with (test/unit/create-app/sdk-lines.test.ts checks
 * them against its package.json).
 */

/** @typedef {'1' | '2'} SdkLine */

/**
 * @type {Record<SdkLine, {
 *   name: string,
 *   hint: string,
 *   dependencies: Record<string, string>,
 *   devDependencies: Record<string, string>,
 * }>}
 */
export const SDK_LINES = {
  2: {
    name: '2.x',
    hint: 'the newer, split packages: @modelcontextprotocol/server',
    dependencies: { '@modelcontextprotocol/server': '^2.4.0' },
    // The tests' in-memory client (secure-mcp/testing) is the SDK's own Client; the server does not need it.
    // No @modelcontextprotocol/node: every template serves stdio, which the server package covers.
    devDependencies: { '@modelcontextprotocol/client': '^2.4.0' },
  },
  1: {
    name: '1.x',
    hint: '@modelcontextprotocol/sdk, server and client in one package',
    dependencies: { '@modelcontextprotocol/sdk': '^1.32.2' },
    devDependencies: {},
  },
};

/** The newer line: new projects start on it. */
export const DEFAULT_SDK_LINE = '2';

/** Newest first, as the prompt lists them (object keys such as '1' and '2' always iterate in numeric order). */
export const SDK_LINE_ORDER = /** @type {SdkLine[]} */ (['2', '1']);

/** Every package of every line: the ones a project must not list besides its own line's. */
export const ALL_SDK_PACKAGES = [
  ...new Set(
    Object.values(SDK_LINES).flatMap((l) => [
      ...Object.keys(l.dependencies),
      ...Object.keys(l.devDependencies),
    ]),
  ),
];

/**
 * The project's package.json with exactly `line`'s SDK packages: any other line's entry the template may
 * carry is removed, and each dependency list stays sorted (as npm writes it).
 * @param {Record<string, any>} pkg
 * @param {SdkLine} line
 */
export function withSdkLine(pkg, line) {
  const spec = SDK_LINES[line];
  const out = { ...pkg };
  for (const field of /** @type {const} */ (['dependencies', 'devDependencies'])) {
    const deps = Object.fromEntries(
      Object.entries(pkg[field] ?? {}).filter(([name]) => !ALL_SDK_PACKAGES.includes(name)),
    );
    Object.assign(deps, spec[field]);
    out[field] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return out;
}

/**
 * Placeholder values for the templates: `__SDK_LINE__` (in `src/server.ts`) and the README's
 * "MCP SDK line" section.
 * @param {SdkLine} line
 */
export function sdkValues(line) {
  const other = line === '2' ? '1' : '2';
  const packages = (/** @type {SdkLine} */ l) => [
    ...Object.keys(SDK_LINES[l].dependencies),
    ...Object.keys(SDK_LINES[l].devDependencies),
  ];
  const install = (/** @type {SdkLine} */ l) => {
    const { dependencies, devDependencies } = SDK_LINES[l];
    const spec = (/** @type {Record<string, string>} */ d) =>
      Object.entries(d).map(([name, range]) => `${name}@${range}`);
    return [
      `npm install ${spec(dependencies).join(' ')}`,
      ...(Object.keys(devDependencies).length ? [`npm install -D ${spec(devDependencies).join(' ')}`] : []),
    ];
  };
  const code = (/** @type {string[]} */ names) => names.map((n) => `\`${n}\``).join(' and ');
  return {
    SDK_LINE: line,
    SDK_LINE_NAME: SDK_LINES[line].name,
    SDK_PACKAGES: code(packages(line)),
    SDK_OTHER_LINE: other,
    SDK_OTHER_LINE_NAME: SDK_LINES[other].name,
    SDK_SWITCH: [`npm uninstall ${packages(line).join(' ')}`, ...install(other)].join('\n'),
  };
}
