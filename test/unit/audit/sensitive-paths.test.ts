import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { Sensitive } from '../../../src/decorators/sensitive';
import { sensitivePaths } from '../../../src/security/redaction';

class Card {
  @Sensitive() @IsString() number!: string;
  @IsString() holder!: string;
}
class Item {
  @Sensitive() @IsString() token!: string;
  @ValidateNested() @Type(() => Card) card!: Card;
}
class Base {
  @Sensitive() @IsString() password!: string;
}
class Input extends Base {
  @IsString() query!: string;
  @IsOptional() @ValidateNested() @Type(() => Card) billing?: Card;
  @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
}
class Tree {
  @Sensitive() @IsString() secret!: string;
  @IsOptional() @ValidateNested() @Type(() => Tree) child?: Tree;
}

describe('sensitivePaths', () => {
  it('lists top-level, inherited and nested @Sensitive fields as paths', () => {
    expect([...sensitivePaths(Input)].sort()).toEqual(
      ['billing.number', 'items.card.number', 'items.token', 'password'].sort(),
    );
  });

  it('stops at recursive DTOs', () => {
    expect(sensitivePaths(Tree)).toEqual(['secret']);
  });

  it('is empty for a DTO without sensitive fields', () => {
    expect(sensitivePaths(Card).length).toBe(1);
    class Plain {
      @IsString() q!: string;
    }
    expect(sensitivePaths(Plain)).toEqual([]);
  });
});
