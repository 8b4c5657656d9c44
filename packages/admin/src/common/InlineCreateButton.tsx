import AddIcon from "@mui/icons-material/Add";
import type { ReactElement } from "react";
import { Button, LinkBase, useCreatePath, useResourceContext } from "react-admin";

/**
 * A create link that stays a labelled button in its toolbar at every width: react-admin's
 * CreateButton turns into a floating round button below 900 px, over the content and, with two on
 * one page, over each other.
 */
export const InlineCreateButton = ({ resource, label = "ra.action.create", icon = <AddIcon />, state }: { resource?: string; label?: string; icon?: ReactElement; state?: unknown }) => {
  const current = useResourceContext();
  const createPath = useCreatePath();
  const target = resource ?? current ?? "";
  return (
    <Button component={LinkBase} to={{ pathname: createPath({ resource: target, type: "create" }), state }} label={label}>
      {icon}
    </Button>
  );
};
