CREATE TABLE "product_vex" (
	"product_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"product_version" text NOT NULL,
	"vulnerability" text NOT NULL,
	"component" text NOT NULL,
	"state" text NOT NULL,
	"justification" text,
	"responses" text NOT NULL,
	"detail" text,
	"author" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "product_vex_product_id_product_version_vulnerability_component_pk" PRIMARY KEY("product_id","product_version","vulnerability","component")
);
--> statement-breakpoint
ALTER TABLE "product_vex" ADD CONSTRAINT "product_vex_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_vex" ADD CONSTRAINT "product_vex_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_vex_org_idx" ON "product_vex" USING btree ("organization_id");