import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AdminController } from './admin.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';

/** Users, sessions, API keys, the global policy guard and the audit log (AuthRepository.audit). */
@Global()
@Module({
  controllers: [AuthController, AdminController],
  // Guards run in this order: the rate limit first, so that floods of refused requests are limited too.
  providers: [AuthService, AuthRepository, { provide: APP_GUARD, useClass: ThrottlerGuard }, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AuthRepository],
})
export class AuthModule {}
