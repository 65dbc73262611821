// Money and dates, formatted once, for the viewer's locale (Intl). Amounts arrive
// as decimal strings; they are shown, never added up here as floats.
export type Money = { amount: string; currency: string };

const locale = (): string | undefined =>
  typeof navigator === "undefined" ? undefined : navigator.language;

export function money(m: Money | null | undefined, lang = locale()): string {
  if (!m) return "";
  return new Intl.NumberFormat(lang, { style: "currency", currency: m.currency }).format(
    Number(m.amount),
  );
}

export function day(iso: string | null | undefined, lang = locale()): string {
  if (!iso) return "";
  const [y, mo, d] = iso.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, mo - 1, d)),
  );
}

export function moment(iso: string | null | undefined, lang = locale()): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
}

/** Cents of a decimal string, so sums of chosen lines stay exact. */
export function cents(amount: string): number {
  const [whole, frac = ""] = amount.replace("-", "").split(".");
  const value = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  return amount.startsWith("-") ? -value : value;
}

export function fromCents(value: number): string {
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export const STATUS_WORDS: Record<string, string> = {
  OPEN: "Open",
  PARTIALLY_PAID: "Partly paid",
  PAID: "Paid",
  OVERDUE: "Overdue",
  DISPUTED: "In query",
  VOID: "Void",
  WRITTEN_OFF: "Written off",
  CREDITED: "Credited",
};

/** A month from the ISO date of its first day ("Mar 2026"), never shifted by time zone. */
export function month(iso: string | null | undefined, lang = locale()): string {
  if (!iso) return "";
  const [y, mo] = iso.slice(0, 7).split("-").map(Number);
  return new Intl.DateTimeFormat(lang, { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, mo - 1, 1)),
  );
}
