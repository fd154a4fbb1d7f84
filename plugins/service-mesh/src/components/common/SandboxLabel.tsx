import Chip from '@material-ui/core/Chip';
import ScienceIcon from '@material-ui/icons/BugReport';

/** Marks data simulated by the backend's sandbox so nobody takes it for the real mesh. */
export const SandboxLabel = () => (
  <Chip
    size="small"
    color="secondary"
    icon={<ScienceIcon aria-hidden />}
    label="Sandbox data"
    title="Simulated by the Meshport sandbox, not read from a real cluster"
  />
);
