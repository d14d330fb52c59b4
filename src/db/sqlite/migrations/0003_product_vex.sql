CREATE TABLE `product_vex` (
	`product_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`product_version` text NOT NULL,
	`vulnerability` text NOT NULL,
	`component` text NOT NULL,
	`state` text NOT NULL,
	`justification` text,
	`responses` text NOT NULL,
	`detail` text,
	`author` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`product_id`, `product_version`, `vulnerability`, `component`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_vex_org_idx` ON `product_vex` (`organization_id`);