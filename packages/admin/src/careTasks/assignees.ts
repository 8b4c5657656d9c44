import { useQuery } from "@tanstack/react-query";
import { CareAssigneesDocument } from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";

/** Staff a task may be assigned to (the API's careAssignees), as filter and form choices. */
export function useAssigneeChoices() {
  const assignees = useQuery({ queryKey: ["careAssignees"], queryFn: async ({ signal }) => (await fetchGraphql(CareAssigneesDocument, {}, { signal })).careAssignees });
  return (assignees.data ?? []).map((a) => ({ id: a.username, name: a.displayName ? `${a.displayName} (${a.username})` : a.username }));
}
