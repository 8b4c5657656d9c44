import Chip from "@mui/material/Chip";
import useMediaQuery from "@mui/material/useMediaQuery";
import type { Theme } from "@mui/material/styles";
import { useEffect, type ReactNode } from "react";
import { AppBar, Layout as RaLayout, TitlePortal, useSidebarState, useTranslate } from "react-admin";
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

/**
 * Below 900 px the menu folds to its icons when the window gets narrow (react-admin keeps it open
 * down to 600 px, leaving a list 560 px); the app bar's menu button still opens it.
 */
const FoldMenuWhenNarrow = () => {
  const narrow = useMediaQuery<Theme>((theme) => theme.breakpoints.down("md"));
  const [, setOpen] = useSidebarState();
  useEffect(() => {
    if (narrow) setOpen(false);
  }, [narrow, setOpen]);
  return null;
};

/**
 * Usable down to 800 px: the page never scrolls sideways. react-admin sizes the frame to fit its
 * content (min-width: fit-content), so one wide table widened the whole page; instead the content
 * column may shrink and wide lists and records scroll inside their own card. react-admin's create
 * button floats over the content below 900 px: it stays in its toolbar.
 */
const narrowLayout = {
  minWidth: 0,
  "& .RaLayout-contentWithSidebar, & .RaLayout-content": { minWidth: 0 },
  "& .RaList-main, & .RaShow-main, & .RaEdit-main, & .RaCreate-main": { minWidth: 0 },
  // Qualified by the page's root: react-admin's own rule (overflow: inherit) is as specific and comes later.
  "& .list-page .RaList-content, & .show-page .RaShow-card, & .edit-page .RaEdit-card, & .create-page .RaCreate-card": { overflowX: "auto" },
  "& .RaCreateButton-floating": { position: "static", width: 36, height: 36, minHeight: 36, boxShadow: "none", flexShrink: 0 },
} as const;

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={ConsoleAppBar} menu={Menu} sx={narrowLayout}>
    <FoldMenuWhenNarrow />
    {currentSession()?.user.mustChangePassword ? <PasswordChangeRequired /> : children}
  </RaLayout>
);
