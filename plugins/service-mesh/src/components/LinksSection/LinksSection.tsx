import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { MeshLink } from '@meshport/plugin-service-mesh-common';

const toolNames = {
  kiali: 'Kiali',
  argocd: 'Argo CD',
  grafana: 'Grafana',
  jaeger: 'Jaeger',
  prometheus: 'Prometheus',
};

/** Deep links into the tools configured for this environment; tools without a link are not listed. */
export const LinksSection = (props: { links: MeshLink[] }) => {
  const { links } = props;
  if (links.length === 0) {
    return (
      <Typography variant="body2">
        No Kiali, Argo CD, Grafana, Jaeger or Prometheus links are configured
        for this environment.
      </Typography>
    );
  }
  return (
    <ul aria-label="Links" style={{ margin: 0, paddingLeft: 20 }}>
      {links.map(link => (
        <li key={link.url}>
          <Typography variant="body2">
            {/* The tool's name only when the title does not already say it. */}
            {link.title.startsWith(toolNames[link.tool])
              ? null
              : `${toolNames[link.tool]}: `}
            <Link to={link.url}>{link.title}</Link>
          </Typography>
        </li>
      ))}
    </ul>
  );
};
