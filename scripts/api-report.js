'use strict';
// Checks (or with --update, rewrites) the API reports in api/ for each entry point of the package, from the
// built .d.ts files in dist/. A public surface that differs from its checked-in report fails the check, so
// changes to the API are deliberate. Run after `npm run build`.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const root = join(__dirname, '..');
const entries = [
  { report: 'secure-mcp', dts: 'dist/index.d.ts', readme: 'secure-mcp' },
  { report: 'governance', dts: 'dist/governance/index.d.ts', readme: 'secure-mcp/governance' },
  { report: 'testing', dts: 'dist/testing/index.d.ts', readme: 'secure-mcp/testing' },
  { report: 'integration', dts: 'dist/integration/index.d.ts', readme: 'secure-mcp/integration' },
];
const update = process.argv.includes('--update');

let failed = false;
for (const entry of entries) {
  const configFile = join(root, 'api-extractor.json');
  const base = ExtractorConfig.loadFile(configFile);
  base.mainEntryPointFilePath = join(root, entry.dts);
  base.apiReport.reportFileName = entry.report;
  const config = ExtractorConfig.prepare({
    configObject: base,
    configObjectFullPath: configFile,
    packageJsonFullPath: join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  if (!result.succeeded) {
    failed = true;
    const why = result.apiReportChanged
      ? `the public API of ${entry.dts} differs from api/${entry.report}.api.md; review it and run \`npm run api:update\``
      : `${result.errorCount} error(s), ${result.warningCount} warning(s)`;
    console.error(`api-report: ${why}`);
  }
}
// Third-party types in public signatures tie users to those packages' versions; only these may appear (the
// `import` lines of a report). @opentelemetry/api is the vendor-neutral API every OpenTelemetry SDK implements.
// No MCP SDK: both lines are optional peer dependencies, so a declaration naming one would not compile in a
// project that installed the other.
const allowedImports = [/^node:/, /^@opentelemetry\/api$/];
for (const entry of entries) {
  const report = readFileSync(join(root, 'api', `${entry.report}.api.md`), 'utf8');
  for (const [, from] of report.matchAll(/^import .* from '([^']+)';$/gm)) {
    if (allowedImports.some((allowed) => allowed.test(from))) continue;
    failed = true;
    console.error(
      `api-report: api/${entry.report}.api.md uses a type of '${from}' in a public signature; ` +
        "take the project's own type (or plain options) and adapt to the library inside",
    );
  }
}
// The README's API section lists, per entry point, exactly the names of its report.
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const apiSection = readme.split(/^## API$/m)[1]?.split(/^## /m)[0] ?? '';
for (const entry of entries) {
  const report = readFileSync(join(root, 'api', `${entry.report}.api.md`), 'utf8');
  const exported = new Set(
    [
      ...report.matchAll(
        /^export (?:declare )?(?:abstract )?(?:function|interface|type|class|const|let|enum|namespace) (\w+)/gm,
      ),
    ].map((m) => m[1]),
  );
  const part = apiSection.split(/^### /m).find((p) => p.startsWith(`\`${entry.readme}\``)) ?? '';
  const listed = new Set(
    part
      .split('\n')
      .filter((line) => line.startsWith('- '))
      .flatMap((line) => [...line.matchAll(/`(\w+)`/g)].map((m) => m[1])),
  );
  const missing = [...exported].filter((n) => !listed.has(n));
  const extra = [...listed].filter((n) => !exported.has(n));
  if (missing.length || extra.length) {
    failed = true;
    console.error(
      `api-report: README "## API" › \`${entry.readme}\` does not match api/${entry.report}.api.md` +
        (missing.length ? `; not listed: ${missing.join(', ')}` : '') +
        (extra.length ? `; not exported: ${extra.join(', ')}` : ''),
    );
  }
}
process.exitCode = failed ? 1 : 0;
