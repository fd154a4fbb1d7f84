import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { formatTime } from './format';
import { SandboxLabel } from './SandboxLabel';

/** The sandbox mark, when the answer was generated, and a button that loads it again. */
export const ReloadControls = (props: {
  /** The answer on screen; nothing but the button shows before the first one. */
  value?: { sandbox: boolean; generatedAt: string };
  /** Words before the time (default "As of"), e.g. "Status as of". */
  asOf?: string;
  loading: boolean;
  onReload: () => void;
  /** The button's text (default "Reload"). */
  reload?: string;
  /** The button's text while loading; the same as `reload` when not given. */
  reloading?: string;
}) => {
  const {
    value,
    asOf = 'As of',
    loading,
    onReload,
    reload = 'Reload',
    reloading = reload,
  } = props;
  return (
    <>
      {value?.sandbox && <SandboxLabel />}
      {value && (
        <Typography variant="body2" color="textSecondary">
          {asOf} {formatTime(value.generatedAt)}
        </Typography>
      )}
      <Button
        size="small"
        variant="outlined"
        onClick={onReload}
        disabled={loading}
      >
        {loading ? reloading : reload}
      </Button>
    </>
  );
};
