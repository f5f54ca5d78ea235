'use strict';
// Checks (or with --update, rewrites) the API reports in api/ for each entry point of the package, from the
// built .d.ts files in dist/. A public surface that differs from its checked-in report fails the check, so
// changes to the API are deliberate. Run after `npm run build`.
const { join } = require('node:path');
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const root = join(__dirname, '..');
const entries = [
  { report: 'secure-mcp', dts: 'dist/index.d.ts' },
  { report: 'governance', dts: 'dist/governance/index.d.ts' },
  { report: 'testing', dts: 'dist/testing/index.d.ts' },
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
process.exitCode = failed ? 1 : 0;
