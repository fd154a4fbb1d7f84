import Typography from '@material-ui/core/Typography';
import type { ArgoSource } from '@meshport/plugin-service-mesh-common';
import { sourceParameters } from './argoText';

/** The application's sources, each with the parameters that decide what it deploys. */
export const SourcesList = (props: { sources: ArgoSource[] }) => {
  const { sources } = props;
  if (sources.length === 0) return null;
  return (
    <div aria-label="Sources">
      {sources.map((source, i) => (
        <Typography
          variant="body2"
          component="div"
          key={`${i}:${source.repoURL}`}
        >
          {sources.length > 1 ? `Source ${i + 1}: ` : 'Source: '}
          {source.repoURL}
          {source.chart ? ` chart ${source.chart}` : ''}
          {source.path ? ` ${source.path}` : ''}
          {source.targetRevision ? ` @ ${source.targetRevision}` : ''}
          {source.ref ? ` (ref ${source.ref})` : ''}
          {sourceParameters(source).map(line => (
            <Typography
              key={line}
              variant="caption"
              component="div"
              color="textSecondary"
            >
              {line}
            </Typography>
          ))}
        </Typography>
      ))}
    </div>
  );
};
