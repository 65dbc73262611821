import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { SignIn } from "./SignIn";

const options = {
  seller: "Seller Supplies", primary: "#000", accent: "#fff", footer: "", logo: "",
  promotion: "", promotionLink: "", provider: "", demoUsers: ["alice@acme.example", "ar@seller.example"],
};

afterEach(cleanup);

describe("the sign-in page", () => {
  it("shows no demo sign-in when the server lists no demo users", () => {
    render(<SignIn options={{ ...options, demoUsers: [] }} />);
    expect(screen.getByLabelText("Your e-mail address")).toBeTruthy();
    expect(screen.queryByText("Demo")).toBeNull();
  });
  it("offers every demo user when the server lists them", () => {
    render(<SignIn options={options} />);
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(options.demoUsers);
  });
});
