import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { dateTimeOptions, useIntlLocale } from "../fields/format";

export interface TimelineItem {
  key: string;
  at: string | null | undefined;
  title: ReactNode;
  body?: ReactNode;
  /** Who or where, shown after the time. */
  meta?: ReactNode;
  /** Colour of the dot: a theme palette key. */
  tone?: "primary" | "success" | "warning" | "error" | "info" | "grey";
  /** Marks the newest entry after a write, so the user sees it land. */
  highlight?: boolean;
}

/** A vertical timeline, newest first (consent ledger, interactions, case history). */
export const Timeline = ({ items, testId }: { items: TimelineItem[]; testId?: string }) => {
  const locale = useIntlLocale();
  const format = new Intl.DateTimeFormat(locale, dateTimeOptions);
  return (
    <Box component="ol" data-testid={testId} sx={{ listStyle: "none", m: 0, p: 0 }}>
      {items.map((item, i) => {
        const tone = item.tone ?? "primary";
        return (
          <Box component="li" key={item.key} data-testid={testId ? `${testId}-item` : undefined} sx={{ display: "flex", gap: 2, position: "relative", pb: i === items.length - 1 ? 0 : 2 }}>
            <Box sx={{ display: "flex", flexDirection: "column", alignItems: "center", width: 14, flexShrink: 0 }}>
              <Box sx={{ width: 12, height: 12, borderRadius: "50%", mt: 0.75, bgcolor: tone === "grey" ? "grey.400" : `${tone}.main` }} />
              {i < items.length - 1 && <Box sx={{ flex: 1, width: 2, bgcolor: "divider", mt: 0.5 }} />}
            </Box>
            <Box sx={{ flex: 1, minWidth: 0, ...(item.highlight ? { bgcolor: "action.selected", borderRadius: 1, px: 1 } : {}) }}>
              <Typography variant="caption" color="text.secondary">
                {item.at ? format.format(new Date(item.at)) : "—"}
                {item.meta ? <> · {item.meta}</> : null}
              </Typography>
              <Typography variant="body2" sx={{ fontWeight: 500 }}>
                {item.title}
              </Typography>
              {item.body ? (
                <Typography variant="body2" color="text.secondary" component="div">
                  {item.body}
                </Typography>
              ) : null}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
};
