// What the viewer reads when the API says no: the API's code decides the words,
// and a code is never shown raw.
import { CombinedError } from "urql";

const WORDS: Record<string, string> = {
  UNAUTHENTICATED: "Your sign-in has ended. Please sign in again.",
  FORBIDDEN: "You do not have access to this.",
  NOT_FOUND: "We could not find that. It may have been removed, or it is not yours to see.",
  BAD_INPUT: "Something in the form is not right. Please check it and try again.",
  OVER_ALLOCATION: "That is more than is open. Please lower the amount.",
  OVERPAYMENT: "That is more than is open. Please lower the amount.",
  CONFLICT: "Someone changed this at the same time. Reload and try again.",
  CURRENCY_MISMATCH: "The amounts are in different currencies.",
  CSRF: "Your page is out of date. Reload it and try again.",
  ON_HOLD: "This account is on hold. Please contact us.",
};

export const FALLBACK = "Something went wrong on our side. Please try again in a moment.";

export function plain(code: string | undefined): string {
  return (code && WORDS[code]) || FALLBACK;
}

export function codeOf(error: CombinedError | undefined | null): string | undefined {
  const first = error?.graphQLErrors?.[0];
  const code = first?.extensions?.code;
  return typeof code === "string" ? code : undefined;
}

export function explain(error: CombinedError | undefined | null): string {
  return error ? plain(codeOf(error)) : "";
}
