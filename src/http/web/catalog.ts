/** What the pages show from the shipped catalogs: product classes with their routes, assessable frameworks. */
import { seedRecognitionData } from "../../crosswalk/seeds.js";
import type { ConformityRoutes } from "../../domain/requirement.js";
import { availableFrameworks } from "../../services/assess.js";

export interface ProductClass {
  id: string;
  title: string;
  citation: string;
  routes?: ConformityRoutes;
}

let classes: ProductClass[] | undefined;

/** CRA product classes (Art. 7, Annexes III and IV) in catalog order. */
export function productClasses(): ProductClass[] {
  classes ??= (seedRecognitionData().catalogs.get("cra")?.requirements ?? [])
    .filter((r) => r.group === "product-class")
    .map((r) => ({
      id: r.id,
      title: r.title,
      citation: r.citation.text,
      ...(r.conformityRoutes ? { routes: r.conformityRoutes } : {}),
    }));
  return classes;
}

let assessable: Promise<{ id: string; name: string }[]> | undefined;

/** Frameworks with a rule set, CRA first. */
export function assessableFrameworks(): Promise<{ id: string; name: string }[]> {
  assessable ??= availableFrameworks().then((ids) => {
    const catalogs = seedRecognitionData().catalogs;
    return ids
      .map((id) => ({ id, name: catalogs.get(id)?.name ?? id }))
      .sort((a, b) => (a.id === "cra" ? -1 : b.id === "cra" ? 1 : a.name.localeCompare(b.name)));
  });
  return assessable;
}

export function frameworkName(id: string): string {
  return seedRecognitionData().catalogs.get(id)?.name ?? id;
}
