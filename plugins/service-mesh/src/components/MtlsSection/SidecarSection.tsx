import { CodeSnippet } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { SidecarStatus } from '@meshport/plugin-service-mesh-common';
import { StatusChip } from '../common';

/** Whether the workload has its sidecar, the evidence, and the command that fixes it. */
export const SidecarSection = (props: { sidecar: SidecarStatus }) => {
  const { sidecar } = props;
  let chip;
  if (sidecar.injected === true) {
    chip = <StatusChip level="ok" label="Sidecar injected" />;
  } else if (sidecar.injected === false) {
    chip = <StatusChip level="error" label="Sidecar missing" />;
  } else {
    chip = <StatusChip level="unknown" label="Sidecar unknown" />;
  }
  return (
    <div>
      {chip}
      {sidecar.evidence.length > 0 && (
        <ul>
          {sidecar.evidence.map(e => (
            <li key={e}>
              <Typography variant="body2">{e}</Typography>
            </li>
          ))}
        </ul>
      )}
      {sidecar.injected !== true && sidecar.fix && (
        <>
          <Typography variant="body2">Fix:</Typography>
          <CodeSnippet text={sidecar.fix} language="bash" showCopyCodeButton />
        </>
      )}
    </div>
  );
};
