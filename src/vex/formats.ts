/** The VEX document formats the export writes, apart from the writers so the CLI help can list them cheaply. */
export const VEX_FORMATS = ["csaf", "cyclonedx", "openvex"] as const;
export type VexFormat = (typeof VEX_FORMATS)[number];
