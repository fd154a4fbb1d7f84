import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';

/** One option of a {@link FilterSelect}. */
export interface FilterOption {
  value: string;
  label: string;
}

/** A labelled drop-down filter whose first option, "All" (the empty value), filters nothing. */
export const FilterSelect = (props: {
  label: string;
  value: string;
  options: FilterOption[];
  onChange: (value: string) => void;
}) => {
  const { label, value, options, onChange } = props;
  const id = `service-mesh-filter-${label.toLocaleLowerCase('en-US')}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 180 }}>
      <InputLabel id={id}>{label}</InputLabel>
      <Select
        labelId={id}
        label={label}
        value={value}
        onChange={e => onChange(e.target.value as string)}
      >
        <MenuItem value="">All</MenuItem>
        {options.map(o => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
};

/** The distinct values, sorted, as options labelled by `label` (default: the value itself). */
export function distinctOptions(
  values: string[],
  label: (value: string) => string = v => v,
): FilterOption[] {
  return [...new Set(values)].sort().map(v => ({ value: v, label: label(v) }));
}
