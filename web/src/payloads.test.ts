// Every mutation the app sends selects its typed payload (the changed objects, which
// the normalised cache takes in), never the deprecated `ok`/`result` of old clients.
import { describe, expect, it } from "vitest";
import type { DocumentNode, FieldNode, OperationDefinitionNode } from "graphql";
import * as operations from "./gql/graphql";

const documents = Object.values(operations).filter(
  (v): v is DocumentNode => typeof v === "object" && v !== null && (v as DocumentNode).kind === "Document",
);
const mutations = documents.flatMap((d) => d.definitions).filter(
  (d): d is OperationDefinitionNode => d.kind === "OperationDefinition" && d.operation === "mutation",
);

describe("mutation payloads", () => {
  it("the app has its mutations", () => {
    expect(mutations.length).toBeGreaterThanOrEqual(9);
  });
  it.each(mutations.map((m) => [m.name?.value ?? "?", m] as const))("%s selects typed fields only", (_, m) => {
    for (const root of m.selectionSet.selections as FieldNode[]) {
      const picked = (root.selectionSet?.selections ?? []).map((s) => (s as FieldNode).name.value);
      expect(picked.length).toBeGreaterThan(0);
      expect(picked).not.toContain("ok");
      expect(picked).not.toContain("result");
    }
  });
});
