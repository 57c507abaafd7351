/**
 * Statistics for text-gauntlet, with no dependency: ranking metrics, decisions
 * at a threshold, FPR calibration, Wilson and clustered bootstrap intervals,
 * paired bootstrap, exact McNemar and Holm. Every definition matches
 * ../shared/golden/metrics.json (scikit-learn and SciPy); see its tests.
 */
export { tieGroups, groupCounts, countsByScore, rankingFromCounts, rankingMetrics, averagePrecision, rocAuc, tprAtFpr, prCurve } from './ranking.js';
export type { TieGroups, GroupCounts, RankingMetrics, PrPoint } from './ranking.js';
export { confusion, fromConfusion, atThreshold, thresholdForFpr, thresholdFromCounts, nextUp } from './threshold.js';
export type { Confusion, AtThreshold, FprCalibration } from './threshold.js';
export { wilson, quantileSorted, clusterBootstrap, bootstrapPValue, Z95 } from './intervals.js';
export type { Interval, BootstrapOptions, BootstrapInterval } from './intervals.js';
export { mcnemarExact, discordantPairs, holm, pairedBootstrap } from './significance.js';
export type { PairedDifference } from './significance.js';
