import { Link, useTranslate } from "react-admin";

/** The pseudonymous form of a customer id: enough to tell customers apart in a list. */
export const shortId = (id: string) => id.slice(0, 8);

/**
 * A link to a customer's record, by name when the role reads it and by pseudonymous id
 * otherwise (analysts and auditors never see a name here).
 */
export const CustomerLink = ({ id, name }: { id: string | null | undefined; name?: string | null }) => {
  const translate = useTranslate();
  if (!id) return null;
  return (
    <Link
      to={`/customers/${id}/show`}
      onClick={(e: React.MouseEvent) => e.stopPropagation()}
      title={translate("tessera.customer.open")}
      sx={name ? undefined : { fontFamily: "monospace" }}
    >
      {name ?? shortId(id)}
    </Link>
  );
};
