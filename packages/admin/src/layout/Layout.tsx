import type { ReactNode } from "react";
import { AppBar, Layout as RaLayout } from "react-admin";

// The app bar stays put: the language switcher and refresh must be at hand on long records.
const ConsoleAppBar = () => <AppBar alwaysOn />;

export const Layout = ({ children }: { children: ReactNode }) => <RaLayout appBar={ConsoleAppBar}>{children}</RaLayout>;
