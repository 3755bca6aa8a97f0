import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import type { DatabaseHandle } from '../database/database.js';
import { APP_CONFIG, DATABASE_HANDLE } from './tokens.js';
import { MetaService } from './meta.service.js';

/** Config and database handle, available to every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, handle: DatabaseHandle): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: DATABASE_HANDLE, useValue: handle }, MetaService],
      exports: [APP_CONFIG, DATABASE_HANDLE, MetaService],
    };
  }
}
