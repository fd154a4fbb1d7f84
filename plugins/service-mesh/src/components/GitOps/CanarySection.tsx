import { useState } from 'react';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { gitopsCanaryPermission } from '@meshport/plugin-service-mesh-common';
import { CanaryControl } from './CanaryControl';

/**
 * The canary card of an environment, for callers who hold `service-mesh.gitops.canary` on the entity;
 * the analysis (a read of the repository and of Prometheus) runs only once the card is opened.
 */
export const CanarySection = (props: {
  entityRef: CompoundEntityRef;
  environment: string;
}) => {
  const { allowed } = usePermission({
    permission: gitopsCanaryPermission,
    resourceRef: stringifyEntityRef(props.entityRef),
  });
  const [opened, setOpened] = useState(false);
  if (!allowed) return null;
  return (
    <InfoCard title="Canary (GitOps)">
      <Accordion
        TransitionProps={{ unmountOnExit: true }}
        onChange={(_e, expanded) => setOpened(expanded)}
      >
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          aria-label={`Canary of ${props.environment}`}
        >
          <Typography variant="body2">
            Split, analysis and steps (each one commit on the repository)
          </Typography>
        </AccordionSummary>
        <AccordionDetails style={{ flexDirection: 'column' }}>
          {opened && <CanaryControl {...props} />}
        </AccordionDetails>
      </Accordion>
    </InfoCard>
  );
};
