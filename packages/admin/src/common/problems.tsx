import { Fragment, type ReactNode } from "react";
import type { TranslateFunction as Translate } from "react-admin";
import type { ProblemCode, ProblemParams } from "@tessera/schema/problems";

/** A problem as the API reports it (@tessera/schema/problems): a code and parameters, and its English sentence. */
export interface ReportedProblem {
  message: string;
  code?: ProblemCode | string | null;
  params?: ProblemParams | null;
}

/** Parameters that name a thing in words rather than quote a value: translated, not shown as typed. */
const WORDS: Record<string, string> = { what: "tessera.problems.what" };

function args(translate: Translate, problem: ReportedProblem, wrap: (name: string, value: string) => string) {
  const out: Record<string, string> = { _: problem.message };
  for (const [name, value] of Object.entries(problem.params ?? {})) {
    out[name] = name in WORDS ? translate(`${WORDS[name]}.${value}`, { _: String(value) }) : wrap(name, String(value));
  }
  return out;
}

/**
 * The problem in the console's language: `tessera.problems.<CODE>` with the API's parameters. The
 * English file has no such texts, so English falls back to the API's own sentence (`_`); a
 * problem without a code falls back the same way in English and to a generic text in Chinese.
 */
export function problemText(translate: Translate, problem: ReportedProblem): string {
  if (!problem.code) return translate("tessera.problems.INVALID", { _: problem.message });
  return translate(`tessera.problems.${problem.code}`, args(translate, problem, (_, value) => value));
}

/**
 * A field error react-admin translates itself (its ValidationError reads this format): the form
 * shows the problem under its input in the console's language.
 */
export function formError(problem: ReportedProblem): string {
  const key = `tessera.problems.${problem.code ?? "INVALID"}`;
  return `@@react-admin@@${JSON.stringify({ message: key, args: { ...(problem.params ?? {}), _: problem.message } })}`;
}

const MARK = "\u0001";

/**
 * The problem as text with its quoted values (a file's cell, a column, the allowed codes) in
 * monospace: they are what the file holds or must hold, shown as typed, not words to translate.
 */
export function ProblemText({ problem, translate }: { problem: ReportedProblem; translate: Translate }): ReactNode {
  if (!problem.code) return translate("tessera.problems.INVALID", { _: problem.message });
  const values: string[] = [];
  const text = translate(
    `tessera.problems.${problem.code}`,
    args(translate, problem, (_, value) => {
      values.push(value);
      return `${MARK}${values.length - 1}${MARK}`;
    }),
  );
  return text.split(MARK).map((part, i) => (i % 2 ? <code key={i}>{values[Number(part)]}</code> : <Fragment key={i}>{part}</Fragment>));
}
