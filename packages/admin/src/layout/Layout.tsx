import Chip from "@mui/material/Chip";
import type { ReactNode } from "react";
import { AppBar, Layout as RaLayout, TitlePortal, useTranslate } from "react-admin";
import { useRole } from "../providers/roles";
import { currentSession } from "../providers/session";
import { Menu } from "./Menu";
import { PasswordChangeRequired } from "./PasswordChangeRequired";

/** Who is signed in, as what: roles see data differently, so the role stays in view. */
const RoleChip = () => {
  const { role } = useRole();
  const translate = useTranslate();
  if (!role) return null;
  return <Chip size="small" data-testid="role-chip" label={translate(`tessera.enums.Role.${role}`)} sx={{ mr: 1, color: "inherit", borderColor: "currentColor" }} variant="outlined" />;
};

// The app bar stays put: the language switcher and refresh must be at hand on long records.
const ConsoleAppBar = () => (
  <AppBar alwaysOn>
    <TitlePortal />
    <RoleChip />
  </AppBar>
);

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={ConsoleAppBar} menu={Menu}>
    {currentSession()?.user.mustChangePassword ? <PasswordChangeRequired /> : children}
  </RaLayout>
);
