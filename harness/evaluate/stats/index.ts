/**
 * Statistics for text-gauntlet, with no dependency: ranking metrics, decisions
 * at a threshold, FPR calibration, Wilson and clustered bootstrap intervals,
 * paired bootstrap, exact McNemar and Holm; BCa intervals (clustered and
 * paired), floored bootstrap p-values and their text, power of the paired
 * test, the normal CDF and quantile. Every definition matches
 * ../shared/golden/metrics.json (scikit-learn and SciPy); see its tests.
 */
export { tieGroups, groupCounts, countsByScore, rankingFromCounts, rankingMetrics, averagePrecision, rocAuc, tprAtFpr, prCurve } from './ranking.js';
export type { TieGroups, GroupCounts, RankingMetrics, PrPoint } from './ranking.js';
export { confusion, fromConfusion, atThreshold, thresholdForFpr, thresholdFromCounts, nextUp } from './threshold.js';
export type { Confusion, AtThreshold, FprCalibration } from './threshold.js';
export { wilson, quantileSorted, clusterBootstrap, clusterResamples, clusterResampleIndices, weightsFromIndices, bootstrapPValue, Z95 } from './intervals.js';
export type { Interval, BootstrapOptions, BootstrapInterval } from './intervals.js';
export { mcnemarExact, discordantPairs, holm, pairedBootstrap } from './significance.js';
export type { PairedDifference } from './significance.js';
export { bcaFromReplicates, bcaOnResamples, clusterBootstrapBca, pairedBootstrapBca, jackknifeAcceleration } from './bca.js';
export type { BcaMethod, BcaInterval, BcaOptions, PairedBca } from './bca.js';
export { bootstrapP, exactP, formatP, holmP } from './pvalues.js';
export type { PValue } from './pvalues.js';
export { minimumDetectableChange, documentsNeeded, pairsNeeded, pairedPower, defaultDiscordance, DEFAULT_ALPHA, DEFAULT_POWER, DEFAULT_DISCORDANCE_FLOOR } from './power.js';
export type { DetectableChange, DocumentsNeeded } from './power.js';
export { normalCdf, normalQuantile, normalPdf } from './normal.js';
