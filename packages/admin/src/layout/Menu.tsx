import { Menu as RaMenu } from "react-admin";
import { pagesOf, useRole } from "../providers/roles";

/** The role's pages only (providers/roles.ts): a menu entry the API would refuse is noise. */
export const Menu = () => {
  const { role } = useRole();
  return (
    <RaMenu>
      {pagesOf(role).map((page) =>
        page === "dashboard" ? <RaMenu.DashboardItem key={page} primaryText="tessera.menu.dashboard" /> : <RaMenu.ResourceItem key={page} name={page} />,
      )}
    </RaMenu>
  );
};
