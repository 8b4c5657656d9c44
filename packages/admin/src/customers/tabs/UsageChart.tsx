import { useTheme } from "@mui/material/styles";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslate } from "react-admin";
import { cnyOptions, formatDataVolume, monthOptions, useIntlLocale } from "../../fields/format";
import type { CustomerRecord } from "../../providers/dataProvider";

type UsageRow = CustomerRecord["usage"][number];

/**
 * Bill (bars, ¥) and data used (line) per month, oldest first. recharts is loaded with this
 * module only (SubscriptionsTab imports it lazily), so the list pages do not pay for it.
 */
const UsageChart = ({ usage }: { usage: UsageRow[] }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const theme = useTheme();
  const month = new Intl.DateTimeFormat(locale, monthOptions);
  const money = new Intl.NumberFormat(locale, { ...cnyOptions, maximumFractionDigits: 0 });
  const data = [...usage]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((row) => ({ month: month.format(new Date(row.month)), bill: row.billAmount, dataGb: row.dataMb == null ? null : row.dataMb / 1024, dataMb: row.dataMb }));
  const billLabel = translate("tessera.usage.billAmount");
  const dataLabel = translate("tessera.usage.dataMb");
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tick={{ fontSize: 12 }} />
        <YAxis yAxisId="bill" tickFormatter={(v: number) => money.format(v)} tick={{ fontSize: 12 }} width={70} />
        <YAxis yAxisId="data" orientation="right" tickFormatter={(v: number) => `${v.toFixed(0)} GB`} tick={{ fontSize: 12 }} width={56} />
        <Tooltip
          formatter={(value, name, item) =>
            name === billLabel ? money.format(Number(value)) : formatDataVolume(Number((item.payload as { dataMb: number }).dataMb ?? 0), locale)
          }
        />
        <Legend />
        <Bar yAxisId="bill" dataKey="bill" name={billLabel} fill={theme.palette.primary.main} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Line yAxisId="data" dataKey="dataGb" name={dataLabel} stroke={theme.palette.secondary.main} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
      </ComposedChart>
    </ResponsiveContainer>
  );
};

export default UsageChart;
