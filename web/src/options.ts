// What the server tells every visitor before sign-in: the seller's look, the demo users.
import { useEffect, useState } from "react";

export type Options = {
  seller: string;
  primary: string;
  accent: string;
  footer: string;
  logo: string;
  promotion: string;
  promotionLink: string;
  provider: string;
  demoUsers: string[];
};

export function useOptions(): Options | null {
  const [options, setOptions] = useState<Options | null>(null);
  useEffect(() => {
    fetch("/auth/options").then((r) => r.json()).then(setOptions, () => setOptions(null));
  }, []);
  useEffect(() => {
    if (!options) return;
    document.documentElement.style.setProperty("--primary", options.primary);
    document.documentElement.style.setProperty("--accent", options.accent);
    document.title = `${options.seller} · invoices and accounts`;
  }, [options]);
  return options;
}
