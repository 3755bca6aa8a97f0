import { Module } from '@nestjs/common';
import { PostingsController } from './postings.controller.js';
import { PostingsRepository } from './postings.repository.js';
import { PostingsService } from './postings.service.js';

@Module({ controllers: [PostingsController], providers: [PostingsService, PostingsRepository], exports: [PostingsService] })
export class PostingsModule {}
