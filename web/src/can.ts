// Which sections a viewer sees: the API's own permission matrix (exported to
// matrix.json by graphql_api/portal/matrix.py), so a page never asks for a field
// the viewer may not read.
import matrix from "./matrix.json";

type Matrix = { fields: Record<string, string[]>; mutations: Record<string, string[]> };
const M = matrix as Matrix;

export function can(roles: readonly string[], ...fields: string[]): boolean {
  return fields.every((f) => {
    const allowed = M.fields[f] ?? M.mutations[f];
    if (!allowed) throw new Error(`not in the permission matrix: ${f}`);
    return roles.some((r) => allowed.includes(r));
  });
}

export const isStaff = (roles: readonly string[]): boolean =>
  !roles.includes("BUYER");
