ALTER TABLE `sboms` ADD `idempotency_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sboms_idempotency_idx` ON `sboms` (`product_id`,`idempotency_key`);