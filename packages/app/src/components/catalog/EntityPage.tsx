import type { ReactElement, ReactNode } from 'react';
import { Grid } from '@material-ui/core';
import {
  EntityAboutCard,
  EntityHasSubcomponentsCard,
  EntityLayout,
  EntityLinksCard,
  EntitySwitch,
  isKind,
  hasCatalogProcessingErrors,
  EntityProcessingErrorsPanel,
  EntityOrphanWarning,
  isOrphan,
  EntityHasComponentsCard,
  EntityHasSystemsCard,
} from '@backstage/plugin-catalog';
import {
  EntityGroupProfileCard,
  EntityMembersListCard,
  EntityOwnershipCard,
  EntityUserProfileCard,
} from '@backstage/plugin-org';
import { EntityCatalogGraphCard } from '@backstage/plugin-catalog-graph';
import {
  EntityServiceMeshContent,
  EntityServiceMeshOverviewCard,
  isServiceMeshAvailable,
} from '@meshport/plugin-service-mesh';
import {
  EntityArgoCDHistoryCard,
  EntityArgoCDOverviewCard,
  isArgocdAvailable,
} from '@roadiehq/backstage-plugin-argo-cd';

const entityWarningContent = (
  <>
    <EntitySwitch>
      <EntitySwitch.Case if={isOrphan}>
        <Grid item xs={12}>
          <EntityOrphanWarning />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={hasCatalogProcessingErrors}>
        <Grid item xs={12}>
          <EntityProcessingErrorsPanel />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </>
);

const overviewContent = (
  <Grid container spacing={3} alignItems="stretch">
    {entityWarningContent}
    <Grid item md={6} xs={12}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityCatalogGraphCard height={400} />
    </Grid>
    <Grid item md={4} xs={12}>
      <EntityLinksCard />
    </Grid>
    <Grid item md={8} xs={12}>
      <EntityHasSubcomponentsCard />
    </Grid>
    <EntitySwitch>
      <EntitySwitch.Case if={isServiceMeshAvailable}>
        <Grid item xs={12}>
          <EntityServiceMeshOverviewCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    {/* Roadie's Argo CD cards read the same annotations and the same Argo CD (through the proxy; in
        the sandbox, the simulated one): the history card adds each deployment's author and message. */}
    <EntitySwitch>
      <EntitySwitch.Case if={e => Boolean(isArgocdAvailable(e))}>
        <Grid item md={6} xs={12}>
          <EntityArgoCDOverviewCard />
        </Grid>
        <Grid item md={6} xs={12}>
          <EntityArgoCDHistoryCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </Grid>
);

/** An entity page whose only tab is the overview. */
const overviewOnly = (content: ReactElement) => (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {content}
    </EntityLayout.Route>
  </EntityLayout>
);

/** The warnings, then the given cards. */
const cards = (children: ReactNode) => (
  <Grid container spacing={3} alignItems="stretch">
    {entityWarningContent}
    {children}
  </Grid>
);

/** The about card beside one other card, as systems and domains show them. */
const aboutAnd = (card: ReactNode) =>
  cards(
    <>
      <Grid item md={6}>
        <EntityAboutCard />
      </Grid>
      <Grid item md={6}>
        {card}
      </Grid>
    </>,
  );

/**
 * Components and Resources (a mesh platform's control plane, gateway, CA, ...): the overview, and the
 * Service Mesh tab that the overview card's links open when the entity is meshed.
 */
const meshedPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overviewContent}
    </EntityLayout.Route>
    {/* Only meshed components get the tab; the content itself shows the annotations to add
        when an app mounts it without this condition. */}
    <EntityLayout.Route
      path="/service-mesh"
      title="Service Mesh"
      if={isServiceMeshAvailable}
    >
      <EntityServiceMeshContent />
    </EntityLayout.Route>
  </EntityLayout>
);

const userPage = overviewOnly(
  cards(
    <>
      <Grid item xs={12} md={6}>
        <EntityUserProfileCard />
      </Grid>
      <Grid item xs={12} md={6}>
        <EntityOwnershipCard />
      </Grid>
    </>,
  ),
);

const groupPage = overviewOnly(
  cards(
    <>
      <Grid item xs={12} md={6}>
        <EntityGroupProfileCard />
      </Grid>
      <Grid item xs={12} md={6}>
        <EntityOwnershipCard />
      </Grid>
      <Grid item xs={12}>
        <EntityMembersListCard />
      </Grid>
    </>,
  ),
);

const systemPage = overviewOnly(aboutAnd(<EntityHasComponentsCard />));

const domainPage = overviewOnly(aboutAnd(<EntityHasSystemsCard />));

/** The entity page: one layout per catalog kind. */
export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('component')} children={meshedPage} />
    <EntitySwitch.Case if={isKind('resource')} children={meshedPage} />
    <EntitySwitch.Case if={isKind('user')} children={userPage} />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case if={isKind('system')} children={systemPage} />
    <EntitySwitch.Case if={isKind('domain')} children={domainPage} />
    <EntitySwitch.Case children={overviewOnly(overviewContent)} />
  </EntitySwitch>
);
