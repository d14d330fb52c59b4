CREATE TABLE `advisory_packages` (
	`record_key` text NOT NULL,
	`package_key` text NOT NULL,
	PRIMARY KEY(`record_key`, `package_key`),
	FOREIGN KEY (`record_key`) REFERENCES `advisory_records`(`key`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `advisory_packages_key_idx` ON `advisory_packages` (`package_key`);--> statement-breakpoint
CREATE TABLE `advisory_records` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`record_id` text NOT NULL,
	`origin` text NOT NULL,
	`content_hash` text NOT NULL,
	`body` text NOT NULL,
	`imported_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `advisory_records_kind_idx` ON `advisory_records` (`kind`);--> statement-breakpoint
CREATE TABLE `art14_events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`aware_at` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `art14_events_org_idx` ON `art14_events` (`organization_id`,`aware_at`);