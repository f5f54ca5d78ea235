import { createHash } from 'node:crypto';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Audit, Description, RateLimit, ReadOnly, Sensitive, Tool } from 'secure-mcp';

export const HASH_ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** Calls per minute for one caller; the tests use it to provoke a denial. */
export const HASH_TEXT_LIMIT = 30;

export class HashTextInput {
  // The text may be confidential (a token to fingerprint, a document): @Sensitive keeps it out of the
  // audit log, which records only that it was given.
  @Sensitive()
  @Description('Text to hash (UTF-8), at most 100 000 characters')
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  text!: string;

  @Description('Hash algorithm; default sha256')
  @IsOptional()
  @IsIn(HASH_ALGORITHMS)
  algorithm?: HashAlgorithm;
}

@Tool({
  name: 'hash_text',
  description: 'Compute the SHA-2 digest (hex) of a text, e.g. to compare documents without sharing them',
  input: HashTextInput,
})
@ReadOnly()
@RateLimit({ limit: HASH_TEXT_LIMIT, window: '1m' })
@Audit()
export class HashTextTool {
  execute(input: HashTextInput) {
    const algorithm = input.algorithm ?? 'sha256';
    return { algorithm, digest: createHash(algorithm).update(input.text, 'utf8').digest('hex') };
  }
}
