import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';

/** Graph or table: the same edges, drawn or listed (the table is the accessible view). */
export const ViewToggle = (props: {
  value: 'graph' | 'table';
  onChange: (view: 'graph' | 'table') => void;
}) => (
  <ToggleButtonGroup
    size="small"
    exclusive
    value={props.value}
    aria-label="View"
    onChange={(_e, next: 'graph' | 'table' | null) => {
      if (next) props.onChange(next);
    }}
  >
    <ToggleButton value="graph">Graph</ToggleButton>
    <ToggleButton value="table">Table</ToggleButton>
  </ToggleButtonGroup>
);
