import { getMetadataStorage } from 'class-validator';
import { StartupError } from '../errors';
import { readFieldDescriptions, readSensitiveFields } from '../metadata/read-tool-definition';
import type { Class } from '../metadata/types';
import { undecoratedSourceFields } from './dto-source-fields';

/**
 * Fails start-up when a DTO has a property that no class-validator rule covers: `whitelist` would strip it
 * silently and the tool would never see it. Properties are found through initialisers and our own field
 * decorators (TypeScript emits nothing for an undecorated `field!: string`).
 */
export function assertDtoFullyValidated(dto: Class, owner: string): void {
  const validated = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  );
  const candidates = new Set<string>([
    ...readSensitiveFields(dto),
    ...Object.keys(readFieldDescriptions(dto)),
    // TypeScript emits nothing for an undecorated field without initialiser: read the source when it is there.
    ...undecoratedSourceFields(dto),
  ]);
  try {
    for (const key of Object.keys(new dto())) candidates.add(key);
  } catch {
    // A DTO whose constructor needs arguments: only decorated fields can be checked.
  }
  const missing = [...candidates].filter((p) => !validated.has(p));
  if (missing.length > 0) {
    throw new StartupError(
      `${owner}: DTO ${dto.name} property ${missing.map((m) => `"${m}"`).join(', ')} has no class-validator ` +
        'decorator, so it would be silently stripped; add a rule such as @IsString() or @IsOptional()',
    );
  }
}
