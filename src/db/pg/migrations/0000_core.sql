CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"role" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"product_ids" text DEFAULT '[]' NOT NULL,
	"label" text,
	"created_at" text NOT NULL,
	"revoked_at" text,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"sbom_id" text,
	"declaration_id" text NOT NULL,
	"sbom_sha256" text,
	"declaration_sha256" text NOT NULL,
	"rule_set_version" text NOT NULL,
	"frameworks" text NOT NULL,
	"as_of" text NOT NULL,
	"fail_on" text NOT NULL,
	"verdict" text NOT NULL,
	"highest_gap_severity" text,
	"product_class" text,
	"reports" text NOT NULL,
	"reports_sha256" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"organization_id" text,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"details" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "declarations" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"content" text NOT NULL,
	"product_version" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "product_versions" (
	"product_id" text NOT NULL,
	"version" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"product_class" text,
	"description" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sbom_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sbom_components" (
	"sbom_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"bom_ref" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"version" text,
	"group_name" text,
	"purl" text,
	"licenses" text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sboms" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"sha256" text NOT NULL,
	"format" text NOT NULL,
	"spec_version" text NOT NULL,
	"component_count" integer NOT NULL,
	"product_version" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_sbom_id_sboms_id_fk" FOREIGN KEY ("sbom_id") REFERENCES "public"."sboms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_declaration_id_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_versions" ADD CONSTRAINT "product_versions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_components" ADD CONSTRAINT "sbom_components_sbom_id_sboms_id_fk" FOREIGN KEY ("sbom_id") REFERENCES "public"."sboms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sboms" ADD CONSTRAINT "sboms_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sboms" ADD CONSTRAINT "sboms_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sboms" ADD CONSTRAINT "sboms_sha256_sbom_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."sbom_blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_org_idx" ON "api_keys" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "assessments_product_idx" ON "assessments" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE INDEX "assessments_org_idx" ON "assessments" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "declarations_product_version" ON "declarations" USING btree ("product_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "product_versions_pk" ON "product_versions" USING btree ("product_id","version");--> statement-breakpoint
CREATE INDEX "products_org_idx" ON "products" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sbom_components_pk" ON "sbom_components" USING btree ("sbom_id","ordinal");--> statement-breakpoint
CREATE INDEX "sbom_components_purl_idx" ON "sbom_components" USING btree ("purl");--> statement-breakpoint
CREATE INDEX "sboms_product_idx" ON "sboms" USING btree ("product_id","created_at");