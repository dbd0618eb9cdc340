// Proves the module-boundary rules have teeth: each wrong arrow below must be an ESLint
// error, and each allowed one must pass. Run by `npm run lint`.
import { ESLint } from 'eslint';

const cases = [
  { file: 'libs/domain/src/probe.ts', code: "import { Injectable } from '@nestjs/common';", wrong: true },
  { file: 'libs/domain/src/probe.ts', code: "import { DataSource } from 'typeorm';", wrong: true },
  { file: 'libs/domain/src/probe.ts', code: "import { TicketEntity } from '@switchboard/persistence';", wrong: true },
  { file: 'libs/domain/src/probe.ts', code: "import type { Channel } from '@switchboard/contracts';", wrong: false },
  { file: 'libs/contracts/src/probe.ts', code: "import { IsString } from 'class-validator';", wrong: true },
  { file: 'libs/contracts/src/probe.ts', code: "import { canTransition } from '@switchboard/domain';", wrong: true },
  { file: 'libs/persistence/src/probe.ts', code: "import { Injectable } from '@nestjs/common';", wrong: true },
  { file: 'libs/persistence/src/probe.ts', code: "import { Queue } from 'bullmq';", wrong: true },
  { file: 'libs/persistence/src/probe.ts', code: "import { canTransition } from '@switchboard/domain';", wrong: false },
  { file: 'apps/router/src/probe.ts', code: "import { createApp } from '../../api/src/app.factory.js';", wrong: true },
  { file: 'libs/domain/src/probe.ts', code: "import { z } from 'zod';", wrong: true },
  { file: 'libs/config/src/probe.ts', code: "import { Redis } from 'ioredis';", wrong: true },
  { file: 'libs/messaging/src/probe.ts', code: "import { DataSource } from 'typeorm';", wrong: true },
  {
    file: 'libs/messaging/src/probe.ts',
    code: "import { TicketEntity } from '@switchboard/persistence';",
    wrong: true,
  },
  { file: 'libs/messaging/src/probe.ts', code: "import { Queue } from 'bullmq';", wrong: false },
  { file: 'libs/work/src/probe.ts', code: "import { Injectable } from '@nestjs/common';", wrong: true },
  { file: 'libs/work/src/probe.ts', code: "import { DataSource } from 'typeorm';", wrong: true },
  { file: 'libs/work/src/probe.ts', code: "import { UnitOfWork } from '@switchboard/persistence';", wrong: false },
  { file: 'libs/persistence/src/probe.ts', code: "import { TicketWork } from '@switchboard/work';", wrong: true },
  { file: 'apps/console/src/probe.ts', code: "import { DataSource } from 'typeorm';", wrong: true },
  {
    file: 'apps/console/src/probe.ts',
    code: "import { dataSourceOptions } from '@switchboard/persistence';",
    wrong: true,
  },
  {
    file: 'apps/console/src/probe.ts',
    code: "import type { QueueMetrics } from '@switchboard/contracts';",
    wrong: false,
  },
  {
    file: 'apps/api/src/probe.ts',
    code: "import { dataSourceOptions } from '@switchboard/persistence';",
    wrong: false,
  },
];

const eslint = new ESLint({ cwd: process.cwd() });
let failures = 0;
for (const { file, code, wrong } of cases) {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: file });
  const boundary = result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
  const warnings = result.messages.filter((m) => m.message.includes('No cached ProjectGraph'));
  if (warnings.length > 0) {
    console.error('module boundaries: no project graph; run through `npm run lint` (nx builds it first)');
    process.exit(1);
  }
  if (wrong !== boundary.length > 0) {
    failures++;
    console.error(
      `✗ ${file}: "${code}" should be ${wrong ? 'refused' : 'allowed'} (${boundary.map((m) => m.message).join('; ') || 'no error'})`,
    );
  }
}
if (failures > 0) process.exit(1);
console.log(`module boundaries: ${cases.length} arrows checked, wrong ones refused`);
