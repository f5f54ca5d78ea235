import 'reflect-metadata';
import { IsArray, IsEmail, IsIn, IsNumber, IsOptional, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { elicitationForm } from '../../../src/validation/elicitation-schema';

class Contact {
  @IsEmail() email!: string;
  @IsOptional() @IsNumber() score?: number = 1.5;
}

class WithArray {
  @IsArray() @IsString({ each: true }) tags!: string[];
}

describe('elicitationForm', () => {
  it('keeps formats and defaults, drops null from optional types', () => {
    expect(elicitationForm(Contact).requestedSchema).toEqual({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        score: { type: 'number', default: 1.5 },
      },
      required: ['email'],
    });
  });

  it('is computed once per class', () => {
    expect(elicitationForm(Contact)).toBe(elicitationForm(Contact));
  });

  it('refuses arrays, naming the class and field', () => {
    expect(() => elicitationForm(WithArray)).toThrow(/WithArray\.tags cannot be asked through elicitation/);
  });

  it('validates answers with the DTO rules and returns an instance', async () => {
    const form = elicitationForm(Contact);
    await expect(form.parse({ email: 'a@example.com' })).resolves.toBeInstanceOf(Contact);
    await expect(form.parse({ email: 'nope' })).rejects.toThrow(/email/);
    await expect(form.parse({ email: 'a@example.com', extra: 1 })).rejects.toThrow(/not valid/);
  });
});

// class-validator-jsonschema types its argument as OpenAPI 3.0 (no `const`, no `enumNames`): widen it here.
const Schema = (schema: object) => JSONSchema(schema as never);

class Enums {
  @IsIn(['option1', 'option2', 'option3']) untitledSingle!: string;
  @Schema({
    oneOf: [
      { const: 'value1', title: 'First Option' },
      { const: 'value2', title: 'Second Option' },
    ],
  })
  @IsIn(['value1', 'value2'])
  titledSingle!: string;
  @Schema({ enumNames: ['Option One', 'Option Two'] }) @IsIn(['opt1', 'opt2']) legacyEnum!: string;
  @IsArray() @IsIn(['option1', 'option2', 'option3'], { each: true }) untitledMulti: string[] = ['option1'];
  @Schema({
    items: {
      anyOf: [
        { const: 'value1', title: 'First Choice' },
        { const: 'value2', title: 'Second Choice' },
      ],
    },
  })
  @IsArray()
  @IsIn(['value1', 'value2'], { each: true })
  titledMulti!: string[];
}

describe('elicitationForm: the enum forms of the 2025-11-25 spec (SEP-1330)', () => {
  it('keeps untitled, titled, legacy and multi-select enums', () => {
    const { properties } = elicitationForm(Enums).requestedSchema;
    expect(properties.untitledSingle).toEqual({ type: 'string', enum: ['option1', 'option2', 'option3'] });
    expect(properties.titledSingle).toMatchObject({
      type: 'string',
      oneOf: [
        { const: 'value1', title: 'First Option' },
        { const: 'value2', title: 'Second Option' },
      ],
    });
    expect(properties.legacyEnum).toEqual({
      type: 'string',
      enum: ['opt1', 'opt2'],
      enumNames: ['Option One', 'Option Two'],
    });
    expect(properties.untitledMulti).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
      default: ['option1'],
    });
    expect(properties.titledMulti).toEqual({
      type: 'array',
      items: {
        anyOf: [
          { const: 'value1', title: 'First Choice' },
          { const: 'value2', title: 'Second Choice' },
        ],
      },
    });
  });

  it('validates multi-select answers by the DTO rules', async () => {
    const form = elicitationForm(Enums);
    const answer = {
      untitledSingle: 'option1',
      titledSingle: 'value1',
      legacyEnum: 'opt1',
      untitledMulti: ['option1', 'option2'],
      titledMulti: ['value1', 'value2'],
    };
    await expect(form.parse(answer)).resolves.toBeInstanceOf(Enums);
    await expect(form.parse({ ...answer, untitledMulti: ['nope'] })).rejects.toThrow(/untitledMulti/);
  });
});
