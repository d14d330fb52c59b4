CREATE TABLE `crosswalk_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`crosswalk_id` text NOT NULL,
	`source` text NOT NULL,
	`target` text NOT NULL,
	`reviewer` text NOT NULL,
	`organisation` text NOT NULL,
	`date` text NOT NULL,
	`verdict` text NOT NULL,
	`relationship` text,
	`comment` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `crosswalk_reviews_crosswalk_idx` ON `crosswalk_reviews` (`crosswalk_id`,`date`);--> statement-breakpoint
CREATE TABLE `draft_arrangements` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`arrangement_id` text NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`media_type` text NOT NULL,
	`content` text NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `draft_arrangements_version_idx` ON `draft_arrangements` (`organization_id`,`arrangement_id`,`version`);