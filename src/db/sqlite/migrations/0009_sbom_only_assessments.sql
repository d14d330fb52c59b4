PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`sbom_id` text,
	`declaration_id` text,
	`sbom_sha256` text,
	`declaration_sha256` text,
	`rule_set_version` text NOT NULL,
	`frameworks` text NOT NULL,
	`as_of` text NOT NULL,
	`fail_on` text NOT NULL,
	`verdict` text NOT NULL,
	`highest_gap_severity` text,
	`product_class` text,
	`reports_sha256` text NOT NULL,
	`created_at` text NOT NULL,
	`report_counts` text DEFAULT '[]' NOT NULL,
	`cra_gaps` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sbom_id`) REFERENCES `sboms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`declaration_id`) REFERENCES `declarations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_assessments`("id", "product_id", "organization_id", "sbom_id", "declaration_id", "sbom_sha256", "declaration_sha256", "rule_set_version", "frameworks", "as_of", "fail_on", "verdict", "highest_gap_severity", "product_class", "reports_sha256", "created_at", "report_counts", "cra_gaps") SELECT "id", "product_id", "organization_id", "sbom_id", "declaration_id", "sbom_sha256", "declaration_sha256", "rule_set_version", "frameworks", "as_of", "fail_on", "verdict", "highest_gap_severity", "product_class", "reports_sha256", "created_at", "report_counts", "cra_gaps" FROM `assessments`;--> statement-breakpoint
DROP TABLE `assessments`;--> statement-breakpoint
ALTER TABLE `__new_assessments` RENAME TO `assessments`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `assessments_product_idx` ON `assessments` (`product_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `assessments_org_idx` ON `assessments` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `assessments_created_idx` ON `assessments` (`created_at`);--> statement-breakpoint
CREATE INDEX `assessments_verdict_idx` ON `assessments` (`verdict`,`created_at`);--> statement-breakpoint
CREATE INDEX `assessments_org_product_idx` ON `assessments` (`organization_id`,`product_id`,`created_at`);