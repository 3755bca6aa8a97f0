import { Module } from '@nestjs/common';
import { CredentialDiscoveryController } from './discovery.controller.js';
import { CredentialDiscoveryService } from './discovery.service.js';

@Module({ controllers: [CredentialDiscoveryController], providers: [CredentialDiscoveryService], exports: [CredentialDiscoveryService] })
export class CredentialDiscoveryModule {}
