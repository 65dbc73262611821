import { useState } from "react";
import { useMutation } from "urql";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { graphql } from "../../gql";
import { money } from "../../format";

const PayMutation = graphql(`
  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {
    payInvoicesByCard(input: $input) { intent { intentId clientSecret amount { amount currency } } }
  }
`);

export type PayItem = { invoiceId: string; amount: string; lineIds: string[] };
type Intent = { intentId: string; clientSecret: string; amount: { amount: string; currency: string } };

// One card payment for several invoices or chosen lines, through the configured
// provider (the demo's stand-in provider takes the card number in this page).
export function PayByCard({ items, includeDisputed, provider, onPaid }: {
  items: PayItem[];
  includeDisputed: boolean;
  provider: string;
  onPaid: () => void;
}) {
  const [, pay] = useMutation(PayMutation);
  const [intent, setIntent] = useState<Intent | null>(null);
  const [card, setCard] = useState("4242 4242 4242 4242");
  const [message, setMessage] = useState("");
  const [failed, setFailed] = useState(false);

  async function start() {
    setMessage("");
    const result = await pay({ input: { idempotencyKey: idempotencyKey(), items, includeDisputed } });
    if (result.error) {
      setFailed(true);
      setMessage(explain(result.error));
      return;
    }
    setFailed(false);
    setIntent(result.data?.payInvoicesByCard.intent ?? null);
  }

  async function confirm() {
    if (!intent) return;
    const form = new URLSearchParams({ client_secret: intent.clientSecret, card_number: card.replace(/\s/g, "") });
    const r = await fetch(`${provider}/v1/payment_intents/${intent.intentId}/confirm`, { method: "POST", body: form });
    const answer = await r.json();
    setIntent(null);
    if (answer.status === "succeeded") {
      setFailed(false);
      setMessage("Payment received, thank you.");
      onPaid();
    } else {
      setFailed(true);
      setMessage("Your card was declined. Please try another card.");
    }
  }

  return (
    <div className="pay">
      {intent ? (
        <div className="field-row">
          <label htmlFor="card-number">Card number</label>
          <input id="card-number" inputMode="numeric" value={card} onChange={(e) => setCard(e.target.value)}
            data-testid="card-number" />
          <button className="primary" type="button" onClick={confirm} data-testid="confirm-card">
            Pay {money(intent.amount)}
          </button>
        </div>
      ) : (
        <button className="primary" type="button" disabled={!items.length} onClick={start} data-testid="pay">
          Pay by card
        </button>
      )}
      <p className={failed ? "error" : "ok"} data-testid="pay-message" role="status">{message}</p>
    </div>
  );
}
