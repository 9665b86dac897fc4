import { InitialSchema1763772000000 } from './1763772000000-initial-schema';
import { RefreshTokenRotation1763780000000 } from './1763780000000-refresh-token-rotation';
import { FileFormatsWord97Ofd1763791100000 } from './1763791100000-file-formats-word97-ofd';
import { CountyTemplatesAndWithdrawal1764200000000 } from './1764200000000-county-templates-and-withdrawal';
import { ChecklistRecomputeRequests1764300000000 } from './1764300000000-checklist-recompute-requests';
import { EvidenceConfidence1764500000000 } from './1764500000000-evidence-confidence';
import { ReviewLoop1764600000000 } from './1764600000000-review-loop';
import { NotAReport1764600000001 } from './1764600000001-not-a-report';
import { YearConfirmation1764600000002 } from './1764600000002-year-confirmation';
import { Ocr1764700000000 } from './1764700000000-ocr';
import { CountyRobotChannels1764800000000 } from './1764800000000-county-robot-channels';
import { ScaleReadIndexes1764900000000 } from './1764900000000-scale-read-indexes';
import { AnalysisAttempt1765100000000 } from './1765100000000-analysis-attempt';
import { ItemQuestions1765500000000 } from './1765500000000-item-questions';
import { UserScopeIndexes1766000000000 } from './1766000000000-user-scope-indexes';

// Every migration, oldest first. A new one is generated against a database at the previous state
// (`npm run migration:generate`), reviewed by hand, and listed here.
export const MIGRATIONS: Function[] = [InitialSchema1763772000000, RefreshTokenRotation1763780000000, FileFormatsWord97Ofd1763791100000, CountyTemplatesAndWithdrawal1764200000000, ChecklistRecomputeRequests1764300000000, EvidenceConfidence1764500000000, ReviewLoop1764600000000, NotAReport1764600000001, YearConfirmation1764600000002, Ocr1764700000000, CountyRobotChannels1764800000000, ScaleReadIndexes1764900000000, AnalysisAttempt1765100000000, ItemQuestions1765500000000, UserScopeIndexes1766000000000];
