import { Module } from '@nestjs/common';
import { CredentialDiscoveryController } from './discovery.controller.js';
import { DiscoveryRepository } from './discovery.repository.js';
import { CredentialDiscoveryService } from './discovery.service.js';

@Module({ controllers: [CredentialDiscoveryController], providers: [DiscoveryRepository, CredentialDiscoveryService], exports: [CredentialDiscoveryService] })
export class CredentialDiscoveryModule {}
