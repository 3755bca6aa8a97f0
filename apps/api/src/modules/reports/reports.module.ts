import { Module } from '@nestjs/common';
import { OutcomesModule } from '../outcomes/outcomes.module.js';
import { PostingsModule } from '../postings/postings.module.js';
import { ProgramDemandModule } from '../program-demand/program-demand.module.js';
import { RecognitionModule } from '../recognition/recognition.module.js';
import { FindingsModule } from '../findings/findings.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportAreasRepository } from './report-areas.repository.js';
import { ReportsService } from './reports.service.js';

/** Regional and program reports (JSON and PDF), assembled from the metric services. */
@Module({ imports: [PostingsModule, RecognitionModule, ProgramDemandModule, OutcomesModule, FindingsModule], controllers: [ReportsController], providers: [ReportsService, ReportAreasRepository] })
export class ReportsModule {}
