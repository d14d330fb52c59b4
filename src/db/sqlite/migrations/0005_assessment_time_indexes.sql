CREATE INDEX `assessments_created_idx` ON `assessments` (`created_at`);--> statement-breakpoint
CREATE INDEX `assessments_verdict_idx` ON `assessments` (`verdict`,`created_at`);