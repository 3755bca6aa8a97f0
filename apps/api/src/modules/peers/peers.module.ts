import { Module } from '@nestjs/common';
import { PeersController } from './peers.controller.js';
import { PeersRepository } from './peers.repository.js';
import { PeersService } from './peers.service.js';

@Module({ controllers: [PeersController], providers: [PeersService, PeersRepository] })
export class PeersModule {}
