import { stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import {
  argocdRefreshPermission,
  argocdSyncPermission,
} from '@meshport/plugin-service-mesh-common';
import { ArgoActionButton, type ArgoActionProps } from './ArgoActionButton';

/** Refresh and Sync of one application, each shown only to a caller who holds its permission. */
export const ArgoActions = (props: Omit<ArgoActionProps, 'action'>) => {
  const resourceRef = stringifyEntityRef(props.entityRef);
  const allowed = {
    refresh: usePermission({ permission: argocdRefreshPermission, resourceRef })
      .allowed,
    sync: usePermission({ permission: argocdSyncPermission, resourceRef })
      .allowed,
  };
  const actions = (['refresh', 'sync'] as const).filter(a => allowed[a]);
  if (actions.length === 0) return null;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 8 }}
    >
      {actions.map(action => (
        <ArgoActionButton key={action} {...props} action={action} />
      ))}
    </Box>
  );
};
