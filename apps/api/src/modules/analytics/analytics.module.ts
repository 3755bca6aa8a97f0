import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EnvelopeService } from './envelope.service.js';
import { FilterService } from './filters/filter.service.js';
import { ResponseCacheInterceptor } from './response-cache.interceptor.js';

/**
 * The shared layer of every metric endpoint: FilterService (parse + validate the common filters),
 * EnvelopeService (the MetricResponse envelope). Global: feature modules inject
 * these without importing this module. ResponseCacheInterceptor caches metric answers by data version.
 */
@Global()
@Module({
  providers: [FilterService, EnvelopeService, { provide: APP_INTERCEPTOR, useClass: ResponseCacheInterceptor }],
  exports: [FilterService, EnvelopeService],
})
export class AnalyticsModule {}
