// The analytics shared layer, for the metric feature modules.
export { AnalyticsModule } from './analytics.module.js';
export { EnvelopeService, type ResponseParts } from './envelope.service.js';
export { FilterService, addMonths } from './filters/filter.service.js';
export { echoFilters, type ExtraParam, type FilterSpec, type ParsedFilters, type RegionFilter } from './filters/parsed-filters.js';
export { parseFilterSyntax } from './filters/parse-filters.js';
export { SqlParams, groupExpr, limitRows, supports, where, whereFilters, type ColumnMap } from './filters/sql-builder.js';
export { refreshRollups, RollupService } from './rollups/rollups.service.js';
