export { KialiClient, kialiVersion } from './KialiClient';
export type { KialiApi } from './KialiClient';
export {
  combinedNamespaceStatus,
  isKialiTlsStatus,
  kialiEndpoints,
} from './tls';
export type * from './types';
