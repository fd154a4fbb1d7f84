export { createTopologyService } from './createTopologyService';
export { catalogView } from './catalogView';
export type {
  CatalogView,
  DeclaredDependency,
  MeshGraphQuery,
  TopologyService,
} from './types';
