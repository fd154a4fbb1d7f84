import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';

/** Chips, labels and buttons side by side, wrapping on narrow screens. */
export const InlineRow = (props: {
  children: ReactNode;
  /** Bottom margin in theme spacing units. */
  mb?: number;
}) => (
  <Box
    display="flex"
    flexWrap="wrap"
    alignItems="center"
    style={{ gap: 8 }}
    mb={props.mb}
  >
    {props.children}
  </Box>
);
