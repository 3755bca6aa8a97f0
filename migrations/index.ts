import { Baseline1765000700000 } from './1765000700000-Baseline.js';
import { SavedViews1766000700000 } from './1766000700000-SavedViews.js';
import { PublicDemandIndexes1766000300000 } from './1766000300000-PublicDemandIndexes.js';
import { ScheduledReports1766000800000 } from './1766000800000-ScheduledReports.js';
import { LeanPostingWrites1766000600000 } from './1766000600000-LeanPostingWrites.js';
import { LeanPostingKeys1767000100000 } from './1767000100000-LeanPostingKeys.js';
import { RollupMonthIndexes1767000200000 } from './1767000200000-RollupMonthIndexes.js';
import { CredentialTarget1767000201000 } from './1767000201000-CredentialTarget.js';
import { OutcomeBins1767000202000 } from './1767000202000-OutcomeBins.js';
import { PublicDemandAreas1767000400000 } from './1767000400000-PublicDemandAreas.js';
import { RollupKeys1768000200000 } from './1768000200000-RollupKeys.js';
import { PublicDemandRank1768000400000 } from './1768000400000-PublicDemandRank.js';
import { OutcomeCumulative1769000100000 } from './1769000100000-OutcomeCumulative.js';

// Every migration, in order. New migrations are appended here (one a line); a merged migration is
// never edited. The pre-release migrations were squashed into the baseline (it recognises a
// database they built).
export const allMigrations = [
  Baseline1765000700000,
  SavedViews1766000700000,
  PublicDemandIndexes1766000300000,
  ScheduledReports1766000800000,
  LeanPostingWrites1766000600000,
  LeanPostingKeys1767000100000,
  RollupMonthIndexes1767000200000,
  CredentialTarget1767000201000,
  OutcomeBins1767000202000,
  PublicDemandAreas1767000400000,
  RollupKeys1768000200000,
  PublicDemandRank1768000400000,
  OutcomeCumulative1769000100000,
];
