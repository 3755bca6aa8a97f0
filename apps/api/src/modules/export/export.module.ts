import { Module } from '@nestjs/common';
import { ExportController } from './export.controller.js';
import { ExportService } from './export.service.js';

/** Research exports (Arrow, Parquet, CSV) of record-level tables and metric views, with provenance. */
@Module({ controllers: [ExportController], providers: [ExportService], exports: [ExportService] })
export class ExportModule {}
