import Chip from "@mui/material/Chip";
import { useEnumLabel } from "../fields/fields";

// Highest tiers stand out; colours only help, the label names the tier.
const TONES = { DIAMOND: "secondary", EMERALD: "success", PLATINUM: "primary", GEM: "info", GOLD: "warning", CRYSTAL: "default" } as const;

export const TierChip = ({ tier }: { tier: string }) => {
  const label = useEnumLabel("KeyAccountTier");
  return <Chip size="small" color={TONES[tier as keyof typeof TONES] ?? "default"} label={label(tier)} data-testid="key-account-tier" />;
};
