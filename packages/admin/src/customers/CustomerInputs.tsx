import { FIELD_LIMITS } from "@tessera/schema/limits";
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import {
  AutocompleteInput,
  CheckboxGroupInput,
  DateInput,
  NumberInput,
  SelectInput,
  TextInput,
  maxValue,
  minValue,
  required,
  useTranslate,
} from "react-admin";
import { lengthValidators } from "../common/limits";
import { Jurisdiction } from "../generated/graphql";
import { enumChoices, genderChoices, kindChoices, languageChoices, regionChoices, specialCareChoices, statusChoices } from "./choices";

const limits = lengthValidators(FIELD_LIMITS.Customer);

const Section = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ width: "100%", maxWidth: 960, mb: 1 }}>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate(title)}
      </Typography>
      <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", md: "1fr 1fr" }, columnGap: 2 }}>{children}</Box>
    </Box>
  );
};

/**
 * The profile inputs shared by create and edit. Format rules (mobile numbers, national id check
 * digit, e-mail) live in the API; its field errors come back onto these inputs.
 */
export const CustomerInputs = () => (
  <>
    <Section title="tessera.form.identity">
      <TextInput source="name" validate={[required(), limits.name]} />
      <SelectInput source="kind" choices={kindChoices} validate={required()} />
      <SelectInput source="status" choices={statusChoices} emptyText="" />
      <TextInput source="nationalId" />
      <DateInput source="birthDate" />
      <SelectInput source="gender" choices={genderChoices} />
      <TextInput source="occupation" validate={limits.occupation} />
    </Section>
    <Section title="tessera.form.contact">
      <TextInput source="phone" helperText="tessera.form.phoneHelp" />
      <TextInput source="email" type="email" />
      <AutocompleteInput source="region" choices={regionChoices} />
      <TextInput source="city" validate={limits.city} />
      <TextInput source="address" sx={{ gridColumn: "1 / -1" }} validate={limits.address} />
    </Section>
    <Section title="tessera.form.service">
      <SelectInput source="language" choices={languageChoices} />
      <NumberInput source="securityLevel" min={1} max={5} step={1} validate={[minValue(1), maxValue(5)]} helperText="tessera.form.securityLevelHelp" />
      <TextInput source="accountManager" validate={limits.accountManager} />
      <SelectInput source="jurisdiction" choices={enumChoices(Jurisdiction, "Jurisdiction")} emptyText="tessera.form.jurisdictionDefault" />
      <CheckboxGroupInput source="specialCare" choices={specialCareChoices} />
    </Section>
  </>
);
