import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import SyncIcon from '@material-ui/icons/Sync';
import WarningIcon from '@material-ui/icons/Warning';

/** How good a status is; each level has its own icon so that colour is never the only cue. */
export type StatusLevel = 'ok' | 'warning' | 'error' | 'progress' | 'unknown';

const icons = {
  ok: CheckCircleIcon,
  warning: WarningIcon,
  error: ErrorIcon,
  progress: SyncIcon,
  unknown: HelpIcon,
};

const levelWords = {
  ok: 'OK',
  warning: 'Warning',
  error: 'Error',
  progress: 'In progress',
  unknown: 'Unknown',
};

const useStyles = makeStyles<Theme, { level: StatusLevel }>(theme => ({
  chip: ({ level }) => {
    const color = {
      ok: theme.palette.success.main,
      warning: theme.palette.warning.main,
      error: theme.palette.error.main,
      progress: theme.palette.info.main,
      unknown: theme.palette.text.secondary,
    }[level];
    return {
      borderColor: color,
      '& .MuiChip-icon': { color },
    };
  },
}));

/** A status shown as icon and text (and colour), e.g. "Synced" with a check mark. */
export const StatusChip = (props: {
  level: StatusLevel;
  label: string;
  /** Longer text for the tooltip, e.g. "Sync: OutOfSync". */
  title?: string;
}) => {
  const { level, label, title } = props;
  const classes = useStyles({ level });
  const Icon = icons[level];
  return (
    <Chip
      className={classes.chip}
      variant="outlined"
      size="small"
      icon={<Icon titleAccess={levelWords[level]} />}
      label={label}
      title={title}
      data-level={level}
    />
  );
};
