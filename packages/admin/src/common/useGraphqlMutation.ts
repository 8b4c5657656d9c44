import { formError, problemText } from "./problems";
import { useMutation } from "@tanstack/react-query";
import { useNotify, useRefresh, type TranslateFunction as Translate } from "react-admin";
import type { TypedDocumentString } from "../generated/graphql";
import { fetchGraphql, GraphqlError, type FieldProblem } from "../providers/graphql";

/**
 * Field problems of a BAD_USER_INPUT, keyed by the input's name (`input.policyVersion` → `policyVersion`),
 * each in the console's language (its code translated with `translate`).
 */
export function problemsByField(error: unknown, translate: Translate): Record<string, string> {
  return fieldProblems(error, (problem) => problemText(translate, problem));
}

/** The same for a react-admin form's submit result: each problem in the form's own error format, translated by the form. */
export function formProblemsByField(error: unknown): Record<string, string> {
  return fieldProblems(error, formError);
}

function fieldProblems(error: unknown, show: (problem: FieldProblem) => string): Record<string, string> {
  if (!(error instanceof GraphqlError)) return {};
  const problems: FieldProblem[] = error.problems.length
    ? error.problems
    : typeof error.extensions.field === "string"
      ? [{ field: error.extensions.field, message: error.message }]
      : [];
  const byField: Record<string, string> = {};
  for (const problem of problems) {
    const name = problem.field.replace(/^input\./, "").replace(/\[.*$/, "");
    byField[name] ??= show(problem);
  }
  return byField;
}

/**
 * A mutation outside react-admin's CRUD (record a consent, transition a case, issue a key):
 * typed by codegen, sent through fetchGraphql, the page refreshed on success and the API's
 * message shown on failure (a stale version gets the "changed by someone else" text).
 */
export function useGraphqlMutation<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  options: { success?: string; refresh?: boolean; onSuccess?: (result: TResult) => void } = {},
) {
  const notify = useNotify();
  const refresh = useRefresh();
  return useMutation<TResult, unknown, TVariables>({
    mutationFn: (variables) => fetchGraphql(document, variables),
    onSuccess: (result) => {
      if (options.success) notify(options.success, { type: "success" });
      if (options.refresh !== false) refresh();
      options.onSuccess?.(result);
    },
    onError: (error) => {
      if (error instanceof GraphqlError && error.code === "CONFLICT" && !error.extensions.field) {
        notify("tessera.errors.stale_version", { type: "error", autoHideDuration: 10_000 });
      } else if (error instanceof GraphqlError && error.code === "UNAUTHENTICATED") {
        refresh();
      } else if (Object.keys(problemsByField(error, (key: string) => key)).length) {
        // Bad input naming its fields: the form shows each message under its field.
        notify("tessera.errors.fix_fields", { type: "error" });
      } else {
        notify(error instanceof Error ? error.message : String(error), { type: "error", autoHideDuration: 10_000 });
      }
    },
  });
}
