import { InitialSchema1764130000000 } from './1764130000000-InitialSchema.js';
import { AccessControl1764130400000 } from './1764130400000-AccessControl.js';
import { AnalyticsRollups1764130350000 } from './1764130350000-AnalyticsRollups.js';
import { SlimRollups1764130360000 } from './1764130360000-SlimRollups.js';
import { PeopleRollups1764130500000 } from './1764130500000-PeopleRollups.js';
import { PeopleRollupsEquitySaturation1764130600000 } from './1764130600000-PeopleRollupsEquitySaturation.js';
import { SectorRollups1764130700000 } from './1764130700000-SectorRollups.js';
import { SectorHistogram1764130800000 } from './1764130800000-SectorHistogram.js';
import { RecognitionRollups1764130900000 } from './1764130900000-RecognitionRollups.js';
import { CredentialDiscovery1765000400000 } from './1765000400000-CredentialDiscovery.js';
import { CandidateDecisions1765000410000 } from './1765000410000-CandidateDecisions.js';
import { PostingPlacesAndCodedSoc1765000300000 } from './1765000300000-PostingPlacesAndCodedSoc.js';
import { AwardsWithoutLearner1765000500000 } from './1765000500000-AwardsWithoutLearner.js';
import { AwardProofInvalidAndStatus1765000510000 } from './1765000510000-AwardProofInvalidAndStatus.js';
import { SkillConcepts1765000520000 } from './1765000520000-SkillConcepts.js';
import { PublicData1765000600000 } from './1765000600000-PublicData.js';
import { PublicDataRollup1765000610000 } from './1765000610000-PublicDataRollup.js';
import { SavedViews1766000700000 } from './1766000700000-SavedViews.js';

// Every migration, in order. New migrations are appended here; a merged migration is never edited.
export const allMigrations = [InitialSchema1764130000000, AccessControl1764130400000, AnalyticsRollups1764130350000, SlimRollups1764130360000, PeopleRollups1764130500000, PeopleRollupsEquitySaturation1764130600000, SectorRollups1764130700000, SectorHistogram1764130800000, RecognitionRollups1764130900000, CredentialDiscovery1765000400000, CandidateDecisions1765000410000, AwardsWithoutLearner1765000500000, AwardProofInvalidAndStatus1765000510000, SkillConcepts1765000520000, PublicData1765000600000, PublicDataRollup1765000610000, PostingPlacesAndCodedSoc1765000300000, SavedViews1766000700000];
