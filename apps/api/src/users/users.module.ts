import { Module } from '@nestjs/common';
import { WorkModule } from '../work/work.module.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ imports: [WorkModule], controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
