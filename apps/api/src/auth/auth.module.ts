import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditModule } from '../audit/audit.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { jwtSecretFor } from './jwt-secret';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { PrincipalLoader } from './principal-loader.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, made once: given the string, jsonwebtoken first tries (and fails) to parse it as a public key, then
      // builds a secret key from it, on every request's verification. Same bytes, same HMAC, same tokens.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(jwtSecretFor(config))), signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
    // In-memory counters: per api process. Behind several replicas, the limit applies per replica.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ throttlers: [{ name: 'login', ttl: 60_000, limit: config.loginRateLimit }] }),
    }),
    AuditModule,
  ],
  controllers: [AuthController],
  providers: [AuthService, PrincipalLoader, LoginThrottlerGuard, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AuthService, PrincipalLoader],
})
export class AuthModule {}
