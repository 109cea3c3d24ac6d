export { KvCacheView, type KvCacheViewProps } from './KvCacheView';
export {
  cacheTable,
  formatTokens,
  liveCacheTable,
  MAX_CONTEXT,
  maxPathDiff,
  projectionTable,
  ratioSentence,
} from './kvMath';
