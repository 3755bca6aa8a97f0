import { Global, Module } from '@nestjs/common';
import { EnvelopeService } from './envelope.service.js';
import { FilterService } from './filters/filter.service.js';
import { RollupService } from './rollups/rollups.service.js';

/**
 * The shared layer of every metric endpoint: FilterService (parse + validate the common filters),
 * EnvelopeService (the MetricResponse envelope) and RollupService. Global: feature modules inject
 * these without importing this module.
 */
@Global()
@Module({ providers: [FilterService, EnvelopeService, RollupService], exports: [FilterService, EnvelopeService, RollupService] })
export class AnalyticsModule {}
