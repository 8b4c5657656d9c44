import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import LinearProgress from "@mui/material/LinearProgress";
import Typography from "@mui/material/Typography";
import { useTheme } from "@mui/material/styles";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, Title, useTranslate } from "react-admin";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { monthOptions, useIntlLocale } from "../fields/format";
import { DashboardMetricsDocument, DashboardRequestsDocument, type MetricsRowItemFragment } from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";
import { useRole } from "../providers/roles";

type Row = MetricsRowItemFragment;

const DAY = 24 * 3600 * 1000;
const TIERS = ["HIGH", "MEDIUM", "LOW"] as const;

/** The window of the overview: satisfaction and complaints over 90 days, trends over 12 months. */
function windows(now = new Date()) {
  const to = new Date(now.getTime() + 60_000);
  const from = new Date(now.getTime() - 90 * DAY);
  const trendFrom = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() + 1, 1));
  return { from: from.toISOString(), to: to.toISOString(), trendFrom: trendFrom.toISOString() };
}

/** Weighted mean of a per-group percentage, by each group's responses (or customers). */
function weighted(rows: Row[], value: (r: Row) => number | null | undefined, weight: (r: Row) => number): number | null {
  let sum = 0;
  let total = 0;
  for (const r of rows) {
    const v = value(r);
    const w = weight(r);
    if (v == null || !w) continue;
    sum += v * w;
    total += w;
  }
  return total ? sum / total : null;
}

const Kpi = ({ label, value, hint, to, tone, testId }: { label: string; value: ReactNode; hint?: ReactNode; to?: string; tone?: "error" | "warning"; testId?: string }) => {
  const translate = useTranslate();
  const body = (
    <Card variant="outlined" sx={{ height: "100%" }} data-testid={testId}>
      <CardContent>
        <Typography variant="caption" color="text.secondary">
          {translate(label)}
        </Typography>
        <Typography variant="h5" color={tone ? `${tone}.main` : undefined} sx={{ my: 0.5 }}>
          {value}
        </Typography>
        {hint && (
          <Typography variant="caption" color="text.secondary">
            {hint}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
  return to ? (
    <Link to={to} underline="none">
      {body}
    </Link>
  ) : (
    body
  );
};

const Panel = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Card data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {translate(title)}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
};

/**
 * The overview for analysts and admins: customers by value tier, NPS and CSAT over 12 months,
 * churn-risk distribution, consent coverage by purpose, the case queue and (for roles that read
 * them) data-subject requests due. Every figure comes from the API's `metrics` aggregates.
 */
const Overview = () => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const theme = useTheme();
  const { role } = useRole();
  const readsRequests = role === "ADMIN" || role === "STEWARD" || role === "AUDITOR";
  const metrics = useQuery({ queryKey: ["dashboardMetrics"], queryFn: ({ signal }) => fetchGraphql(DashboardMetricsDocument, windows(), { signal }), staleTime: 60_000, retry: false });
  const requests = useQuery({
    queryKey: ["dashboardRequests"],
    queryFn: ({ signal }) => fetchGraphql(DashboardRequestsDocument, {}, { signal }),
    enabled: readsRequests,
    staleTime: 60_000,
    retry: false,
  });
  const number = new Intl.NumberFormat(locale);
  const pct = (v: number | null | undefined) => (v == null ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(v / 100));
  const signed = (v: number | null | undefined) => (v == null ? "—" : new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v));

  if (metrics.isPending) return <LinearProgress sx={{ mt: 2 }} />;
  if (metrics.error) return <Alert severity="warning" sx={{ mt: 2 }}>{translate("tessera.dashboard.unavailable", { message: (metrics.error as Error).message })}</Alert>;
  const { byTier, byMonth, openCases, overdueCases } = metrics.data;
  const customers = byTier.reduce((n, r) => n + r.customers, 0);
  const nps = weighted(byTier, (r) => r.nps, (r) => r.npsResponses);
  const csat = weighted(byTier, (r) => r.csat, (r) => r.csatResponses);
  const sla = weighted(byTier, (r) => r.slaCompliance, (r) => r.casesDue);
  const tierLabel = (key: string) => translate(`tessera.enums.ValueTier.${key}`, { _: key });
  const tiers = [...byTier].sort((a, b) => TIERS.indexOf(a.key as never) - TIERS.indexOf(b.key as never)).map((r) => ({ name: tierLabel(r.key), customers: r.customers }));
  const churn = byTier.reduce((d, r) => ({ low: d.low + r.churnRiskDistribution.low, medium: d.medium + r.churnRiskDistribution.medium, high: d.high + r.churnRiskDistribution.high }), { low: 0, medium: 0, high: 0 });
  const churnData = (["low", "medium", "high"] as const).map((level) => ({ name: translate(`tessera.enums.ChurnLevel.${level.toUpperCase()}`), customers: churn[level], level }));
  const purposes = byTier[0]?.consentCoverage.map((c) => c.purpose) ?? [];
  const coverage = purposes.map((purpose) => ({
    name: translate(`tessera.enums.Purpose.${purpose}`),
    pct: Math.round(10 * (weighted(byTier, (r) => r.consentCoverage.find((c) => c.purpose === purpose)?.pct, (r) => r.customers) ?? 0)) / 10,
  }));
  const month = new Intl.DateTimeFormat(locale, monthOptions);
  const trend = [...byMonth]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((r) => ({ month: month.format(new Date(`${r.key}-01T00:00:00Z`)), nps: r.nps, csat: r.csat, complaints: r.complaintRatePer1000 }));
  const churnColors = { low: theme.palette.success.main, medium: theme.palette.warning.main, high: theme.palette.error.main };

  return (
    <Box sx={{ mt: 2, display: "grid", gap: 2 }} data-testid="overview">
      <Title title="tessera.menu.dashboard" />
      <Box sx={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(150px, 1fr))", gap: 2 }}>
        <Kpi label="tessera.dashboard.customers" value={number.format(customers)} hint={translate("tessera.dashboard.customersHint")} />
        <Kpi label="tessera.dashboard.nps" value={signed(nps)} hint={translate("tessera.dashboard.last90")} testId="kpi-nps" />
        <Kpi label="tessera.dashboard.csat" value={pct(csat)} hint={translate("tessera.dashboard.last90")} />
        <Kpi label="tessera.dashboard.sla" value={pct(sla)} hint={translate("tessera.dashboard.last90")} />
        <Kpi label="tessera.dashboard.openCases" value={number.format(openCases.totalCount)} to="/cases" />
        <Kpi label="tessera.dashboard.overdueCases" value={number.format(overdueCases.totalCount)} tone={overdueCases.totalCount ? "error" : undefined} to={`/cases?filter=${encodeURIComponent(JSON.stringify({ overdue: true }))}`} />
        {readsRequests && requests.data && (
          <Kpi
            label="tessera.dashboard.dsrOpen"
            value={number.format(requests.data.open.totalCount)}
            hint={translate("tessera.dashboard.dsrOverdue", { count: number.format(requests.data.overdue.totalCount) })}
            tone={requests.data.overdue.totalCount ? "warning" : undefined}
            to="/dataSubjectRequests"
          />
        )}
      </Box>
      <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", lg: "1fr 1fr" }, gap: 2 }}>
        <Panel title="tessera.dashboard.byTier" testId="chart-tiers">
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={tiers} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} />
              <YAxis tickFormatter={(v: number) => number.format(v)} tick={{ fontSize: 12 }} width={60} />
              <Tooltip formatter={(v) => number.format(Number(v))} />
              <Bar dataKey="customers" name={translate("tessera.dashboard.customers")} fill={theme.palette.primary.main} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </Panel>
        <Panel title="tessera.dashboard.churn" testId="chart-churn">
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={churnData} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} />
              <YAxis tickFormatter={(v: number) => number.format(v)} tick={{ fontSize: 12 }} width={60} />
              <Tooltip formatter={(v) => number.format(Number(v))} />
              <Bar dataKey="customers" name={translate("tessera.dashboard.customers")} isAnimationActive={false} radius={[3, 3, 0, 0]} fill={theme.palette.warning.main}>
                {churnData.map((d) => (
                  <Cell key={d.level} fill={churnColors[d.level]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </Panel>
        <Panel title="tessera.dashboard.trend" testId="chart-trend">
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={trend} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="month" tick={{ fontSize: 12 }} />
              <YAxis yAxisId="nps" domain={[-100, 100]} tick={{ fontSize: 12 }} width={44} />
              <YAxis yAxisId="csat" orientation="right" domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 12 }} width={44} />
              <Tooltip formatter={(v, name) => (name === "CSAT" ? pct(Number(v)) : signed(Number(v)))} />
              <Legend />
              <Line yAxisId="nps" dataKey="nps" name="NPS" stroke={theme.palette.primary.main} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
              <Line yAxisId="csat" dataKey="csat" name="CSAT" stroke={theme.palette.success.main} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </Panel>
        <Panel title="tessera.dashboard.consent" testId="chart-consent">
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={coverage} layout="vertical" margin={{ top: 8, right: 24, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12 }} />
              <Tooltip formatter={(v) => pct(Number(v))} />
              <Bar dataKey="pct" name={translate("tessera.dashboard.coverage")} fill={theme.palette.success.main} isAnimationActive={false} radius={[0, 3, 3, 0]} />
            </BarChart>
          </ResponsiveContainer>
        </Panel>
      </Box>
      <Typography variant="caption" color="text.secondary">
        {translate("tessera.dashboard.footnote")}
      </Typography>
    </Box>
  );
};

export default Overview;
