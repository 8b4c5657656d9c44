import { useEffect } from "react";
import { Loading, useRedirect } from "react-admin";
import { pagesOf, useRole } from "../providers/roles";
import { lazy, Suspense } from "react";

const Overview = lazy(() => import("./Overview"));

/**
 * `/`: the overview for the roles that have one (analysts, admins); everyone else lands on the
 * first page of their menu (customers for the service desk, the audit log for auditors).
 */
export const Dashboard = () => {
  const { role } = useRole();
  const redirect = useRedirect();
  const pages = pagesOf(role);
  const hasOverview = pages.includes("dashboard");
  useEffect(() => {
    if (role && !hasOverview && pages[0]) redirect("list", pages[0]);
  }, [role, hasOverview, pages, redirect]);
  if (!hasOverview) return <Loading />;
  return (
    <Suspense fallback={<Loading />}>
      <Overview />
    </Suspense>
  );
};
