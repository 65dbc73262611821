import type { CodegenConfig } from "@graphql-codegen/cli";

// Operation types come from the committed SDL, never written by hand.
const config: CodegenConfig = {
  schema: "../graphql_api/schema.graphql",
  documents: ["src/**/*.tsx", "!src/gql/**"],
  generates: {
    "src/gql/": {
      preset: "client",
      config: {
        scalars: { Decimal: "string", Date: "string", DateTime: "string", JSON: "unknown" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};
export default config;
