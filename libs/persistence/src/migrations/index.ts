import { InitialSchema1763772000000 } from './1763772000000-initial-schema';
import { RefreshTokenRotation1763780000000 } from './1763780000000-refresh-token-rotation';
import { FileFormatsWord97Ofd1763791100000 } from './1763791100000-file-formats-word97-ofd';
import { CountyTemplatesAndWithdrawal1764200000000 } from './1764200000000-county-templates-and-withdrawal';
import { ChecklistRecomputeRequests1764300000000 } from './1764300000000-checklist-recompute-requests';
import { EvidenceConfidence1764500000000 } from './1764500000000-evidence-confidence';
import { ScaleReadIndexes1764900000000 } from './1764900000000-scale-read-indexes';

// Every migration, oldest first. A new one is generated against a database at the previous state
// (`npm run migration:generate`), reviewed by hand, and listed here.
export const MIGRATIONS: Function[] = [InitialSchema1763772000000, RefreshTokenRotation1763780000000, FileFormatsWord97Ofd1763791100000, CountyTemplatesAndWithdrawal1764200000000, ChecklistRecomputeRequests1764300000000, EvidenceConfidence1764500000000, ScaleReadIndexes1764900000000];
