// Catalogue: the three-level dispatch catalogue (派单目录): validation, storage per city, the tree for
// every role, the flat list of leaves with their path names, and intake checks of a leaf's extra fields.
// Tables: categories. Emits and consumes no events.
export {
  DEADLINE_TIERS,
  DEPARTMENT_TYPES,
  FIELD_TYPES,
  UTILITY_TYPES,
  flattenLeaves,
  validateCatalogue,
  validateFieldValues,
} from './catalogue.rules.ts';
export type {
  Catalogue,
  CatalogueError,
  CatalogueFirstLevel,
  CatalogueLeaf,
  CatalogueNode,
  CatalogueSecondLevel,
  CatalogueValidation,
  DeadlineTier,
  DepartmentType,
  ExtraField,
  ExtraFieldType,
  FieldOption,
  FieldValueError,
  FieldValueErrorCode,
  FlatLeaf,
  HandlerSpec,
  UtilityType,
} from './catalogue.rules.ts';
export { DEMO_CATALOGUE_URL, loadCatalogueFile } from './catalogue.data.ts';
export { installCatalogue, getCatalogue } from './catalogue.service.ts';
