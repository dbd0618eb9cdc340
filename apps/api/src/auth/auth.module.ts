import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { resolveJwtSecret, type AppConfig } from '@switchboard/config';
import { UserEntity } from '@switchboard/persistence';
import { APP_CONFIG } from '../common/app-config.js';
import { AuthController } from './auth.controller.js';
import { AuthEvents } from './auth-events.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginLimiter } from './login-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';
import { TokenService } from './token.service.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse
        // it as a public key on every verify, a measurable share of the api's CPU under load.
        secret: createSecretKey(Buffer.from(resolveJwtSecret(config), 'utf8')),
        signOptions: { expiresIn: config.auth.jwtTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthEvents,
    SessionsService,
    TokenService,
    PasswordHasher,
    LoginLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, SessionsService, PasswordHasher, AuthEvents],
})
export class AuthModule {}
