import Box from "@mui/material/Box";
import { Children, isValidElement, type ReactNode } from "react";
import { Labeled } from "react-admin";

/** Labelled fields in a responsive grid, for record pages with many short fields. */
export const FieldGrid = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(220px, 1fr))", gap: 2, width: "100%" }}>
    {Children.toArray(children)
      .filter(isValidElement)
      .map((child) => (
        <Labeled key={child.key}>{child}</Labeled>
      ))}
  </Box>
);
