/**
 * The three reports of Art. 14(2) and 14(4), in the order they are due: early warning, notification, final report.
 * A module of its own so that the CLI can list them in its help without loading the reporting clock.
 */
export const REPORT_STAGES = ["early-warning", "notification", "final-report"] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];
