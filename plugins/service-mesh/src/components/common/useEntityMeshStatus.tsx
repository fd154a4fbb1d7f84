import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_MESH_WORKLOAD,
  isServiceMeshAvailable,
} from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';

/**
 * The mesh status of the entity on the page (`useAsyncRetry` state), with the entity's ref and whether
 * it has the annotations a status needs (`available`; nothing is fetched without them).
 */
export function useEntityMeshStatus() {
  const { entity } = useEntity();
  const api = useApi(serviceMeshApiRef);
  const available = isServiceMeshAvailable(entity);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const status = useAsyncRetry(
    async () => (available ? api.getStatus(entityRef) : undefined),
    [api, entityRef, available],
  );
  return { available, entityRef, ...status };
}

/** Shown instead of the mesh status of an entity without the annotations it needs. */
export const MissingMeshAnnotations = () => (
  <MissingAnnotationEmptyState
    annotation={[ANNOTATION_MESH_WORKLOAD, ANNOTATION_ARGOCD_APP_SELECTOR]}
  />
);
