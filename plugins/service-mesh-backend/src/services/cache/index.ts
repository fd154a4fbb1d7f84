export { SourceCache } from './SourceCache';
