/** The output formats of a framework comparison, apart from the renderers so the CLI help can list them cheaply. */
export const COMPARISON_FORMATS = ["md", "json", "csv", "html", "oscal"] as const;
export type ComparisonFormat = (typeof COMPARISON_FORMATS)[number];
