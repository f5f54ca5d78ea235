import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { undecoratedFields, undecoratedSourceFields } from '../../../src/validation/dto-source-fields';

// Issue 17 item 5: the fields TypeScript erases (no decorator, no initialiser, useDefineForClassFields: false).

const SOURCE = `import { IsString } from 'class-validator';

export class Input {
  @IsString() inline!: string;

  @Description(
    'multi-line decorator',
  )
  @IsOptional()
  multi?: string;

  /** documented but undecorated */
  forgotten!: string;
  readonly alsoForgotten?: number;
  static shared: string;
  withDefault = 'x';

  method(a: string): string {
    const local: string = a;
    return local;
  }
}

class Other {
  notThisOne!: string;
}
`;

describe('undecoratedFields', () => {
  it('finds declared fields without a decorator, and only those, in the named class', () => {
    expect(undecoratedFields(SOURCE, 'Input')).toEqual(['forgotten', 'alsoForgotten']);
    expect(undecoratedFields(SOURCE, 'Other')).toEqual(['notThisOne']);
    expect(undecoratedFields(SOURCE, 'Missing')).toEqual([]);
  });
});

// Start-up indexes the exports of loaded modules once (issue 14): modules loaded, replaced or still loading after
// the index was built must still be found, as the former scan of require.cache per DTO found them.
describe('undecoratedSourceFields through loaded modules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dto-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A built module exporting class `name`, with a source map whose source has the undecorated `field`. */
  function writeModule(file: string, name: string, field: string, body = ''): string {
    const path = join(dir, file);
    writeFileSync(path, `class ${name} {}\nexports.${name} = ${name};\n${body}`);
    const source = `export class ${name} {\n  ${field}!: string;\n}\n`;
    writeFileSync(`${path}.map`, JSON.stringify({ version: 3, sources: [], sourcesContent: [source] }));
    return path;
  }

  it('finds DTOs of modules loaded after the first lookup, replaced exports and a module still loading', async () => {
    const first = require(writeModule('first.js', 'FirstDto', 'forgottenFirst'));
    expect(undecoratedSourceFields(first.FirstDto)).toEqual(['forgottenFirst']);

    const later = require(writeModule('later.js', 'LaterDto', 'forgottenLater'));
    expect(undecoratedSourceFields(later.LaterDto)).toEqual(['forgottenLater']);
    expect(undecoratedSourceFields(first.FirstDto)).toEqual(['forgottenFirst']);

    // A DTO no module exports: nothing to read.
    class Unexported {}
    expect(undecoratedSourceFields(Unexported)).toEqual([]);
    // ...until a loaded module's exports object is replaced by one that exports it.
    const replaced = writeModule('replaced.js', 'Unexported', 'forgottenReplaced');
    require(replaced);
    require.cache[replaced]!.exports = { Unexported };
    // Seen from the next turn on (within one synchronous stretch only the number of modules is compared).
    await new Promise((resolve) => setImmediate(resolve));
    expect(undecoratedSourceFields(Unexported)).toEqual(['forgottenReplaced']);

    // A module that builds its server while it is still loading: a first lookup (another DTO) happens before
    // its own export is assigned, so its exports must be read again, not taken from the index.
    const lookup = `require(${JSON.stringify(require.resolve('../../../src/validation/dto-source-fields'))}).undecoratedSourceFields`;
    const loading = join(dir, 'loading.js');
    writeFileSync(
      loading,
      `class LoadingDto {}\n${lookup}(class Other {});\nexports.LoadingDto = LoadingDto;\n` +
        `globalThis.__dtoSourceSeen = ${lookup}(LoadingDto);\n`,
    );
    writeFileSync(
      `${loading}.map`,
      JSON.stringify({
        version: 3,
        sources: [],
        sourcesContent: ['export class LoadingDto {\n  forgottenLoading!: string;\n}\n'],
      }),
    );
    require(loading);
    expect((globalThis as { __dtoSourceSeen?: string[] }).__dtoSourceSeen).toEqual(['forgottenLoading']);
  });
});
