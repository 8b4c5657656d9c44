import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useRecordContext, useTranslate } from "react-admin";
import { cnyOptions, dateTimeOptions, formatDataVolume, formatMinutes, localDateOptions, monthOptions, useIntlLocale } from "../../fields/format";
import { CustomerInsightDocument, type CustomerInsightQuery } from "../../generated/graphql";
import { fetchGraphql } from "../../providers/graphql";
import type { CustomerRecord } from "../../providers/dataProvider";
import { churnLevelTones, valueTierTones } from "../choices";

type Insight = NonNullable<NonNullable<CustomerInsightQuery["customer"]>["insight"]>;
type Reason = NonNullable<NonNullable<Insight["churnRisk"]>["reasons"]>[number];

const levelTones = churnLevelTones;
const tierTones = valueTierTones;

/** Evidence values formatted for the reason's sentence (money in ¥, months and dates localised). */
function useEvidenceText() {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const money = new Intl.NumberFormat(locale, cnyOptions);
  const format = (code: Reason["code"], key: string, value: unknown, evidence: Record<string, unknown>): string => {
    if (value == null) return "—";
    if (typeof value === "number" && code === "SERVICE_DROP" && (key === "from" || key === "to")) {
      // The fee rule (measure FEE) compares a service's monthly fee in CNY.
      if (evidence.measure === "FEE") return money.format(value);
      if (evidence.service === "DATA") return formatDataVolume(value, locale);
      if (evidence.service === "VOICE") return formatMinutes(Math.round(value), locale);
    }
    if (typeof value === "number") {
      // Bills and arrears are money; a service drop compares usage (minutes, MB), not ¥.
      if ((code === "BILL_DROP" && (key === "from" || key === "to")) || key === "amount") return money.format(value);
      if (key === "pct") return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.abs(value));
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
    }
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) {
      return new Intl.DateTimeFormat(locale, key === "month" ? monthOptions : localDateOptions).format(new Date(value.slice(0, 10)));
    }
    if (key === "service") return translate(`tessera.enums.ServiceType.${value}`, { _: String(value) });
    return String(value);
  };
  return (reason: Reason) => {
    const evidence = reason.evidence ?? {};
    const values = Object.fromEntries(Object.entries(evidence).map(([k, v]) => [k, format(reason.code, k, v, evidence)]));
    return translate(`tessera.insight.evidence.${reason.code}`, { ...values, _: JSON.stringify(evidence) });
  };
}

const Kpi = ({ label, children }: { label: string; children: React.ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Box sx={{ minHeight: 28, display: "flex", alignItems: "center" }}>{children}</Box>
    </Box>
  );
};

/** Value tier, lifecycle stage and churn risk with its reasons and their evidence (SPEC §5). */
export const InsightTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  const locale = useIntlLocale();
  const evidenceText = useEvidenceText();
  const { data, error, isPending } = useQuery({
    queryKey: ["customerInsight", record?.id, record?.version],
    queryFn: ({ signal }) => fetchGraphql(CustomerInsightDocument, { id: String(record!.id) }, { signal }),
    enabled: !!record,
    // A GraphQL error is an answer, not a network blip: show it rather than retry for seconds.
    retry: false,
  });
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  if (error) return <Alert severity="warning">{translate("tessera.insight.unavailable", { message: (error as Error).message })}</Alert>;
  const insight = data?.customer?.insight;
  if (!insight) return <Alert severity="info">{translate("tessera.insight.none")}</Alert>;
  const money = new Intl.NumberFormat(locale, { ...cnyOptions, maximumFractionDigits: 0 });
  const risk = insight.churnRisk;
  const dash = "—";
  return (
    <Box sx={{ display: "grid", gap: 2 }} data-testid="insight">
      <Box sx={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(160px, 1fr))", gap: 2 }}>
        <Kpi label="tessera.insight.valueTier">
          {insight.valueTier ? <Chip size="small" color={tierTones[insight.valueTier]} label={translate(`tessera.enums.ValueTier.${insight.valueTier}`)} /> : dash}
        </Kpi>
        <Kpi label="tessera.insight.lifecycleStage">
          {insight.lifecycleStage ? <Chip size="small" variant="outlined" label={translate(`tessera.enums.LifecycleStage.${insight.lifecycleStage}`)} /> : dash}
        </Kpi>
        <Kpi label="tessera.insight.arpu">{insight.arpu == null ? dash : translate("tessera.insight.perMonth", { amount: money.format(insight.arpu) })}</Kpi>
        <Kpi label="tessera.insight.clv">{insight.clv == null ? dash : money.format(insight.clv)}</Kpi>
        <Kpi label="tessera.insight.tenure">{insight.tenureMonths == null ? dash : translate("tessera.insight.months", { smart_count: insight.tenureMonths })}</Kpi>
        <Kpi label="tessera.insight.nps">{insight.nps == null ? dash : `${insight.nps}/10`}</Kpi>
        <Kpi label="tessera.insight.csat">{insight.csat == null ? dash : `${insight.csat}/5`}</Kpi>
      </Box>
      <Card variant="outlined">
        <CardContent>
          <Box sx={{ display: "flex", alignItems: "center", gap: 2, mb: 1 }}>
            <Typography variant="subtitle1">{translate("tessera.insight.churnRisk")}</Typography>
            {risk?.level && <Chip size="small" color={levelTones[risk.level]} label={translate(`tessera.enums.ChurnLevel.${risk.level}`)} data-testid="churn-level" />}
            <Typography variant="h6">{risk?.score ?? dash}</Typography>
            <Typography variant="body2" color="text.secondary">/ 100</Typography>
          </Box>
          {risk?.score != null && (
            <LinearProgress variant="determinate" value={risk.score} color={risk.level ? levelTones[risk.level] : "primary"} sx={{ height: 8, borderRadius: 4, mb: 2 }} />
          )}
          {risk?.reasons?.length ? (
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {risk.reasons.map((reason, i) => (
                <li key={i}>
                  <Typography variant="body2">
                    <strong>{translate(`tessera.enums.ChurnReasonCode.${reason.code}`, { _: reason.code ?? "" })}</strong>
                    {reason.points != null && <> (+{reason.points})</>}: {evidenceText(reason)}
                  </Typography>
                </li>
              ))}
            </Box>
          ) : (
            <Typography variant="body2" color="text.secondary">
              {translate("tessera.insight.noReasons")}
            </Typography>
          )}
        </CardContent>
      </Card>
      {insight.computedAt && (
        <Typography variant="caption" color="text.secondary">
          {translate("tessera.insight.computedAt", { at: new Intl.DateTimeFormat(locale, dateTimeOptions).format(new Date(insight.computedAt)) })}
        </Typography>
      )}
    </Box>
  );
};
