export { KialiClient, kialiVersion } from './KialiClient';
export type { KialiApi } from './KialiClient';
export type * from './types';
