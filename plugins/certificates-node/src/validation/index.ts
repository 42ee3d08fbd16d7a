export { createManifestValidator, dropNulls } from './manifestValidator';
export type {
  ManifestValidator,
  ManifestValidatorOptions,
  ManifestValidationResult,
} from './manifestValidator';
export { SCHEMA_SOURCES } from './schemaRegistry';
