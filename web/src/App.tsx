import { NavLink, Route, Routes } from "react-router-dom";
import { useQuery } from "urql";
import { csrfToken } from "./client";
import { codeOf, explain } from "./errors";
import { graphql } from "./gql";
import { useOptions, type Options } from "./options";
import { can, isStaff } from "./can";
import { SignIn } from "./pages/SignIn";
import { Invoices } from "./pages/buyer/Invoices";
import { InvoicePage } from "./pages/buyer/InvoicePage";
import { Account } from "./pages/buyer/Account";
import { Dashboard } from "./pages/staff/Dashboard";
import { Deliveries } from "./pages/staff/Deliveries";
import { Cash } from "./pages/staff/Cash";
import { ErpExceptions } from "./pages/staff/ErpExceptions";
import { Events } from "./pages/staff/Events";
import { Reminders } from "./pages/staff/Reminders";
import { Customer } from "./pages/staff/Customer";
import { Customers } from "./pages/staff/Customers";
import { Holds } from "./pages/staff/Holds";
import { AsOf } from "./asOf";

const ViewerQuery = graphql(`
  query Viewer {
    viewer { id email name roles company { id name } }
  }
`);

async function signOut(): Promise<void> {
  await fetch("/auth/signout", { method: "POST", headers: { "X-CSRF-Token": csrfToken() } });
  window.location.assign("/");
}

function Header({ options, who }: { options: Options | null; who?: string }) {
  return (
    <header className="bar">
      <span className="brand">
        {options?.logo ? <img src={options.logo} alt="" height={28} /> : null}
        {options?.seller ?? ""}
      </span>
      {who ? (
        <span className="who">
          <span className="who-name">{who}</span>
          <button type="button" className="link" onClick={signOut} data-testid="sign-out">
            Sign out
          </button>
        </span>
      ) : null}
    </header>
  );
}

export function App() {
  const options = useOptions();
  const [{ data, fetching, error }] = useQuery({ query: ViewerQuery });
  if (fetching) return <Header options={options} />;
  const signedOut = !data || codeOf(error) === "UNAUTHENTICATED";
  if (signedOut && (!error || codeOf(error) === "UNAUTHENTICATED"))
    return (
      <>
        <Header options={options} />
        <main>
          <SignIn options={options} />
        </main>
      </>
    );
  if (!data) return <p className="error">{explain(error)}</p>;
  const viewer = data.viewer;
  const roles = viewer.roles;
  const staff = isStaff(roles);
  const delivery = !can(roles, "Invoice.total");
  const home = staff
    ? delivery
      ? <Deliveries />
      : can(roles, "ArMetrics.dso") ? <Dashboard roles={roles} /> : <Invoices roles={roles} />
    : <Invoices roles={roles} />;
  const finance = can(roles, "ArMetrics.dso");
  const nowhere = <p>There is no such page. <NavLink to="/">Back to the start</NavLink></p>;
  const sections: [string, string][] = [["/", staff ? (delivery ? "Deliveries" : finance ? "Dashboard" : "Invoices") : "Invoices"]];
  if (staff && finance) sections.push(["/invoices", "Invoices"]);
  if (staff && can(roles, "Invoice.queries")) sections.push(["/queries", "Queries"]);
  if (staff && can(roles, "Company.balance")) sections.push(["/customers", "Customers"]);
  if (staff && can(roles, "CreditStatus.holdReason")) sections.push(["/holds", "Holds"]);
  if (can(roles, "BankEntry.suggestions")) sections.push(["/cash", "Cash"]);
  if (can(roles, "ErpException.reason")) sections.push(["/erp", "ERP"]);
  if (can(roles, "DueReminder.step")) sections.push(["/reminders", "Reminders"]);
  if (can(roles, "LedgerEvent.type")) sections.push(["/events", "Log"]);
  if (viewer.company && can(roles, "Company.creditStatus")) sections.push(["/account", "Account"]);
  return (
    <>
      <Header options={options} who={`${viewer.name}${viewer.company ? ` · ${viewer.company.name}` : ""}`} />
      {options?.promotion && !staff ? (
        <p className="promo" data-testid="promotion">
          {options.promotionLink ? <a href={options.promotionLink}>{options.promotion}</a> : options.promotion}
        </p>
      ) : null}
      <nav className="tabs" aria-label="Sections">
        {sections.map(([path, label]) => <NavLink key={path} to={path} end>{label}</NavLink>)}
      </nav>
      <main>
        <AsOf enabled={roles.includes("AUDITOR")}>
        <Routes>
          <Route path="/" element={home} />
          <Route path="/invoices" element={delivery ? <Deliveries /> : <Invoices roles={roles} />} />
          <Route path="/queries" element={<Invoices key="queries" roles={roles} initialStatus="DISPUTED" title="Invoices in query" />} />
          <Route path="/cash" element={<Cash canAct={can(roles, "allocatePayment")} />} />
          <Route path="/erp" element={<ErpExceptions canAct={can(roles, "dismissErpException")} />} />
          <Route path="/reminders" element={<Reminders canAct={can(roles, "pauseReminders")} />} />
          <Route path="/events" element={<Events />} />
          <Route path="/customers" element={staff ? <Customers roles={roles} /> : nowhere} />
          <Route path="/holds" element={staff ? <Holds roles={roles} /> : nowhere} />
          <Route path="/customers/:id" element={<Customer roles={roles} />} />
          <Route path="/invoices/:id" element={<InvoicePage roles={roles} provider={options?.provider ?? ""} />} />
          <Route path="/account" element={viewer.company ? <Account companyId={viewer.company.id} roles={roles} /> : null} />
          <Route path="*" element={nowhere} />
        </Routes>
        </AsOf>
      </main>
      {options?.footer ? <footer>{options.footer}</footer> : null}
    </>
  );
}
