import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import type { SignalRange } from '@meshport/plugin-service-mesh-common';

const ranges: Array<{ value: SignalRange; label: string }> = [
  { value: '1h', label: '1 h' },
  { value: '6h', label: '6 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
];

/** The time ranges the backend serves (1 h to 7 d) as toggle buttons named "Last 1 h" and so on. */
export const RangeSelector = (props: {
  value: SignalRange;
  onChange: (range: SignalRange) => void;
  /** The group's accessible name, when a page has more than one (default "Time range"). */
  label?: string;
}) => (
  <ToggleButtonGroup
    size="small"
    exclusive
    value={props.value}
    aria-label={props.label ?? 'Time range'}
    onChange={(_e, next: SignalRange | null) => {
      if (next) props.onChange(next);
    }}
  >
    {ranges.map(r => (
      <ToggleButton
        key={r.value}
        value={r.value}
        aria-label={`Last ${r.label}`}
      >
        {r.label}
      </ToggleButton>
    ))}
  </ToggleButtonGroup>
);
