import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ imports: [AgentsModule], controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
