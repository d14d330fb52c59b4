ALTER TABLE "sboms" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "sboms_idempotency_idx" ON "sboms" USING btree ("product_id","idempotency_key");