import type { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

/** A small table with a name for screen readers, a row of column headers, and the given rows. */
export const HeadedTable = (props: {
  label: string;
  headers: string[];
  children: ReactNode;
}) => (
  <Table size="small" aria-label={props.label}>
    <TableHead>
      <TableRow>
        {props.headers.map(header => (
          <TableCell key={header}>{header}</TableCell>
        ))}
      </TableRow>
    </TableHead>
    <TableBody>{props.children}</TableBody>
  </Table>
);
