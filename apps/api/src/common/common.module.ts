import { Global, Module } from '@nestjs/common';
import { AccessScope } from './access-scope.service';

@Global()
@Module({ providers: [AccessScope], exports: [AccessScope] })
export class CommonModule {}
