CREATE TABLE "advisory_packages" (
	"record_key" text NOT NULL,
	"package_key" text NOT NULL,
	CONSTRAINT "advisory_packages_record_key_package_key_pk" PRIMARY KEY("record_key","package_key")
);
--> statement-breakpoint
CREATE TABLE "advisory_records" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"record_id" text NOT NULL,
	"origin" text NOT NULL,
	"content_hash" text NOT NULL,
	"body" text NOT NULL,
	"imported_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "art14_events" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"aware_at" text NOT NULL,
	"body" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "advisory_packages" ADD CONSTRAINT "advisory_packages_record_key_advisory_records_key_fk" FOREIGN KEY ("record_key") REFERENCES "public"."advisory_records"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "art14_events" ADD CONSTRAINT "art14_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advisory_packages_key_idx" ON "advisory_packages" USING btree ("package_key");--> statement-breakpoint
CREATE INDEX "advisory_records_kind_idx" ON "advisory_records" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "art14_events_org_idx" ON "art14_events" USING btree ("organization_id","aware_at");