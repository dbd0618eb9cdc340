import { Global, Module } from '@nestjs/common';
import { AttachmentStore, DiskAttachmentStore } from './attachment-store.js';
import { AttachmentsController } from './attachments.controller.js';
import { AttachmentsService } from './attachments.service.js';

/** Files on messages, their bytes in the attachment store (the data directory by default). */
@Global()
@Module({
  controllers: [AttachmentsController],
  providers: [AttachmentsService, { provide: AttachmentStore, useClass: DiskAttachmentStore }],
  exports: [AttachmentsService, AttachmentStore],
})
export class AttachmentsModule {}
