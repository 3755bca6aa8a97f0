import { type DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/config.js';
import type { DatabaseHandle } from './database/database.js';
import { CoreModule } from './core/core.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { AnalyticsModule } from './modules/analytics/analytics.module.js';
import { PostingsModule } from './modules/postings/postings.module.js';
import { RecognitionModule } from './modules/recognition/recognition.module.js';
import { SkillGapModule } from './modules/skill-gap/skill-gap.module.js';
import { ProgramDemandModule } from './modules/program-demand/program-demand.module.js';
import { ProgramSkillsModule } from './modules/program-skills/program-skills.module.js';
import { ConcentrationModule } from './modules/concentration/concentration.module.js';
import { ExportModule } from './modules/export/export.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { FindingsModule } from './modules/findings/findings.module.js';

import { OutcomesModule } from './modules/outcomes/outcomes.module.js';
import { EquityModule } from './modules/equity/equity.module.js';
import { PathwaysModule } from './modules/pathways/pathways.module.js';
import { SaturationModule } from './modules/saturation/saturation.module.js';
import { IngestModule } from './modules/ingest/ingest.module.js';
import { TaxonomyModule } from './modules/taxonomy/taxonomy.module.js';
import { RegionsModule } from './modules/regions/regions.module.js';
import { PublicDataModule } from './modules/public-data/public-data.module.js';
import { CredentialDiscoveryModule } from './modules/credential-discovery/discovery.module.js';
import { SchedulesModule } from './modules/schedules/schedules.module.js';
import { SavedViewsModule } from './modules/saved-views/saved-views.module.js';
import { PeersModule } from './modules/peers/peers.module.js';

// Feature modules register here (one line each).
const FEATURE_MODULES = [HealthModule, AnalyticsModule, PostingsModule, RecognitionModule, SkillGapModule, ProgramDemandModule, ProgramSkillsModule, ConcentrationModule, ExportModule, ReportsModule, FindingsModule, OutcomesModule, EquityModule, PathwaysModule, SaturationModule, IngestModule, TaxonomyModule, RegionsModule, PublicDataModule, CredentialDiscoveryModule, SavedViewsModule, PeersModule, SchedulesModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, handle: DatabaseHandle, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, handle),
        // The DataSource is opened (and migrated) before Nest starts, and shared: on the embedded
        // database there is exactly one connection to share.
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...handle.options, autoLoadEntities: true }),
          dataSourceFactory: async () => dataSource,
        }),
        // Rate limit per client address; 429 with Retry-After (guard registered in AuthModule, before auth).
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimit }] }),
        AuthModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
