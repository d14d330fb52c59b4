CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`role` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`product_ids` text DEFAULT '[]' NOT NULL,
	`label` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_org_idx` ON `api_keys` (`organization_id`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`sbom_id` text,
	`declaration_id` text NOT NULL,
	`sbom_sha256` text,
	`declaration_sha256` text NOT NULL,
	`rule_set_version` text NOT NULL,
	`frameworks` text NOT NULL,
	`as_of` text NOT NULL,
	`fail_on` text NOT NULL,
	`verdict` text NOT NULL,
	`highest_gap_severity` text,
	`product_class` text,
	`reports` text NOT NULL,
	`reports_sha256` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sbom_id`) REFERENCES `sboms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`declaration_id`) REFERENCES `declarations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessments_product_idx` ON `assessments` (`product_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `assessments_org_idx` ON `assessments` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `audit_head` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`organization_id` text,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_hash_unique` ON `audit_log` (`hash`);--> statement-breakpoint
CREATE TABLE `declarations` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`version` integer NOT NULL,
	`sha256` text NOT NULL,
	`media_type` text NOT NULL,
	`content` text NOT NULL,
	`product_version` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `declarations_product_version` ON `declarations` (`product_id`,`version`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_slug_unique` ON `organizations` (`slug`);--> statement-breakpoint
CREATE TABLE `product_versions` (
	`product_id` text NOT NULL,
	`version` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_versions_pk` ON `product_versions` (`product_id`,`version`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`product_class` text,
	`description` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `products_org_idx` ON `products` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sbom_blobs` (
	`sha256` text PRIMARY KEY NOT NULL,
	`media_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`content` blob NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sbom_components` (
	`sbom_id` text NOT NULL,
	`ordinal` integer NOT NULL,
	`bom_ref` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`version` text,
	`group_name` text,
	`purl` text,
	`licenses` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`sbom_id`) REFERENCES `sboms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sbom_components_pk` ON `sbom_components` (`sbom_id`,`ordinal`);--> statement-breakpoint
CREATE INDEX `sbom_components_purl_idx` ON `sbom_components` (`purl`);--> statement-breakpoint
CREATE TABLE `sboms` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`sha256` text NOT NULL,
	`format` text NOT NULL,
	`spec_version` text NOT NULL,
	`component_count` integer NOT NULL,
	`product_version` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sha256`) REFERENCES `sbom_blobs`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sboms_product_idx` ON `sboms` (`product_id`,`created_at`);