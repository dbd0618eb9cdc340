import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { InjectConfig } from '../common/app-config.js';

/**
 * Where attachment bytes live. The database keeps only the key. One implementation here (the
 * data directory); an S3-compatible store is the production option for several api hosts
 * (docs/decisions.md, Attachments): it implements these three calls.
 */
export abstract class AttachmentStore {
  /** Keeps the bytes under a new key and returns it. */
  abstract put(bytes: Buffer, when: Date): Promise<string>;
  abstract open(key: string): Readable;
  abstract remove(key: string): Promise<void>;
}

const KEY = /^\d{4}-\d{2}\/[0-9a-f-]{36}$/;

/** Files under `<DATA_DIR>/attachments/<yyyy-mm>/<uuid>`, written whole then renamed into place. */
@Injectable()
export class DiskAttachmentStore extends AttachmentStore {
  private readonly root: string;
  /** Month directories made already: a put does not ask the file system again (a mkdir per file cost 0.3 ms). */
  private readonly made = new Set<string>();

  constructor(@InjectConfig() config: AppConfig) {
    super();
    this.root = resolve(config.dataDir, 'attachments');
  }

  async put(bytes: Buffer, when: Date): Promise<string> {
    const key = `${when.toISOString().slice(0, 7)}/${randomUUID()}`;
    const path = this.path(key);
    const directory = dirname(path);
    if (!this.made.has(directory)) {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      this.made.add(directory);
    }
    const partial = `${path}.part`;
    try {
      await writeFile(partial, bytes, { mode: 0o600 });
    } catch (error) {
      // The directory went (the data directory was cleared while running): make it again, once.
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      await mkdir(directory, { recursive: true, mode: 0o700 });
      await writeFile(partial, bytes, { mode: 0o600 });
    }
    await rename(partial, path);
    return key;
  }

  open(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Keys are ours; one that is not their shape never reaches the file system. */
  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`not an attachment key: ${key}`);
    return join(this.root, key);
  }
}
