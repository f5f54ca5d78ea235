import { undecoratedFields } from '../../../src/validation/dto-source-fields';

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
